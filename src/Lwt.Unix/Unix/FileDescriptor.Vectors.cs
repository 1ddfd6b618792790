// FileDescriptor.Vectors.cs: readv and writev over IOVectors (Lwt_unix.readv/writev). Lwt's rule:
// a non-blocking descriptor makes the call at once and waits for readiness only on EAGAIN; a
// blocking one (a regular file) runs the call as a job on a worker thread, with the slices pinned
// until the job's promise settles. Only the first IOV_MAX slices take part in one call, as in Lwt.

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Reads into the slices of <paramref name="vectors"/>, in order (Lwt's <c>Lwt_unix.readv</c>):
    /// fulfilled with the number of bytes read, 0 at end of file. The sequence itself is not changed;
    /// <see cref="IOVectors.Drop"/> what was read to go on.
    /// </summary>
    /// <param name="vectors">Writable slices (at most <see cref="IOVectors.SystemLimit"/> are used); keep them untouched until the promise resolves.</param>
    /// <returns>The number of bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> is null.</exception>
    /// <exception cref="ArgumentException">A slice the call would use is read-only.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>readv</c>) when the descriptor is closed. The promise is
    /// rejected with a <see cref="UnixException"/> when <c>readv(2)</c> fails, and with EBADF when the
    /// descriptor is closed while the read waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>
    /// Canceling a waiting read rejects it with <see cref="CanceledException"/> and consumes no data;
    /// a read running on a worker thread (blocking descriptor) cannot be canceled.
    /// </remarks>
    public Promise<int> ReadvAsync(IOVectors vectors) => VectorIo(vectors, write: false);

    /// <summary>
    /// Writes the slices of <paramref name="vectors"/>, in order, in one call (Lwt's <c>Lwt_unix.writev</c>):
    /// fulfilled with the number of bytes written, which may be fewer than <see cref="IOVectors.ByteCount"/>;
    /// <see cref="IOVectors.Drop"/> them and write again. An empty sequence writes 0 bytes.
    /// </summary>
    /// <param name="vectors">The slices (at most <see cref="IOVectors.SystemLimit"/> are used); keep them untouched until the promise resolves.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> is null.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>writev</c>) when the descriptor is closed. The promise is
    /// rejected with a <see cref="UnixException"/> when <c>writev(2)</c> fails (EPIPE when the reader is
    /// gone), and with EBADF when the descriptor is closed while the write waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting write rejects it with <see cref="CanceledException"/>; nothing was written.</remarks>
    public Promise<int> WritevAsync(IOVectors vectors) => VectorIo(vectors, write: true);

    /// <summary>One readv/writev with EINTR retried: the count, or minus the errno.</summary>
    internal static unsafe nint TryVector(int fd, IOVectors vectors, bool write)
    {
        int count = vectors.CallCount;
        Span<Iovec> iov = count <= 16 ? stackalloc Iovec[16] : new Iovec[count];
        iov = iov[..count];
        vectors.Pin(iov);
        try
        {
            fixed (Iovec* p = iov)
            {
                while (true)
                {
                    nint n = write ? Libc.writev(fd, p, count) : Libc.readv(fd, p, count);
                    if (n >= 0)
                    {
                        return n;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != Libc.EINTR)
                    {
                        return -errno;
                    }
                }
            }
        }
        finally
        {
            vectors.Unpin(count);
        }
    }

    private Promise<int> VectorIo(IOVectors vectors, bool write)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        string call = write ? "writev" : "readv";
        CheckDescriptor(call);
        if (!write)
        {
            vectors.CheckWritable(call, nameof(vectors));
        }

        if (IsBlockingCore())
        {
            return VectorJob(vectors, write, call);
        }

        nint n = TryVector(_fd, vectors, write);
        if (n >= 0)
        {
            return Promise.Return((int)n);
        }

        if (n == -Libc.EAGAIN)
        {
            return Enqueue(new VectorWait(this, vectors, write, call), writable: write);
        }

        return Promise.Fail<int>(new UnixException((int)-n, call, FdText));
    }

    private Promise<int> VectorJob(IOVectors vectors, bool write, string call)
    {
        PinnedVectors pinned = vectors.PinForJob();
        DescriptorHandle handle = _handle;
        return LwtUnix.Job(() => handle.Use(fd => BlockingVector(fd, pinned.Iov, write, call), call), pinned.Release);
    }

    private static unsafe int BlockingVector(int fd, Iovec[] iov, bool write, string call)
    {
        fixed (Iovec* p = iov)
        {
            while (true)
            {
                nint n = write ? Libc.writev(fd, p, iov.Length) : Libc.readv(fd, p, iov.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    throw new UnixException(errno, call, fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }

    /// <summary>
    /// A readv or writev waiting for readiness. The slices are read again at each attempt, as Lwt
    /// does, so a read checks again that the caller did not append a read-only one meanwhile.
    /// </summary>
    private sealed class VectorWait(FileDescriptor owner, IOVectors vectors, bool write, string call) : IoWait<int>(owner, call)
    {
        public override bool Attempt()
        {
            if (!write && vectors.ReadOnlySlice() is int slice)
            {
                return Failed(IOVectors.ReadOnlyError(Call, slice, nameof(vectors)));
            }

            nint n = TryVector(Owner.Fd, vectors, write);
            if (n >= 0)
            {
                return Done((int)n);
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }
}
