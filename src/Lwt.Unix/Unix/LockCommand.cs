namespace Lwt.Unix;

/// <summary>What <see cref="FileDescriptor.LockfAsync"/> does (Lwt's <c>Lwt_unix.lock_command</c>).</summary>
public enum LockCommand
{
    /// <summary>Unlock the region (<c>F_ULOCK</c>).</summary>
    Unlock,

    /// <summary>Lock the region for writing, waiting while another process holds a lock on it (<c>F_LOCK</c>).</summary>
    Lock,

    /// <summary>Lock the region for writing, failing with EACCES or EAGAIN if another process holds a lock on it (<c>F_TLOCK</c>).</summary>
    TryLock,

    /// <summary>Check that no other process holds a lock on the region; fails with EACCES if one does (<c>F_TEST</c>).</summary>
    Test,

    /// <summary>Lock the region for reading, waiting while another process holds a write lock on it (<c>F_RLOCK</c>).</summary>
    ReadLock,

    /// <summary>Lock the region for reading, failing if another process holds a write lock on it (<c>F_TRLOCK</c>).</summary>
    TryReadLock,
}
