// OpenFlags.cs: Lwt_unix's open_flag list as a [Flags] enum. The values are Linux's own O_*
// bits (the same on x86-64 and arm64), except KeepExec, which has no bit of its own in C.

using System;

namespace Lwt.Unix;

/// <summary>
/// How <see cref="LwtUnix.OpenFile"/> opens a file (Lwt's <c>Lwt_unix.open_flag</c>). Combine one
/// of <see cref="ReadOnly"/>, <see cref="WriteOnly"/>, <see cref="ReadWrite"/> with the others.
/// Files are opened close-on-exec unless <see cref="KeepExec"/> is given.
/// </summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name says what they are: open(2) flags.")]
public enum OpenFlags
{
    /// <summary>Open for reading (<c>O_RDONLY</c>, the zero value).</summary>
    ReadOnly = 0,

    /// <summary>Open for writing (<c>O_WRONLY</c>).</summary>
    WriteOnly = 0x1,

    /// <summary>Open for reading and writing (<c>O_RDWR</c>).</summary>
    ReadWrite = 0x2,

    /// <summary>Create the file if it does not exist (<c>O_CREAT</c>), with the permissions given to <see cref="LwtUnix.OpenFile"/>.</summary>
    Create = 0x40,

    /// <summary>With <see cref="Create"/>: fail with EEXIST if the file exists (<c>O_EXCL</c>).</summary>
    Exclusive = 0x80,

    /// <summary>Do not make a terminal the controlling terminal (<c>O_NOCTTY</c>).</summary>
    NoCtty = 0x100,

    /// <summary>Truncate the file to length 0 (<c>O_TRUNC</c>).</summary>
    Truncate = 0x200,

    /// <summary>Every write goes to the end of the file (<c>O_APPEND</c>).</summary>
    Append = 0x400,

    /// <summary>
    /// Open in non-blocking mode (<c>O_NONBLOCK</c>). As in Lwt, a regular file is still used in
    /// blocking mode (on a worker thread), and the flag is cleared on first I/O.
    /// </summary>
    NonBlocking = 0x800,

    /// <summary>Writes return once the data is on disk (<c>O_DSYNC</c>).</summary>
    DataSync = 0x1000,

    /// <summary>Writes return once data and metadata are on disk (<c>O_SYNC</c>; Lwt's <c>O_RSYNC</c> is the same on Linux).</summary>
    Sync = 0x101000,

    /// <summary>Close the descriptor in programs this process executes (<c>O_CLOEXEC</c>); the default.</summary>
    CloseOnExec = 0x80000,

    /// <summary>Keep the descriptor open in programs this process executes (Lwt's <c>O_KEEPEXEC</c>); <see cref="CloseOnExec"/> wins if both are given.</summary>
    KeepExec = 0x4000_0000,
}
