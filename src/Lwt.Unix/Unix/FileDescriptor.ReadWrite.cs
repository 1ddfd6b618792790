// FileDescriptor.ReadWrite.cs: read, write, wait_read, wait_write (Lwt_unix's wrap_syscall
// pattern). On a non-blocking descriptor the call is made at once; only EAGAIN makes it wait, in
// one IoWait object, and EINTR is retried on the spot, so the user never sees either. A call
// that completes at once allocates nothing beyond its result promise (none for results -1..8,
// which Promise.Return caches). On a blocking descriptor the call runs on a worker thread unless it
// cannot block (see TryNoWait).

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes (Lwt's <c>Lwt_unix.read</c>): fulfilled with the number
    /// read, 0 at end of file. On a non-blocking descriptor the read is tried at once and waits for
    /// readiness only if no data is there; on a blocking one (a regular file, or a pipe or terminal
    /// left blocking) it is done at once when the bytes are in the page cache, and otherwise, once
    /// the descriptor is readable (Lwt's <c>wait_read</c>), on a worker thread.
    /// </summary>
    /// <param name="buffer">Where the bytes go; keep it untouched until the promise resolves.</param>
    /// <returns>The number of bytes read.</returns>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>read</c>) when the descriptor is closed. The promise is
    /// rejected with a <see cref="UnixException"/> when <c>read(2)</c> fails, and with EBADF when the
    /// descriptor is closed while the read waits.
    /// </exception>
    /// <exception cref="Exception">Thrown at once (or rejecting a waiting read) with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>
    /// Canceling a waiting read (also one on a blocking descriptor that waits to be readable)
    /// rejects it with <see cref="CanceledException"/> and consumes no data. A read running on a
    /// worker thread cannot be canceled.
    /// </remarks>
    public Promise<int> ReadAsync(Memory<byte> buffer)
    {
        CheckDescriptor("read");
        if (IsBlockingCore())
        {
            return TryNoWait(buffer, write: false, out int count) ? Promise.Return(count) : ReadBlocking(buffer);
        }

        nint n = Read(_fd, buffer.Span, out int errno);
        return n >= 0 ? Promise.Return((int)n)
            : errno == Libc.EAGAIN ? Enqueue(new ReadWait(this, buffer), writable: false)
            : Promise.Fail<int>(new UnixException(errno, "read", FdText));
    }

    /// <summary>
    /// <see cref="ReadAsync"/> as buffered input channels call it. A read that got fewer bytes than
    /// it asked for emptied the kernel's buffer, so on a non-blocking descriptor the next one waits
    /// for readiness before it reads, instead of trying first: trying would almost always fail with
    /// EAGAIN (a request-response connection, where the next bytes come only after our answer) and
    /// cost a system call per message. The C epoll server of the benchmarks does the same. The
    /// engine's watch is level-triggered, so bytes that came meanwhile are reported at once by the
    /// next poll; nothing waits longer than one loop iteration for them.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The number of bytes read.</returns>
    internal Promise<int> ChannelRead(Memory<byte> buffer)
    {
        CheckDescriptor("read");
        if (IsBlockingCore())
        {
            return ReadAsync(buffer);
        }

        if (_channelReadDrained)
        {
            _channelReadDrained = false;
            return Enqueue(new ReadWait(this, buffer, channel: true), writable: false);
        }

        nint n = ReadOrReceive(_fd, _isSocket, buffer, out int errno);
        if (n >= 0)
        {
            NoteChannelRead(n, buffer.Length);
            return Promise.Return((int)n);
        }

        return errno == Libc.EAGAIN ? Enqueue(new ReadWait(this, buffer, channel: true), writable: false)
            : Promise.Fail<int>(new UnixException(errno, "read", FdText));
    }

    /// <summary>A channel's read of <paramref name="count"/> bytes out of <paramref name="asked"/>: short but not end of input means the kernel's buffer is drained.</summary>
    private void NoteChannelRead(nint count, int asked) => _channelReadDrained = count > 0 && count < asked;

    /// <summary>
    /// <see cref="WriteAsync"/> as buffered output channels call it: the same, but a socket is
    /// written with <c>send(2)</c>, which does what <c>write(2)</c> does on a socket without going
    /// through the file layer (as <see cref="ChannelRead(Memory{byte})"/> uses <c>recv(2)</c>).
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <returns>The number of bytes written.</returns>
    internal Promise<int> ChannelWrite(ReadOnlyMemory<byte> buffer)
    {
        CheckDescriptor("write");
        if (!_isSocket || IsBlockingCore())
        {
            return WriteAsync(buffer);
        }

        nint n = Send(_fd, buffer, out int errno);
        return n >= 0 ? Promise.Return((int)n)
            : errno == Libc.EAGAIN ? Enqueue(new WriteWait(this, buffer, socket: true), writable: true)
            : Promise.Fail<int>(new UnixException(errno, "write", FdText));
    }

    /// <summary>
    /// Writes up to <c>buffer.Length</c> bytes (Lwt's <c>Lwt_unix.write</c>): fulfilled with the
    /// number written, which may be fewer. On a non-blocking descriptor the write is tried at once and
    /// waits for readiness only if the descriptor is full; on a blocking one (a regular file) it is done at
    /// once when that cannot block, and otherwise, once the descriptor is writable (Lwt's
    /// <c>wait_write</c>), on a worker thread.
    /// </summary>
    /// <param name="buffer">The bytes; keep them untouched until the promise resolves.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>write</c>) when the descriptor is closed. The promise is
    /// rejected with a <see cref="UnixException"/> when <c>write(2)</c> fails (EPIPE when the reader
    /// is gone), and with EBADF when the descriptor is closed while the write waits.
    /// </exception>
    /// <exception cref="Exception">Thrown at once (or rejecting a waiting write) with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting write rejects it with <see cref="CanceledException"/>; nothing was written.</remarks>
    public Promise<int> WriteAsync(ReadOnlyMemory<byte> buffer)
    {
        CheckDescriptor("write");
        if (IsBlockingCore())
        {
            return TryNoWait(MemoryMarshal.AsMemory(buffer), write: true, out int count) ? Promise.Return(count) : WriteBlocking(buffer);
        }

        nint n = Write(_fd, buffer.Span, out int errno);
        return n >= 0 ? Promise.Return((int)n)
            : errno == Libc.EAGAIN ? Enqueue(new WriteWait(this, buffer), writable: true)
            : Promise.Fail<int>(new UnixException(errno, "write", FdText));
    }

    /// <summary>
    /// A promise fulfilled once the descriptor is readable (Lwt's <c>Lwt_unix.wait_read</c>):
    /// at once if it is readable now.
    /// </summary>
    /// <returns>The promise; canceling it stops the wait.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when the descriptor is closed; rejects with EBADF if it is closed meanwhile.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public Promise WaitReadAsync()
    {
        if (Readable())
        {
            return Promise.Unit;
        }

        return Enqueue(new ReadinessWait(this, "wait_read"), writable: false);
    }

    /// <summary>
    /// A promise fulfilled once the descriptor is writable (Lwt's <c>Lwt_unix.wait_write</c>):
    /// at once if it is writable now.
    /// </summary>
    /// <returns>The promise; canceling it stops the wait.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when the descriptor is closed; rejects with EBADF if it is closed meanwhile.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public Promise WaitWriteAsync()
    {
        if (Writable())
        {
            return Promise.Unit;
        }

        return Enqueue(new ReadinessWait(this, "wait_write"), writable: true);
    }

    /// <summary>
    /// A blocking descriptor (a regular file, most often) cannot wait for readiness, so Lwt reads
    /// and writes it on a worker thread. Most file I/O never blocks, though: the bytes are in the
    /// page cache. preadv2/pwritev2 with RWF_NOWAIT tell which case this is: they do the call at
    /// once on the loop thread when it cannot block, and fail with EAGAIN when it could, and then
    /// the call goes to a worker as in Lwt. A descriptor whose kernel or file system does not know
    /// the flag stops trying after the first refusal.
    /// </summary>
    /// <returns>True when the call was done here; false when it must go to a worker.</returns>
    private unsafe bool TryNoWait(Memory<byte> buffer, bool write, out int count)
    {
        count = 0;
        if (_noWaitRefused)
        {
            return false;
        }

        fixed (byte* p = buffer.Span)
        {
            nuint* iov = stackalloc nuint[2];
            iov[0] = (nuint)p;
            iov[1] = (nuint)buffer.Length;
            while (true)
            {
                // Offset -1: at the descriptor's own position, which the call advances, as read/write do.
                nint n = write
                    ? Libc.pwritev2(_fd, iov, 1, -1, Libc.RWF_NOWAIT)
                    : Libc.preadv2(_fd, iov, 1, -1, Libc.RWF_NOWAIT);
                // A NOWAIT read that gives 0 for a non-empty buffer may be wrong (Linux 5.9 and 5.10
                // report end of file there when the data is not cached): the plain read decides.
                if (n > 0 || (n == 0 && (write || buffer.IsEmpty)))
                {
                    count = (int)n;
                    return true;
                }

                if (n == 0)
                {
                    return false;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                // EAGAIN: it would block. Anything else (EOPNOTSUPP, EINVAL on a pipe or terminal,
                // ENOSYS, or a real error) is left to the plain call on the worker, which reports
                // real errors as Lwt does.
                _noWaitRefused = errno != Libc.EAGAIN;
                return false;
            }
        }
    }

    /// <summary>Lwt's read on a blocking descriptor: <c>wait_read</c> (a wait that can be canceled), then the call on a worker.</summary>
    private Promise<int> ReadBlocking(Memory<byte> buffer) =>
        Readable() ? ReadOnWorker(buffer) : WaitReadAsync().Bind(() => ReadOnWorker(buffer));

    /// <summary>Lwt's write on a blocking descriptor: <c>wait_write</c>, then the call on a worker.</summary>
    private Promise<int> WriteBlocking(ReadOnlyMemory<byte> buffer) =>
        Writable() ? WriteOnWorker(buffer) : WaitWriteAsync().Bind(() => WriteOnWorker(buffer));

    /// <summary>The read(2) of a blocking descriptor, on a worker at once (tests reach a worker blocked in the call through it).</summary>
    internal Promise<int> ReadOnWorker(Memory<byte> buffer)
    {
        DescriptorHandle handle = _handle;
        return LwtUnix.Job(() => handle.Use(fd => BlockingRead(fd, buffer), "read"));
    }

    private Promise<int> WriteOnWorker(ReadOnlyMemory<byte> buffer)
    {
        DescriptorHandle handle = _handle;
        return LwtUnix.Job(() => handle.Use(fd => BlockingWrite(fd, buffer), "write"));
    }

    private static int BlockingRead(int fd, Memory<byte> buffer)
    {
        nint n = Read(fd, buffer.Span, out int errno);
        return n >= 0 ? (int)n : throw new UnixException(errno, "read", "");
    }

    private static int BlockingWrite(int fd, ReadOnlyMemory<byte> buffer)
    {
        nint n = Write(fd, buffer.Span, out int errno);
        return n >= 0 ? (int)n : throw new UnixException(errno, "write", "");
    }

    /// <summary><c>read(2)</c>, retried on EINTR: the count, or -1 with <paramref name="errno"/> set.</summary>
    private static unsafe nint Read(int fd, Span<byte> buffer, out int errno) => RetryingEintr(&ReadCall, fd, buffer, out errno);

    /// <summary><c>write(2)</c>, retried on EINTR: the count, or -1 with <paramref name="errno"/> set.</summary>
    private static unsafe nint Write(int fd, ReadOnlySpan<byte> buffer, out int errno) => RetryingEintr(&WriteCall, fd, buffer, out errno);

    /// <summary>A channel's read: <c>recv(2)</c> with no flags on a socket (what <c>read(2)</c> does there), <c>read(2)</c> otherwise.</summary>
    private static unsafe nint ReadOrReceive(int fd, bool socket, Memory<byte> buffer, out int errno) =>
        socket ? WithErrno(TryRecv(fd, buffer, 0), out errno) : Read(fd, buffer.Span, out errno);

    /// <summary><c>send(2)</c> with no flags (what <c>write(2)</c> does on a socket), retried on EINTR: the count, or -1 with <paramref name="errno"/> set.</summary>
    private static unsafe nint Send(int fd, ReadOnlyMemory<byte> buffer, out int errno) => WithErrno(TrySend(fd, buffer, 0, null, 0), out errno);

    /// <summary>Turns TryRecv/TrySend's "count or minus the errno" into "count, or -1 and errno".</summary>
    private static nint WithErrno(nint result, out int errno)
    {
        errno = result < 0 ? (int)-result : 0;
        return result < 0 ? -1 : result;
    }

    /// <summary>
    /// Calls <paramref name="call"/> on <paramref name="buffer"/>'s bytes until it is not interrupted
    /// (EINTR): the count, or -1 with <paramref name="errno"/> set. The span is read-only only in
    /// type: a read call writes into it.
    /// </summary>
    private static unsafe nint RetryingEintr(delegate*<int, byte*, nuint, nint> call, int fd, ReadOnlySpan<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = call(fd, p, (nuint)buffer.Length);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (errno != Libc.EINTR)
                {
                    return n;
                }
            }
        }
    }

    private static unsafe nint ReadCall(int fd, byte* p, nuint length) => Libc.read(fd, p, length);

    private static unsafe nint WriteCall(int fd, byte* p, nuint length) => Libc.write(fd, p, length);

    /// <summary>A read waiting for data; a channel's read also notes whether it drained the kernel's buffer (see <see cref="ChannelRead"/>).</summary>
    private sealed class ReadWait(FileDescriptor owner, Memory<byte> buffer, bool channel = false) : IoWait<int>(owner, "read")
    {
        public override bool Attempt()
        {
            nint n = channel ? ReadOrReceive(Owner.Fd, Owner._isSocket, buffer, out int errno) : Read(Owner.Fd, buffer.Span, out errno);
            if (n < 0)
            {
                return errno != Libc.EAGAIN && Failed(new UnixException(errno, "read", Owner.FdText));
            }

            if (channel)
            {
                Owner.NoteChannelRead(n, buffer.Length);
            }

            return Done((int)n);
        }
    }

    /// <summary>A write waiting for room; a channel's write to a socket sends (see <see cref="ChannelWrite"/>).</summary>
    private sealed class WriteWait(FileDescriptor owner, ReadOnlyMemory<byte> buffer, bool socket = false) : IoWait<int>(owner, "write")
    {
        public override bool Attempt()
        {
            nint n = socket ? Send(Owner.Fd, buffer, out int errno) : Write(Owner.Fd, buffer.Span, out errno);
            return n >= 0 ? Done((int)n) : errno != Libc.EAGAIN && Failed(new UnixException(errno, "write", Owner.FdText));
        }
    }

    /// <summary>wait_read / wait_write: done as soon as the engine reports readiness.</summary>
    private sealed class ReadinessWait(FileDescriptor owner, string call) : IoWait<bool>(owner, call)
    {
        public override bool Attempt() => Done(true);
    }
}
