namespace Lwt.Io;

/// <summary>
/// The byte order of a binary number read from or written to a channel (Lwt's <c>Lwt_io.LE</c>
/// and <c>Lwt_io.BE</c> modules). <see cref="Channel.SystemByteOrder"/> is the host's order.
/// </summary>
public enum ByteOrder
{
    /// <summary>Least significant byte first (Lwt's <c>Lwt_io.LE</c>).</summary>
    LittleEndian = 0,

    /// <summary>Most significant byte first, network order (Lwt's <c>Lwt_io.BE</c>).</summary>
    BigEndian = 1,
}
