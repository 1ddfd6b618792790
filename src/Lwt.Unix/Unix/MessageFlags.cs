using System;

namespace Lwt.Unix;

/// <summary>
/// Flags of <see cref="FileDescriptor.RecvAsync"/>, <see cref="FileDescriptor.SendAsync"/> and
/// their <c>From</c>/<c>To</c> forms (Lwt's <c>Lwt_unix.msg_flag</c> list): the kernel's MSG_ values.
/// </summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name says what they are: send(2)/recv(2) MSG_ flags.")]
public enum MessageFlags
{
    /// <summary>No flag (Lwt's empty list).</summary>
    None = 0,

    /// <summary><c>MSG_OOB</c>: send or receive out-of-band data.</summary>
    OutOfBand = 0x1,

    /// <summary><c>MSG_PEEK</c>: receive without taking the data from the queue.</summary>
    Peek = 0x2,

    /// <summary><c>MSG_DONTROUTE</c>: send to a host on a directly connected network only.</summary>
    DontRoute = 0x4,
}
