// FileDescriptor.Socket.cs: Lwt_unix's sockets: socket, socketpair, bind, listen, accept,
// connect, shutdown, getsockname/getpeername and socket options. Sockets are made non-blocking
// and close-on-exec in the same call (SOCK_NONBLOCK | SOCK_CLOEXEC, accept4), so no other thread
// can fork between the two. Addresses are System.Net endpoints (SocketAddressCodec).
//
// connect on a non-blocking socket usually answers EINPROGRESS: the connection is then waited for
// (writable), and its outcome read from SO_ERROR. Lwt 2.1.0 fixed a bug where connect returned
// before the connection was made; here the promise resolves only after SO_ERROR is read.

using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Makes a socket (Lwt's <c>Lwt_unix.socket</c>), non-blocking and close-on-exec.
    /// </summary>
    /// <param name="family">IPv4 (<see cref="AddressFamily.InterNetwork"/>), IPv6 or <see cref="AddressFamily.Unix"/>.</param>
    /// <param name="type">Stream, datagram, raw or seqpacket.</param>
    /// <param name="protocol">The protocol; <see cref="ProtocolType.Unspecified"/> picks the default for the type.</param>
    /// <returns>The socket; the caller closes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported family, a negative type or protocol.</exception>
    /// <exception cref="UnixException"><c>socket(2)</c> failed.</exception>
    public static FileDescriptor Socket(AddressFamily family, SocketType type, ProtocolType protocol = ProtocolType.Unspecified)
    {
        int domain = SocketAddressCodec.ToNative(family, nameof(family));
        ArgumentOutOfRangeException.ThrowIfNegative((int)type, nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegative((int)protocol, nameof(protocol));
        int fd = Libc.socket(domain, (int)type | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, (int)protocol);
        if (fd < 0)
        {
            throw UnixException.FromLastError("socket");
        }

        return OwnSocket(fd);
    }

    /// <summary>
    /// Makes a pair of connected sockets (Lwt's <c>Lwt_unix.socketpair</c>), non-blocking and close-on-exec.
    /// </summary>
    /// <param name="family">The family; Linux supports <see cref="AddressFamily.Unix"/> only.</param>
    /// <param name="type">Stream (default), datagram or seqpacket.</param>
    /// <param name="protocol">The protocol; <see cref="ProtocolType.Unspecified"/> by default.</param>
    /// <returns>The two ends; the caller closes both.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported family, a negative type or protocol.</exception>
    /// <exception cref="UnixException"><c>socketpair(2)</c> failed.</exception>
    public static unsafe (FileDescriptor First, FileDescriptor Second) SocketPair(
        AddressFamily family = AddressFamily.Unix, SocketType type = SocketType.Stream, ProtocolType protocol = ProtocolType.Unspecified)
    {
        int domain = SocketAddressCodec.ToNative(family, nameof(family));
        ArgumentOutOfRangeException.ThrowIfNegative((int)type, nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegative((int)protocol, nameof(protocol));
        int* fds = stackalloc int[2];
        if (Libc.socketpair(domain, (int)type | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, (int)protocol, fds) != 0)
        {
            throw UnixException.FromLastError("socketpair");
        }

        return (OwnSocket(fds[0]), OwnSocket(fds[1]));
    }

    /// <summary>Binds the socket to <paramref name="address"/> (Lwt's <c>Lwt_unix.bind</c>, synchronously).</summary>
    /// <param name="address">An <see cref="IPEndPoint"/> (port 0 picks a free port) or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException">An unsupported kind of endpoint.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>bind(2)</c> failed (EADDRINUSE...).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe void Bind(EndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckDescriptor("bind");
        BindCore(_fd, address);
    }

    /// <summary>
    /// Binds the socket to <paramref name="address"/> (Lwt's <c>Lwt_unix.bind</c>). A Unix-domain
    /// bind creates a file, which can block, so it runs on a worker thread, as in Lwt; an IP bind
    /// runs at once.
    /// </summary>
    /// <param name="address">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <returns>A promise fulfilled once bound; rejected with <see cref="UnixException"/> when <c>bind(2)</c> fails. Not cancelable once started.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public Promise BindAsync(EndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckDescriptor("bind");
        if (address is UnixDomainSocketEndPoint)
        {
            DescriptorHandle handle = _handle;
            return LwtUnix.Job(() => handle.Use(fd => { BindCore(fd, address); return true; }, "bind"));
        }

        try
        {
            BindCore(_fd, address);
            return Promise.Unit;
        }
        catch (UnixException e)
        {
            return Promise.Fail(e);
        }
    }

    /// <summary>Makes the socket accept connections (Lwt's <c>Lwt_unix.listen</c>).</summary>
    /// <param name="backlog">How many connections may wait to be accepted; the kernel caps it at <c>somaxconn</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is negative.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>listen(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void Listen(int backlog)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        CheckDescriptor("listen");
        if (Libc.listen(_fd, backlog) != 0)
        {
            throw UnixException.FromLastError("listen", FdText);
        }
    }

    /// <summary>
    /// Accepts a connection (Lwt's <c>Lwt_unix.accept</c>), waiting for one if none is pending. The
    /// new socket is non-blocking and close-on-exec.
    /// </summary>
    /// <returns>The connected socket (the caller closes it) and the peer's address.</returns>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF when the descriptor is closed. The promise is rejected with a
    /// <see cref="UnixException"/> when <c>accept4(2)</c> fails (ECONNABORTED, EMFILE...) and with
    /// EBADF when the socket is closed while waiting.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a waiting accept rejects it with <see cref="CanceledException"/>; no connection is taken.</remarks>
    public Promise<(FileDescriptor Socket, EndPoint Address)> AcceptAsync()
    {
        CheckDescriptor("accept");
        var wait = new AcceptWait(this);

        // As Lwt's wrap_syscall: settle the mode first (a socket is made non-blocking); a socket
        // kept blocking is accepted from only once readiness says a connection is there.
        if (!IsBlockingCore() && wait.Attempt())
        {
            wait.Complete();
            return wait;
        }

        return Enqueue(wait, writable: false);
    }

    /// <summary>
    /// Connects the socket to <paramref name="address"/> (Lwt's <c>Lwt_unix.connect</c>). The promise
    /// resolves once the connection is made or has failed, never before.
    /// </summary>
    /// <param name="address">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <returns>A promise fulfilled once connected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException">An unsupported kind of endpoint.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF when the descriptor is closed. The promise is rejected with a
    /// <see cref="UnixException"/> naming <c>connect</c> when the connection fails (ECONNREFUSED,
    /// ENOENT for a missing Unix-domain path...), and with EBADF when the socket is closed while connecting.
    /// </exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    /// <remarks>Canceling a connection in progress rejects the promise with <see cref="CanceledException"/>; close the socket, as its state is then undefined.</remarks>
    public unsafe Promise ConnectAsync(EndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckDescriptor("connect");

        // As Lwt's wrap_syscall: settle the mode first, so a socket made elsewhere (blocking, as
        // .NET's are) connects without blocking the loop for the handshake.
        IsBlockingCore();
        byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        var span = new Span<byte>(buffer, SocketAddressCodec.MaxSize);
        int length = SocketAddressCodec.Encode(address, span);
        while (true)
        {
            if (Libc.connect(_fd, buffer, length) == 0)
            {
                return Promise.Unit;
            }

            int errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Libc.EINTR:
                case Libc.EINPROGRESS:
                    // Interrupted or not: the connection now proceeds on its own; wait for it.
                    return Enqueue(new ConnectWait(this, null), writable: true);
                case Libc.EAGAIN:
                    // Unix-domain: the listener's backlog is full. Try again once writable.
                    return Enqueue(new ConnectWait(this, span[..length].ToArray()), writable: true);
                default:
                    return Promise.Fail(new UnixException(errno, "connect", FdText));
            }
        }
    }

    /// <summary>Shuts down one or both directions of the connection (Lwt's <c>Lwt_unix.shutdown</c>).</summary>
    /// <param name="how">Receive, send or both.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="how"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>shutdown(2)</c> failed (ENOTCONN...).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void Shutdown(SocketShutdown how)
    {
        if (how is not (SocketShutdown.Receive or SocketShutdown.Send or SocketShutdown.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(how), how, "Receive, Send or Both.");
        }

        CheckDescriptor("shutdown");

        // SocketShutdown's values are SHUT_RD, SHUT_WR and SHUT_RDWR.
        if (Libc.shutdown(_fd, (int)how) != 0)
        {
            throw UnixException.FromLastError("shutdown", FdText);
        }
    }

    /// <summary>The socket's own address (Lwt's <c>Lwt_unix.getsockname</c>), e.g. the port a bind to port 0 chose.</summary>
    /// <returns>An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockname(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe EndPoint GetSockName()
    {
        CheckDescriptor("getsockname");
        byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        int length = SocketAddressCodec.MaxSize;
        if (Libc.getsockname(_fd, buffer, &length) != 0)
        {
            throw UnixException.FromLastError("getsockname", FdText);
        }

        return SocketAddressCodec.Decode(new ReadOnlySpan<byte>(buffer, SocketAddressCodec.MaxSize), length);
    }

    /// <summary>The address of the connected peer (Lwt's <c>Lwt_unix.getpeername</c>).</summary>
    /// <returns>An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; ENOTCONN when not connected.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe EndPoint GetPeerName()
    {
        CheckDescriptor("getpeername");
        byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        int length = SocketAddressCodec.MaxSize;
        if (Libc.getpeername(_fd, buffer, &length) != 0)
        {
            throw UnixException.FromLastError("getpeername", FdText);
        }

        return SocketAddressCodec.Decode(new ReadOnlySpan<byte>(buffer, SocketAddressCodec.MaxSize), length);
    }

    /// <summary>Sets a boolean socket option (Lwt's <c>Lwt_unix.setsockopt</c>).</summary>
    /// <param name="option">The option.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed (ENOPROTOOPT...).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void SetSocketOption(SocketBoolOption option, bool value)
    {
        (int level, int name) = Native(option);
        SetInt(level, name, value ? 1 : 0);
    }

    /// <summary>Reads a boolean socket option (Lwt's <c>Lwt_unix.getsockopt</c>).</summary>
    /// <param name="option">The option.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public bool GetSocketOption(SocketBoolOption option)
    {
        (int level, int name) = Native(option);
        return GetInt(level, name) != 0;
    }

    /// <summary>Sets an integer socket option (Lwt's <c>Lwt_unix.setsockopt_int</c>).</summary>
    /// <param name="option">The option.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void SetSocketOption(SocketIntOption option, int value) => SetInt(Libc.SOL_SOCKET, Native(option), value);

    /// <summary>Reads an integer socket option (Lwt's <c>Lwt_unix.getsockopt_int</c>).</summary>
    /// <param name="option">The option.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public int GetSocketOption(SocketIntOption option) => GetInt(Libc.SOL_SOCKET, Native(option));

    /// <summary>
    /// Reads and clears the socket's pending error (Lwt's <c>Lwt_unix.getsockopt_error</c>).
    /// </summary>
    /// <returns>The error, or null when there is none.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public UnixException? GetSocketError()
    {
        int errno = GetInt(Libc.SOL_SOCKET, Libc.SO_ERROR);
        return errno == 0 ? null : new UnixException(errno, "getsockopt", FdText);
    }

    private static unsafe void BindCore(int fd, EndPoint address)
    {
        byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        int length = SocketAddressCodec.Encode(address, new Span<byte>(buffer, SocketAddressCodec.MaxSize));
        if (Libc.bind(fd, buffer, length) != 0)
        {
            throw UnixException.FromLastError("bind", address.ToString() ?? "");
        }
    }

    private static (int Level, int Name) Native(SocketBoolOption option) => option switch
    {
        SocketBoolOption.Debug => (Libc.SOL_SOCKET, Libc.SO_DEBUG),
        SocketBoolOption.Broadcast => (Libc.SOL_SOCKET, Libc.SO_BROADCAST),
        SocketBoolOption.ReuseAddress => (Libc.SOL_SOCKET, Libc.SO_REUSEADDR),
        SocketBoolOption.KeepAlive => (Libc.SOL_SOCKET, Libc.SO_KEEPALIVE),
        SocketBoolOption.DontRoute => (Libc.SOL_SOCKET, Libc.SO_DONTROUTE),
        SocketBoolOption.OutOfBandInline => (Libc.SOL_SOCKET, Libc.SO_OOBINLINE),
        SocketBoolOption.AcceptConnection => (Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN),
        SocketBoolOption.TcpNoDelay => (Libc.IPPROTO_TCP, Libc.TCP_NODELAY),
        SocketBoolOption.IPv6Only => (Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY),
        SocketBoolOption.ReusePort => (Libc.SOL_SOCKET, Libc.SO_REUSEPORT),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not a SocketBoolOption."),
    };

    private static int Native(SocketIntOption option) => option switch
    {
        SocketIntOption.SendBuffer => Libc.SO_SNDBUF,
        SocketIntOption.ReceiveBuffer => Libc.SO_RCVBUF,
        SocketIntOption.Type => Libc.SO_TYPE,
        SocketIntOption.ReceiveLowWater => Libc.SO_RCVLOWAT,
        SocketIntOption.SendLowWater => Libc.SO_SNDLOWAT,
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not a SocketIntOption."),
    };

    private unsafe void SetInt(int level, int name, int value)
    {
        CheckDescriptor("setsockopt");
        if (Libc.setsockopt(_fd, level, name, &value, sizeof(int)) != 0)
        {
            throw UnixException.FromLastError("setsockopt", FdText);
        }
    }

    private unsafe int GetInt(int level, int name)
    {
        CheckDescriptor("getsockopt");
        int value = 0;
        int length = sizeof(int);
        if (Libc.getsockopt(_fd, level, name, &value, &length) != 0)
        {
            throw UnixException.FromLastError("getsockopt", FdText);
        }

        return value;
    }

    /// <summary>An accept, tried at once and, if no connection is pending, each time the socket is readable.</summary>
    private sealed class AcceptWait(FileDescriptor owner) : IoWait<(FileDescriptor Socket, EndPoint Address)>(owner, "accept")
    {
        public override unsafe bool Attempt()
        {
            byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
            while (true)
            {
                int length = SocketAddressCodec.MaxSize;
                int fd = Libc.accept4(Owner.Fd, buffer, &length, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
                if (fd >= 0)
                {
                    FileDescriptor socket = OwnSocket(fd);
                    return Done((socket, SocketAddressCodec.Decode(new ReadOnlySpan<byte>(buffer, SocketAddressCodec.MaxSize), length)));
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    return false;
                }

                if (errno != Libc.EINTR)
                {
                    return Failed(new UnixException(errno, "accept", Owner.FdText));
                }
            }
        }
    }

    /// <summary>
    /// A connection in progress: once writable, SO_ERROR says how it went. With an address (the
    /// backlog of a Unix-domain listener was full), connect is first tried again.
    /// </summary>
    private sealed class ConnectWait(FileDescriptor owner, byte[]? address) : IoWait<bool>(owner, "connect")
    {
        private byte[]? _address = address;

        public override unsafe bool Attempt()
        {
            if (_address is not null)
            {
                int result;
                fixed (byte* p = _address)
                {
                    result = Libc.connect(Owner.Fd, p, _address.Length);
                }

                int errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case 0:
                    case Libc.EISCONN:
                        return Done(true);
                    case Libc.EAGAIN:
                        return false;
                    case Libc.EINTR:
                    case Libc.EINPROGRESS:
                        _address = null;
                        return false;
                    default:
                        return Failed(new UnixException(errno, "connect", Owner.FdText));
                }
            }

            int error = 0;
            int length = sizeof(int);
            if (Libc.getsockopt(Owner.Fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length) != 0)
            {
                error = Marshal.GetLastPInvokeError();
            }

            return error == 0 ? Done(true) : Failed(new UnixException(error, "connect", Owner.FdText));
        }
    }
}
