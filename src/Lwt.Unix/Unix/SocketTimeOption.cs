namespace Lwt.Unix;

/// <summary>
/// Socket options whose value is a duration (Lwt's <c>Lwt_unix.socket_float_option</c>, in seconds
/// there), for <see cref="FileDescriptor.SetSocketOption(SocketTimeOption, System.TimeSpan)"/>.
/// As Lwt notes, they only affect blocking calls, which the loop never makes on its sockets: use
/// <see cref="Time.Timeout"/> or <see cref="Time.WithTimeout{T}"/> for timeouts.
/// </summary>
public enum SocketTimeOption
{
    /// <summary><c>SO_RCVTIMEO</c>: how long a blocking receive waits; zero is forever.</summary>
    ReceiveTimeout,

    /// <summary><c>SO_SNDTIMEO</c>: how long a blocking send waits; zero is forever.</summary>
    SendTimeout,
}
