namespace Lwt.Unix;

/// <summary>
/// Socket options whose value is an integer or nothing (Lwt's <c>Lwt_unix.socket_optint_option</c>),
/// for <see cref="FileDescriptor.SetSocketOption(SocketOptionalIntOption, int?)"/>.
/// </summary>
public enum SocketOptionalIntOption
{
    /// <summary>
    /// <c>SO_LINGER</c>: with a value, <c>close</c> of a connected socket waits up to that many seconds
    /// for unsent data; null (the default) lets <c>close</c> return at once.
    /// </summary>
    Linger,
}
