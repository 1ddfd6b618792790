// DescriptorHandle.cs: the SafeHandle under a FileDescriptor. It makes sure a leaked descriptor
// is closed by the finalizer, and its reference count keeps a descriptor open while a worker
// thread runs a blocking call on it, so that Close on the loop cannot hand the number to a new
// file under that call. Calls made on the loop thread skip the count: Close runs on that same
// thread, so it cannot happen in the middle of them.

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>Owns one descriptor number; closing it calls <c>close(2)</c> once no worker uses it.</summary>
internal sealed class DescriptorHandle : SafeHandle
{
    internal DescriptorHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The errno of <c>close(2)</c> when it ran and failed, else 0.</summary>
    internal int CloseErrno { get; private set; }

    /// <summary>
    /// Runs a blocking call on a worker thread with the descriptor kept open meanwhile.
    /// </summary>
    /// <exception cref="UnixException">EBADF when the descriptor was closed before the call started.</exception>
    internal T Use<T>(Func<int, T> call, string name)
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new UnixException(Libc.EBADF, name, "");
        }

        try
        {
            return call((int)handle);
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        // Linux releases the number even when close fails (EINTR included): never retry.
        if (Libc.close((int)handle) != 0)
        {
            CloseErrno = Marshal.GetLastPInvokeError();
        }

        return true;
    }
}
