// FileDescriptor.Messages.cs: Lwt_unix's recv, recvfrom, send, sendto, recv_msg, send_msg,
// send_msgto and accept_n. Every call passes MSG_DONTWAIT, so it never blocks whatever the
// descriptor's O_NONBLOCK flag says: the call is made at once, and only EAGAIN makes it wait for
// readiness (one IoWait object); EINTR is retried on the spot. A call that completes at once
// allocates nothing beyond its result (none for counts -1..8, which Promise.Return caches).
// Sends add MSG_NOSIGNAL: a closed peer is an EPIPE rejection, never a SIGPIPE.
//
// Descriptors passed with recv_msg arrive close-on-exec (MSG_CMSG_CLOEXEC) and belong to the
// caller as FileDescriptors; send_msg passes the numbers of open FileDescriptors (SCM_RIGHTS).

using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    private const int AllMessageFlags = (int)(MessageFlags.OutOfBand | MessageFlags.Peek | MessageFlags.DontRoute);

    /// <summary>
    /// Receives up to <c>buffer.Length</c> bytes from a socket (Lwt's <c>Lwt_unix.recv</c>): fulfilled
    /// with the number received, 0 when a stream peer has shut down. Waits only if nothing is there.
    /// </summary>
    /// <param name="buffer">Where the bytes go; keep it untouched until the promise resolves.</param>
    /// <param name="flags">MSG_ flags: <see cref="MessageFlags.Peek"/>, <see cref="MessageFlags.OutOfBand"/>.</param>
    /// <returns>The number of bytes received.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> has a bit that is not a <see cref="MessageFlags"/> value.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>recv</c>) when the descriptor is closed. The promise is rejected
    /// with a <see cref="UnixException"/> naming <c>recv</c> when the call fails (ENOTSOCK on a descriptor
    /// that is not a socket), and with EBADF when the descriptor is closed while the call waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/> and consumes no data.</remarks>
    public unsafe Promise<int> RecvAsync(Memory<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        int native = NativeFlags(flags) | Libc.MSG_DONTWAIT;
        CheckDescriptor("recv");
        nint n = TryRecv(_fd, buffer, native);
        if (n >= 0)
        {
            return Promise.Return((int)n);
        }

        return n == -Libc.EAGAIN
            ? Enqueue(new RecvWait(this, buffer, native), writable: false)
            : Promise.Fail<int>(new UnixException((int)-n, "recv", FdText));
    }

    /// <summary>
    /// Receives a datagram (or stream bytes) and the address it came from (Lwt's <c>Lwt_unix.recvfrom</c>).
    /// A datagram longer than <paramref name="buffer"/> is cut, as <c>recvfrom(2)</c> does.
    /// </summary>
    /// <param name="buffer">Where the bytes go; keep it untouched until the promise resolves.</param>
    /// <param name="flags">MSG_ flags.</param>
    /// <returns>The number of bytes received and the sender's address (an unnamed Unix-domain address on a connected stream).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> has a bit that is not a <see cref="MessageFlags"/> value.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>recvfrom</c>) when the descriptor is closed; the promise is
    /// rejected with a <see cref="UnixException"/> naming <c>recvfrom</c> when the call fails or the
    /// descriptor is closed while it waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/> and consumes no data.</remarks>
    public Promise<(int Count, EndPoint Address)> RecvFromAsync(Memory<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        int native = NativeFlags(flags) | Libc.MSG_DONTWAIT;
        CheckDescriptor("recvfrom");
        var wait = new RecvFromWait(this, buffer, native);
        if (wait.Attempt())
        {
            wait.Complete();
            return wait;
        }

        return Enqueue(wait, writable: false);
    }

    /// <summary>
    /// Sends up to <c>buffer.Length</c> bytes on a connected socket (Lwt's <c>Lwt_unix.send</c>):
    /// fulfilled with the number sent, which may be fewer on a stream. Waits only if the socket is full.
    /// </summary>
    /// <param name="buffer">The bytes; keep them untouched until the promise resolves.</param>
    /// <param name="flags">MSG_ flags: <see cref="MessageFlags.OutOfBand"/>, <see cref="MessageFlags.DontRoute"/>.</param>
    /// <returns>The number of bytes sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> has a bit that is not a <see cref="MessageFlags"/> value.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>send</c>) when the descriptor is closed. The promise is rejected
    /// with a <see cref="UnixException"/> naming <c>send</c> when the call fails (EPIPE when the peer is
    /// gone, ENOTSOCK on a descriptor that is not a socket), and with EBADF when the descriptor is closed while the call waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/>; nothing was sent.</remarks>
    public unsafe Promise<int> SendAsync(ReadOnlyMemory<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        int native = NativeFlags(flags) | Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL;
        CheckDescriptor("send");
        nint n = TrySend(_fd, buffer, native, null, 0);
        if (n >= 0)
        {
            return Promise.Return((int)n);
        }

        return n == -Libc.EAGAIN
            ? Enqueue(new SendWait(this, buffer, native, null, "send"), writable: true)
            : Promise.Fail<int>(new UnixException((int)-n, "send", FdText));
    }

    /// <summary>
    /// Sends bytes (a datagram, on a datagram socket) to <paramref name="destination"/> (Lwt's <c>Lwt_unix.sendto</c>).
    /// </summary>
    /// <param name="buffer">The bytes; keep them untouched until the promise resolves.</param>
    /// <param name="destination">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="flags">MSG_ flags.</param>
    /// <returns>The number of bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">An unsupported kind of endpoint.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> has a bit that is not a <see cref="MessageFlags"/> value.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>sendto</c>) when the descriptor is closed; the promise is
    /// rejected with a <see cref="UnixException"/> naming <c>sendto</c> when the call fails (EMSGSIZE for
    /// a datagram too long...) or the descriptor is closed while it waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/>; nothing was sent.</remarks>
    public unsafe Promise<int> SendToAsync(ReadOnlyMemory<byte> buffer, EndPoint destination, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int native = NativeFlags(flags) | Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL;
        byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
        int length = SocketAddressCodec.Encode(destination, new Span<byte>(address, SocketAddressCodec.MaxSize));
        CheckDescriptor("sendto");
        nint n = TrySend(_fd, buffer, native, address, length);
        if (n >= 0)
        {
            return Promise.Return((int)n);
        }

        return n == -Libc.EAGAIN
            ? Enqueue(new SendWait(this, buffer, native, new ReadOnlySpan<byte>(address, length).ToArray(), "sendto"), writable: true)
            : Promise.Fail<int>(new UnixException((int)-n, "sendto", FdText));
    }

    /// <summary>
    /// Receives bytes into the slices of <paramref name="vectors"/> and the descriptors sent with them
    /// (Lwt's <c>Lwt_unix.recv_msg</c>, and <c>Versioned.recv_msg_2</c>, its alias since Lwt 5). The
    /// descriptors are close-on-exec and belong to the caller, who closes them.
    /// </summary>
    /// <param name="vectors">Writable slices; keep them untouched until the promise resolves.</param>
    /// <returns>The number of bytes received and the descriptors (an empty array when none came).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> is null.</exception>
    /// <exception cref="ArgumentException">A slice the call would use is read-only.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>recv_msg</c>) when the descriptor is closed; the promise is
    /// rejected with a <see cref="UnixException"/> naming <c>recv_msg</c> when <c>recvmsg(2)</c> fails
    /// (ENOTSOCK...) or the descriptor is closed while it waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>
    /// Canceling a waiting call rejects it with <see cref="CanceledException"/> and consumes nothing.
    /// Descriptors beyond the kernel's limit of 253 per message are dropped by the kernel.
    /// </remarks>
    public Promise<(int Count, FileDescriptor[] Descriptors)> RecvMsgAsync(IOVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        CheckDescriptor("recv_msg");
        vectors.CheckWritable("recv_msg", nameof(vectors));
        var wait = new RecvMsgWait(this, vectors);
        if (wait.Attempt())
        {
            wait.Complete();
            return wait;
        }

        return Enqueue(wait, writable: false);
    }

    /// <summary>
    /// Sends the slices of <paramref name="vectors"/> with <paramref name="descriptors"/> attached
    /// (SCM_RIGHTS) on a connected Unix-domain socket (Lwt's <c>Lwt_unix.send_msg</c>, and
    /// <c>Versioned.send_msg_2</c>, its alias since Lwt 5). The receiver gets its own copies of the
    /// descriptors; ours stay open.
    /// </summary>
    /// <param name="vectors">The slices; keep them untouched until the promise resolves.</param>
    /// <param name="descriptors">Open descriptors to pass, at most 253; none by default.</param>
    /// <returns>The number of bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> or one of <paramref name="descriptors"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 253 descriptors.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>send_msg</c>) when this or a passed descriptor is closed; the
    /// promise is rejected with a <see cref="UnixException"/> naming <c>send_msg</c> when <c>sendmsg(2)</c>
    /// fails or a descriptor is closed while the call waits.
    /// </exception>
    /// <exception cref="Exception">The abort exception when a descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/>; nothing was sent.</remarks>
    public Promise<int> SendMsgAsync(IOVectors vectors, ReadOnlySpan<FileDescriptor> descriptors = default) =>
        SendMsgCore(vectors, descriptors, null, "send_msg");

    /// <summary>
    /// Sends the slices of <paramref name="vectors"/> with <paramref name="descriptors"/> attached to
    /// <paramref name="destination"/>, on a connectionless socket (Lwt's <c>Lwt_unix.send_msgto</c>).
    /// </summary>
    /// <param name="vectors">The slices; keep them untouched until the promise resolves.</param>
    /// <param name="descriptors">Open descriptors to pass (Unix-domain sockets only), at most 253.</param>
    /// <param name="destination">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <returns>The number of bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/>, <paramref name="destination"/> or one of <paramref name="descriptors"/> is null.</exception>
    /// <exception cref="ArgumentException">An unsupported kind of endpoint.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 253 descriptors.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>send_msgto</c>) when this or a passed descriptor is closed; the
    /// promise is rejected with a <see cref="UnixException"/> naming <c>send_msgto</c> when <c>sendmsg(2)</c> fails.
    /// </exception>
    /// <exception cref="Exception">The abort exception when a descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting call rejects it with <see cref="CanceledException"/>; nothing was sent.</remarks>
    public Promise<int> SendMsgToAsync(IOVectors vectors, ReadOnlySpan<FileDescriptor> descriptors, EndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return SendMsgCore(vectors, descriptors, destination, "send_msgto");
    }

    /// <summary>
    /// Accepts up to <paramref name="count"/> pending connections in one go (Lwt's <c>Lwt_unix.accept_n</c>):
    /// waits until at least one is there, then takes those that are pending, at most <paramref name="count"/>.
    /// When <c>accept4(2)</c> fails, the connections taken before it are returned with the error; the
    /// promise is still fulfilled. The new sockets are non-blocking and close-on-exec.
    /// </summary>
    /// <param name="count">The most connections to take, at least 1.</param>
    /// <returns>The connections taken (the caller closes them), and the error that stopped the taking, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 (Lwt returns an empty list).</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>accept</c>) when the descriptor is closed; the promise is
    /// rejected with EBADF when the socket is closed while waiting (Lwt returns the error in the pair).
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling the waiting call rejects it with <see cref="CanceledException"/>; no connection is taken.</remarks>
    public Promise<((FileDescriptor Socket, EndPoint Address)[] Accepted, Exception? Error)> AcceptNAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        CheckDescriptor("accept");
        var wait = new AcceptNWait(this, count, IsBlockingCore());
        if (wait.Attempt())
        {
            wait.Complete();
            return wait;
        }

        return Enqueue(wait, writable: false);
    }

    private static int NativeFlags(MessageFlags flags)
    {
        if (((int)flags & ~AllMessageFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Only OutOfBand, Peek and DontRoute are MSG_ flags.");
        }

        // MessageFlags' values are the kernel's MSG_OOB, MSG_PEEK and MSG_DONTROUTE.
        return (int)flags;
    }

    /// <summary>One recvfrom with EINTR retried: the count, or minus the errno.</summary>
    private static unsafe nint TryRecv(int fd, Memory<byte> buffer, int flags, byte* address = null, int* length = null)
    {
        fixed (byte* p = buffer.Span)
        {
            while (true)
            {
                nint n = Libc.recvfrom(fd, p, (nuint)buffer.Length, flags, address, length);
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

    /// <summary>One sendto with EINTR retried: the count, or minus the errno.</summary>
    private static unsafe nint TrySend(int fd, ReadOnlyMemory<byte> buffer, int flags, byte* address, int length)
    {
        fixed (byte* p = buffer.Span)
        {
            while (true)
            {
                nint n = Libc.sendto(fd, p, (nuint)buffer.Length, flags, address, length);
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

    /// <summary>One recvmsg taking descriptors (close-on-exec), EINTR retried: the count, or minus the errno.</summary>
    private static unsafe nint TryRecvMsg(int fd, IOVectors vectors, out FileDescriptor[] descriptors)
    {
        descriptors = [];
        int count = vectors.CallCount;
        Span<Iovec> iov = count <= 16 ? stackalloc Iovec[16] : new Iovec[count];
        iov = iov[..count];
        int space = Libc.CMSG_SPACE(Libc.SCM_MAX_FD * sizeof(int));
        byte* control = stackalloc byte[space];
        vectors.Pin(iov);
        try
        {
            fixed (Iovec* p = iov)
            {
                while (true)
                {
                    var msg = new Msghdr { MsgIov = p, MsgIovlen = (nuint)count, MsgControl = control, MsgControllen = (nuint)space };
                    nint n = Libc.recvmsg(fd, &msg, Libc.MSG_DONTWAIT | Libc.MSG_CMSG_CLOEXEC);
                    if (n >= 0)
                    {
                        descriptors = TakeDescriptors(control, (int)msg.MsgControllen);
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

    /// <summary>The descriptors of the SCM_RIGHTS messages in a received control buffer, wrapped.</summary>
    private static unsafe FileDescriptor[] TakeDescriptors(byte* control, int length)
    {
        int total = 0;
        for (int offset = 0; offset + Libc.CMSG_HDR <= length;)
        {
            var header = (Cmsghdr*)(control + offset);
            int cmsgLength = (int)header->CmsgLen;
            if (cmsgLength < Libc.CMSG_HDR || offset + cmsgLength > length)
            {
                break;
            }

            if (header->CmsgLevel == Libc.SOL_SOCKET && header->CmsgType == Libc.SCM_RIGHTS)
            {
                total += (cmsgLength - Libc.CMSG_HDR) / sizeof(int);
            }

            offset += Libc.CMSG_ALIGN(cmsgLength);
        }

        if (total == 0)
        {
            return [];
        }

        var result = new FileDescriptor[total];
        int next = 0;
        for (int offset = 0; offset + Libc.CMSG_HDR <= length;)
        {
            var header = (Cmsghdr*)(control + offset);
            int cmsgLength = (int)header->CmsgLen;
            if (cmsgLength < Libc.CMSG_HDR || offset + cmsgLength > length)
            {
                break;
            }

            if (header->CmsgLevel == Libc.SOL_SOCKET && header->CmsgType == Libc.SCM_RIGHTS)
            {
                var fds = (int*)(control + offset + Libc.CMSG_HDR);
                for (int i = 0; i < (cmsgLength - Libc.CMSG_HDR) / sizeof(int); i++)
                {
                    result[next++] = FromRaw(fds[i]);
                }
            }

            offset += Libc.CMSG_ALIGN(cmsgLength);
        }

        return result;
    }

    /// <summary>One sendmsg with SCM_RIGHTS, EINTR retried: the count, or minus the errno.</summary>
    private static unsafe nint TrySendMsg(int fd, IOVectors vectors, ReadOnlySpan<int> descriptors, byte* address, int addressLength)
    {
        int count = vectors.CallCount;
        Span<Iovec> iov = count <= 16 ? stackalloc Iovec[16] : new Iovec[count];
        iov = iov[..count];
        int space = descriptors.Length == 0 ? 0 : Libc.CMSG_SPACE(descriptors.Length * sizeof(int));
        byte* control = stackalloc byte[Math.Max(space, 1)];
        if (space > 0)
        {
            new Span<byte>(control, space).Clear();
            var header = (Cmsghdr*)control;
            header->CmsgLen = (nuint)Libc.CMSG_LEN(descriptors.Length * sizeof(int));
            header->CmsgLevel = Libc.SOL_SOCKET;
            header->CmsgType = Libc.SCM_RIGHTS;
            descriptors.CopyTo(new Span<int>(control + Libc.CMSG_HDR, descriptors.Length));
        }

        vectors.Pin(iov);
        try
        {
            fixed (Iovec* p = iov)
            {
                while (true)
                {
                    var msg = new Msghdr
                    {
                        MsgName = address,
                        MsgNamelen = (uint)addressLength,
                        MsgIov = p,
                        MsgIovlen = (nuint)count,
                        MsgControl = space > 0 ? control : null,
                        MsgControllen = (nuint)space,
                    };
                    nint n = Libc.sendmsg(fd, &msg, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
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

    private unsafe Promise<int> SendMsgCore(IOVectors vectors, ReadOnlySpan<FileDescriptor> descriptors, EndPoint? destination, string call)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(descriptors.Length, Libc.SCM_MAX_FD, nameof(descriptors));
        byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
        int addressLength = destination is null ? 0 : SocketAddressCodec.Encode(destination, new Span<byte>(address, SocketAddressCodec.MaxSize));
        CheckDescriptor(call);
        Span<int> numbers = stackalloc int[descriptors.Length];
        for (int i = 0; i < descriptors.Length; i++)
        {
            FileDescriptor passed = descriptors[i] ?? throw new ArgumentNullException(nameof(descriptors), $"Descriptor {i} is null.");
            passed.CheckDescriptor(call);
            numbers[i] = passed._fd;
        }

        nint n = TrySendMsg(_fd, vectors, numbers, destination is null ? null : address, addressLength);
        if (n >= 0)
        {
            return Promise.Return((int)n);
        }

        if (n != -Libc.EAGAIN)
        {
            return Promise.Fail<int>(new UnixException((int)-n, call, FdText));
        }

        byte[]? savedAddress = destination is null ? null : new ReadOnlySpan<byte>(address, addressLength).ToArray();
        return Enqueue(new SendMsgWait(this, vectors, descriptors.ToArray(), savedAddress, call), writable: true);
    }

    /// <summary>A recv waiting for data.</summary>
    private sealed class RecvWait(FileDescriptor owner, Memory<byte> buffer, int flags) : IoWait<int>(owner, "recv")
    {
        public override unsafe bool Attempt()
        {
            nint n = TryRecv(Owner.Fd, buffer, flags);
            if (n >= 0)
            {
                return Done((int)n);
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }

    /// <summary>A recvfrom, tried at once and, if nothing is there, each time the socket is readable.</summary>
    private sealed class RecvFromWait(FileDescriptor owner, Memory<byte> buffer, int flags) : IoWait<(int Count, EndPoint Address)>(owner, "recvfrom")
    {
        public override unsafe bool Attempt()
        {
            byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
            int length = SocketAddressCodec.MaxSize;
            nint n = TryRecv(Owner.Fd, buffer, flags, address, &length);
            if (n >= 0)
            {
                return Done(((int)n, SocketAddressCodec.Decode(new ReadOnlySpan<byte>(address, SocketAddressCodec.MaxSize), length)));
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }

    /// <summary>A send or sendto waiting for room.</summary>
    private sealed class SendWait(FileDescriptor owner, ReadOnlyMemory<byte> buffer, int flags, byte[]? address, string call) : IoWait<int>(owner, call)
    {
        public override unsafe bool Attempt()
        {
            nint n;
            fixed (byte* a = address)
            {
                n = TrySend(Owner.Fd, buffer, flags, a, address?.Length ?? 0);
            }

            if (n >= 0)
            {
                return Done((int)n);
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }

    /// <summary>A recv_msg, tried at once and, if nothing is there, each time the socket is readable.</summary>
    private sealed class RecvMsgWait(FileDescriptor owner, IOVectors vectors) : IoWait<(int Count, FileDescriptor[] Descriptors)>(owner, "recv_msg")
    {
        public override bool Attempt()
        {
            if (vectors.ReadOnlySlice() is int slice)
            {
                return Failed(IOVectors.ReadOnlyError(Call, slice, nameof(vectors)));
            }

            nint n = TryRecvMsg(Owner.Fd, vectors, out FileDescriptor[] descriptors);
            if (n >= 0)
            {
                return Done(((int)n, descriptors));
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }

    /// <summary>A send_msg waiting for room; the passed descriptors must still be open at each attempt.</summary>
    private sealed class SendMsgWait(FileDescriptor owner, IOVectors vectors, FileDescriptor[] descriptors, byte[]? address, string call)
        : IoWait<int>(owner, call)
    {
        public override unsafe bool Attempt()
        {
            Span<int> numbers = stackalloc int[descriptors.Length];
            for (int i = 0; i < descriptors.Length; i++)
            {
                if (descriptors[i].State != FileDescriptorState.Opened)
                {
                    return Failed(descriptors[i].AbortException ?? new UnixException(Libc.EBADF, Call, descriptors[i].FdText));
                }

                numbers[i] = descriptors[i]._fd;
            }

            nint n;
            fixed (byte* a = address)
            {
                n = TrySendMsg(Owner.Fd, vectors, numbers, a, address?.Length ?? 0);
            }

            if (n >= 0)
            {
                return Done((int)n);
            }

            return n == -Libc.EAGAIN ? false : Failed(new UnixException((int)-n, Call, Owner.FdText));
        }
    }

    /// <summary>
    /// accept_n: takes pending connections until <c>count</c>, EAGAIN or an error. With nothing taken,
    /// EAGAIN means wait; an error is returned with what was taken (Lwt's rule). On a blocking
    /// listener a poll before each accept keeps it from blocking, as Lwt checks readability.
    /// </summary>
    private sealed class AcceptNWait(FileDescriptor owner, int count, bool blocking)
        : IoWait<((FileDescriptor Socket, EndPoint Address)[] Accepted, Exception? Error)>(owner, "accept")
    {
        public override unsafe bool Attempt()
        {
            List<(FileDescriptor Socket, EndPoint Address)>? accepted = null;
            byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
            Exception? error = null;
            while ((accepted?.Count ?? 0) < count)
            {
                if (blocking && !Owner.Poll(Libc.POLLIN, "accept"))
                {
                    break;
                }

                int length = SocketAddressCodec.MaxSize;
                int fd = Libc.accept4(Owner.Fd, buffer, &length, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
                if (fd >= 0)
                {
                    accepted ??= [];
                    accepted.Add((OwnSocket(fd), SocketAddressCodec.Decode(new ReadOnlySpan<byte>(buffer, SocketAddressCodec.MaxSize), length)));
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (errno != Libc.EAGAIN)
                {
                    error = new UnixException(errno, "accept", Owner.FdText);
                }

                break;
            }

            if (accepted is null && error is null)
            {
                return false;
            }

            return Done((accepted?.ToArray() ?? [], error));
        }
    }
}
