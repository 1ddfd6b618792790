namespace Lwt.Unix;

/// <summary>The state of a <see cref="FileDescriptor"/> (Lwt's <c>Lwt_unix.state</c>).</summary>
public enum FileDescriptorState
{
    /// <summary>Usable (Lwt's <c>Opened</c>).</summary>
    Opened,

    /// <summary>Closed with <see cref="FileDescriptor.Close"/>; every operation but reading <see cref="FileDescriptor.Fd"/> fails with EBADF (Lwt's <c>Closed</c>).</summary>
    Closed,

    /// <summary>
    /// Aborted with <see cref="FileDescriptor.Abort"/>: every operation but <see cref="FileDescriptor.Close"/>
    /// fails with the abort exception (Lwt's <c>Aborted of exn</c>).
    /// </summary>
    Aborted,
}
