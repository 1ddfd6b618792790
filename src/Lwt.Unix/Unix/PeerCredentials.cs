namespace Lwt.Unix;

/// <summary>
/// The process at the other end of a Unix-domain socket, as the kernel saw it when the connection
/// was made (Lwt's <c>Lwt_unix.credentials</c>), from <see cref="FileDescriptor.GetCredentials"/>.
/// </summary>
/// <param name="Pid">Its process id (Lwt's <c>cred_pid</c>).</param>
/// <param name="Uid">Its effective user id (<c>cred_uid</c>).</param>
/// <param name="Gid">Its effective group id (<c>cred_gid</c>).</param>
public readonly record struct PeerCredentials(int Pid, int Uid, int Gid);
