// DirectoryHandle.cs: an open directory listing (Lwt's Unix.dir_handle), a C DIR* read on worker
// threads. A SafeHandle owns the DIR*, so a leaked listing is closed by the finalizer (Lwt uses
// Gc.finalise for the same reason in files_of_directory), and its reference count keeps the DIR*
// alive while a worker reads it: closing on the loop never frees it under a running readdir.
// readdir(3) on one DIR* is not safe from two threads at once, and a user may start a second
// read before the first ends, so the workers take the handle's lock around each call.

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// An open directory, from <see cref="LwtUnix.Opendir"/>, read with <see cref="LwtUnix.Readdir"/> and
/// <see cref="LwtUnix.ReaddirN"/> (Lwt's <c>Unix.dir_handle</c>). Close it with
/// <see cref="LwtUnix.Closedir"/> or <see cref="Dispose"/>; a leaked one is closed by the finalizer.
/// </summary>
public sealed class DirectoryHandle : IDisposable
{
    private readonly DirSafeHandle _dir;
    private readonly object _gate = new();

    internal DirectoryHandle(nint dir, string path)
    {
        _dir = new DirSafeHandle(dir);
        Path = path;
    }

    /// <summary>The path it was opened with.</summary>
    public string Path { get; }

    /// <summary>Whether <see cref="LwtUnix.Closedir"/> or <see cref="Dispose"/> was called.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Closes the directory unless it is closed already; never throws.</summary>
    public void Dispose()
    {
        IsClosed = true;
        _dir.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"DirectoryHandle({Path}{(IsClosed ? ", closed" : "")})";

    /// <summary>Marks the handle closed and releases the DIR* (at once, or when a running read ends). Returns closedir's errno, or 0.</summary>
    internal int Close()
    {
        IsClosed = true;
        _dir.Dispose();
        return _dir.CloseErrno;
    }

    /// <summary>On a worker: runs <paramref name="call"/> on the DIR*, kept open and used by one thread at a time.</summary>
    /// <exception cref="UnixException">EBADF, naming <paramref name="name"/>, when the handle was closed before the call started.</exception>
    internal T Use<T>(Func<nint, T> call, string name)
    {
        bool added = false;
        try
        {
            _dir.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new UnixException(Libc.EBADF, name, "");
        }

        try
        {
            lock (_gate)
            {
                return call(_dir.DangerousGetHandle());
            }
        }
        finally
        {
            if (added)
            {
                _dir.DangerousRelease();
            }
        }
    }

    /// <summary>Owns the DIR*; releasing it calls <c>closedir(3)</c>.</summary>
    private sealed class DirSafeHandle : SafeHandle
    {
        internal DirSafeHandle(nint dir)
            : base(IntPtr.Zero, ownsHandle: true) => SetHandle(dir);

        public override bool IsInvalid => handle == IntPtr.Zero;

        internal int CloseErrno { get; private set; }

        protected override bool ReleaseHandle()
        {
            if (Libc.closedir(handle) != 0)
            {
                CloseErrno = Marshal.GetLastPInvokeError();
            }

            return true;
        }
    }
}
