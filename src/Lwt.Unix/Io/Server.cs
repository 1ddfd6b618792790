// Server.cs: listening servers (Lwt's establish_server_with_client_socket,
// establish_server_with_client_address, the deprecated establish_server and shutdown_server).
//
// One accept loop per server, an async method on the loop thread. Each accepted connection runs
// its handler as a fire-and-forget promise, so handlers run concurrently with each other and with
// the loop. A handler's exception goes to Promise.AsyncExceptionHook, as in Lwt; the server goes on.
//
// Accept errors. Lwt retries ECONNABORTED and lets every other error end the loop. Here the
// errors that leave the listening socket usable are retried too: the ones about one connection
// (ECONNABORTED, EPROTO, EPERM, network errors) at once, and the resource shortages (EMFILE,
// ENFILE, ENOBUFS, ENOMEM) after a pause of AcceptRetryDelay, because the socket stays readable
// while the shortage lasts and retrying at once would spin. Any other error (EBADF: someone closed
// the socket) ends the loop, goes to the hook, and the server closes as if shut down.
//
// Shutdown sets the stop flag and cancels the accept (or the pause) the loop waits on; the loop
// then closes the listening socket, removes a Unix-domain socket file, and resolves the promise
// Shutdown returned. Connections already accepted are not touched: their handlers run to the end.

using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Io;

/// <summary>
/// A server listening for stream connections (Lwt's <c>Lwt_io.server</c>), made with
/// <see cref="EstablishWithClientAddress"/> or <see cref="EstablishWithClientSocket"/> and stopped
/// with <see cref="Shutdown"/>.
/// </summary>
/// <remarks>
/// Belongs to the thread (event loop) that made it. Each accepted connection's handler runs
/// concurrently with the others; an exception from a handler goes to
/// <see cref="Promise.AsyncExceptionHook"/> and the server goes on accepting.
/// </remarks>
[DebuggerDisplay("Server on {LocalEndPoint}, {ActiveConnections} connections, shut down = {IsShutdown}")]
public sealed class Server : IAsyncDisposable
{
    /// <summary>The default listen backlog: Linux's <c>SOMAXCONN</c> (the kernel caps any backlog at <c>net.core.somaxconn</c>).</summary>
    public const int DefaultBacklog = 4096;

    private readonly FileDescriptor _listener;
    private readonly Action<FileDescriptor, EndPoint> _start;
    private readonly Promise _closed;
    private readonly Resolver _closedResolver;
    private Promise? _waiting;
    private bool _stopping;
    private Resolver? _idle;

    private Server(FileDescriptor listener, EndPoint localEndPoint, Func<Server, Action<FileDescriptor, EndPoint>> start)
    {
        _listener = listener;
        LocalEndPoint = localEndPoint;
        _start = start(this);
        (_closed, _closedResolver) = Promise.Wait();
    }

    /// <summary>How long the accept loop pauses after EMFILE, ENFILE, ENOBUFS or ENOMEM before it tries again; 100 ms.</summary>
    internal static TimeSpan AcceptRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    // sun_path follows the 2-byte sun_family in sockaddr_un.
    private const int PathOffset = 2;

    /// <summary>The address the server listens on, as bound: the chosen port when the given port was 0.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>How many accepted connections have a handler still running (with the channels' closing).</summary>
    public int ActiveConnections { get; private set; }

    /// <summary>True once <see cref="Shutdown"/> was called or the accept loop ended on an error.</summary>
    public bool IsShutdown => _stopping || !_closed.IsPending;

    /// <summary>
    /// Listens on <paramref name="address"/> and calls <paramref name="handler"/> with the peer's
    /// address and a channel pair for each connection (Lwt's <c>Lwt_io.establish_server_with_client_address</c>).
    /// </summary>
    /// <param name="address">An <see cref="IPEndPoint"/> (port 0 picks a free port, see <see cref="LocalEndPoint"/>) or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="handler">Serves one connection; its channels are closed when its promise resolves (unless <paramref name="noClose"/>), the output's buffered bytes flushed first, which waits for a peer that does not read (flush under a timeout and abort the channels to bound it). An exception it throws or rejects with goes to <see cref="Promise.AsyncExceptionHook"/>.</param>
    /// <param name="bufferSize">The buffer size of each channel; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="noClose">When true, the handler's channels stay open after it returns; the handler closes them.</param>
    /// <param name="setTcpNoDelay">Sets <c>TCP_NODELAY</c> on accepted IP sockets, as Lwt does by default.</param>
    /// <param name="prepareListeningSocket">Called with the listening socket before it is bound (Lwt's <c>prepare_listening_fd</c>).</param>
    /// <param name="prepareClientSocket">Called with each accepted socket before the handler (Lwt's <c>prepare_client_fd</c>); if it throws, the connection is closed and the exception goes to the hook.</param>
    /// <param name="socket">A socket to listen on instead of a new one (Lwt's <c>fd</c>); the server closes it on shutdown.</param>
    /// <returns>
    /// The server, once it listens (Lwt's rule: after <c>listen</c>, before the first <c>accept</c>).
    /// Rejected with <see cref="UnixException"/> when binding or listening fails (EADDRINUSE...),
    /// after closing the socket it made (a given <paramref name="socket"/> is left open). Not cancelable.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is negative or <paramref name="bufferSize"/> below <see cref="Channel.MinBufferSize"/>.</exception>
    /// <exception cref="UnixException">The socket could not be made (EMFILE...).</exception>
    public static Promise<Server> EstablishWithClientAddress(
        EndPoint address,
        Func<EndPoint, InputChannel, OutputChannel, Promise> handler,
        int? bufferSize = null,
        int backlog = DefaultBacklog,
        bool noClose = false,
        bool setTcpNoDelay = true,
        Action<FileDescriptor>? prepareListeningSocket = null,
        Action<FileDescriptor>? prepareClientSocket = null,
        FileDescriptor? socket = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (bufferSize is int size)
        {
            Channel.CheckBufferSize(size, nameof(bufferSize));
        }

        return Establish(
            address,
            backlog,
            prepareListeningSocket,
            socket,
            server => (client, peer) => Promise.Async(() => server.ServeChannels(client, peer, handler, bufferSize, noClose, setTcpNoDelay, prepareClientSocket)));
    }

    /// <summary>
    /// Listens on <paramref name="address"/> and calls <paramref name="handler"/> with the peer's
    /// address and the connected socket for each connection (Lwt's <c>Lwt_io.establish_server_with_client_socket</c>).
    /// </summary>
    /// <param name="address">An <see cref="IPEndPoint"/> (port 0 picks a free port) or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="handler">Serves one connection; the socket is shut down and closed when its promise resolves, unless <paramref name="noClose"/> or the handler closed it. An exception it throws or rejects with goes to <see cref="Promise.AsyncExceptionHook"/>.</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="noClose">When true, the socket stays open after the handler returns.</param>
    /// <param name="setTcpNoDelay">Sets <c>TCP_NODELAY</c> on accepted IP sockets.</param>
    /// <param name="prepareListeningSocket">Called with the listening socket before it is bound.</param>
    /// <param name="prepareClientSocket">Called with each accepted socket before the handler.</param>
    /// <param name="socket">A socket to listen on instead of a new one (Lwt's <c>server_fd</c>).</param>
    /// <returns>The server, once it listens; rejected as <see cref="EstablishWithClientAddress"/> is.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is negative.</exception>
    /// <exception cref="UnixException">The socket could not be made (EMFILE...).</exception>
    public static Promise<Server> EstablishWithClientSocket(
        EndPoint address,
        Func<EndPoint, FileDescriptor, Promise> handler,
        int backlog = DefaultBacklog,
        bool noClose = false,
        bool setTcpNoDelay = true,
        Action<FileDescriptor>? prepareListeningSocket = null,
        Action<FileDescriptor>? prepareClientSocket = null,
        FileDescriptor? socket = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Establish(
            address,
            backlog,
            prepareListeningSocket,
            socket,
            server => (client, peer) => Promise.Async(() => server.ServeSocket(client, peer, handler, noClose, setTcpNoDelay, prepareClientSocket)));
    }

    /// <summary>
    /// Like <see cref="EstablishWithClientAddress"/>, without the peer's address (Lwt's deprecated
    /// <c>Lwt_io.establish_server</c>, also <c>Versioned.establish_server_2</c>).
    /// </summary>
    /// <param name="address">The address to listen on.</param>
    /// <param name="handler">Serves one connection; see <see cref="EstablishWithClientAddress"/>.</param>
    /// <param name="bufferSize">The buffer size of each channel.</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="noClose">When true, the handler's channels stay open after it returns.</param>
    /// <param name="socket">A socket to listen on instead of a new one.</param>
    /// <returns>The server, once it listens; rejected as <see cref="EstablishWithClientAddress"/> is.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is negative or <paramref name="bufferSize"/> too small.</exception>
    /// <exception cref="UnixException">The socket could not be made.</exception>
    [Obsolete("Lwt deprecated establish_server in 3.1.0: use EstablishWithClientAddress.")]
    public static Promise<Server> Establish(
        EndPoint address, Func<InputChannel, OutputChannel, Promise> handler, int? bufferSize = null, int backlog = DefaultBacklog, bool noClose = false, FileDescriptor? socket = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return EstablishWithClientAddress(address, (_, input, output) => handler(input, output), bufferSize, backlog, noClose, socket: socket);
    }

    /// <summary>
    /// Stops accepting and closes the listening socket (Lwt's <c>Lwt_io.shutdown_server</c>). A
    /// Unix-domain socket file is removed. Connections already accepted go on until their handlers end.
    /// </summary>
    /// <returns>
    /// Fulfilled once the listening socket is closed; the same promise on every call. Rejected with
    /// <see cref="UnixException"/> if closing it fails. Canceling it does not stop the shutdown.
    /// </returns>
    public Promise Shutdown()
    {
        if (!_stopping)
        {
            _stopping = true;
            _waiting?.Cancel();
        }

        return _closed.NoCancel();
    }

    /// <summary>
    /// Waits for the handlers running now and any accepted later (not in Lwt): with
    /// <see cref="Shutdown"/> first, a graceful stop.
    /// </summary>
    /// <returns>Fulfilled once <see cref="ActiveConnections"/> is 0 (at once if it is); never rejected. Canceling it stops only the wait.</returns>
    public Promise WaitForHandlers()
    {
        if (ActiveConnections == 0)
        {
            return Promise.Unit;
        }

        if (_idle is not Resolver idle)
        {
            (_, idle) = Promise.Wait();
            _idle = idle;
        }

        return idle.Promise.Protected();
    }

    /// <summary>
    /// Shuts the server down (<see cref="Shutdown"/>) and waits for its running handlers
    /// (<see cref="WaitForHandlers"/>), for <c>await using</c>.
    /// </summary>
    /// <returns>Completes when the listening socket is closed and no handler runs; faulted if closing the socket failed.</returns>
    public ValueTask DisposeAsync() => Shutdown().Bind(WaitForHandlers).AsValueTask();

    private void ConnectionEnded()
    {
        ActiveConnections--;
        if (ActiveConnections == 0 && _idle is Resolver idle)
        {
            _idle = null;
            idle.Resolve();
        }
    }

    private static Promise<Server> Establish(
        EndPoint address, int backlog, Action<FileDescriptor>? prepare, FileDescriptor? socket, Func<Server, Action<FileDescriptor, EndPoint>> start)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        FileDescriptor listener = socket ?? FileDescriptor.Socket(address.AddressFamily, SocketType.Stream);
        return EstablishCore(listener, socket is null, address, backlog, prepare, start);
    }

    private static async Promise<Server> EstablishCore(
        FileDescriptor listener, bool own, EndPoint address, int backlog, Action<FileDescriptor>? prepare, Func<Server, Action<FileDescriptor, EndPoint>> start)
    {
        Server server;
        try
        {
            if (address is not UnixDomainSocketEndPoint)
            {
                listener.SetSocketOption(SocketBoolOption.ReuseAddress, true);
            }

            prepare?.Invoke(listener);
            await listener.BindAsync(address);
            listener.Listen(backlog);
            server = new Server(listener, listener.GetSockName(), start);
        }
        catch
        {
            if (own && listener.State == FileDescriptorState.Opened)
            {
                listener.Close();
            }

            throw;
        }

        Promise.Async(server.AcceptLoop);
        return server;
    }

    /// <summary>
    /// Rejected by an unexpected accept error, which <see cref="Promise.Async"/> hands to the hook
    /// (as Lwt's loop); the listener is closed first, so that a hook that throws leaves no socket open.
    /// </summary>
    private async Promise AcceptLoop()
    {
        try
        {
            while (!_stopping)
            {
                FileDescriptor client;
                EndPoint peer;
                try
                {
                    Promise<(FileDescriptor Socket, EndPoint Address)> accept = _listener.AcceptAsync();
                    _waiting = accept;
                    (client, peer) = await accept;
                }
                catch (CanceledException) when (_stopping)
                {
                    break;
                }
                catch (UnixException e) when (IsAboutOneConnection(e.Errno))
                {
                    continue;
                }
                catch (UnixException e) when (IsResourceShortage(e.Errno))
                {
                    try
                    {
                        Promise pause = Time.Sleep(AcceptRetryDelay);
                        _waiting = pause;
                        await pause;
                    }
                    catch (CanceledException) when (_stopping)
                    {
                        break;
                    }

                    continue;
                }
                finally
                {
                    _waiting = null;
                }

                ActiveConnections++;
                _start(client, peer);
            }
        }
        finally
        {
            _stopping = true;
            Promise.Async(CloseListener);
        }
    }

    private Promise CloseListener()
    {
        try
        {
            if (_listener.State == FileDescriptorState.Opened)
            {
                _listener.Close();
            }

            if (LocalEndPoint is UnixDomainSocketEndPoint unix && IsFileName(unix) && unix.ToString() is { } path)
            {
                // Lwt removes the socket's file so that the address can be bound again.
                _ = Libc.unlink(path);
            }

            _closedResolver.Resolve();
        }
        catch (UnixException e)
        {
            _closedResolver.Reject(e);
        }

        return Promise.Unit;
    }

    /// <summary>
    /// Whether a Unix-domain address names a file: not empty and not abstract (first byte NUL).
    /// .NET prints an abstract name with a leading '@', so the string cannot tell "@name" apart.
    /// </summary>
    private static bool IsFileName(UnixDomainSocketEndPoint address)
    {
        SocketAddress raw = address.Serialize();
        return raw.Size > PathOffset && raw[PathOffset] != 0;
    }

    /// <summary>An accept error that concerns only the connection being accepted: accept(2)'s list of pending network errors to retry, and the like.</summary>
    internal static bool IsAboutOneConnection(int errno) =>
        errno is Libc.ECONNABORTED or Libc.EPROTO or Libc.ENOPROTOOPT or Libc.EPERM or Libc.EINTR
            or Libc.ENETDOWN or Libc.ENETUNREACH or Libc.EHOSTDOWN or Libc.EHOSTUNREACH or Libc.ENONET or Libc.EOPNOTSUPP;

    private static bool IsResourceShortage(int errno) =>
        errno is Libc.EMFILE or Libc.ENFILE or Libc.ENOBUFS or Libc.ENOMEM;

    /// <summary>Sets up an accepted socket; false (socket closed, error to the hook) when the user's prepare function throws.</summary>
    private static bool Prepare(FileDescriptor client, bool setTcpNoDelay, Action<FileDescriptor>? prepareClientSocket)
    {
        try
        {
            if (setTcpNoDelay)
            {
                Connection.TrySetNoDelay(client);
            }

            prepareClientSocket?.Invoke(client);
            return true;
        }
        catch (Exception e)
        {
            client.Close();
            Promise.AsyncExceptionHook(e);
            return false;
        }
    }

    private async Promise ServeChannels(
        FileDescriptor client, EndPoint peer, Func<EndPoint, InputChannel, OutputChannel, Promise> handler, int? bufferSize, bool noClose, bool setTcpNoDelay, Action<FileDescriptor>? prepareClientSocket)
    {
        try
        {
            if (!Prepare(client, setTcpNoDelay, prepareClientSocket))
            {
                return;
            }

            (InputChannel input, OutputChannel output) = Connection.Channels(client, bufferSize);

            // Not a finally: the handler's exception reaches the hook before any error of closing, as in Lwt.
            try
            {
                await handler(peer, input, output);
            }
            catch (Exception e)
            {
                Promise.AsyncExceptionHook(e);
            }

            if (!noClose)
            {
                await CloseBestEffort(input);
                await CloseBestEffort(output);
            }
        }
        finally
        {
            ConnectionEnded();
        }
    }

    private async Promise ServeSocket(
        FileDescriptor client, EndPoint peer, Func<EndPoint, FileDescriptor, Promise> handler, bool noClose, bool setTcpNoDelay, Action<FileDescriptor>? prepareClientSocket)
    {
        try
        {
            if (!Prepare(client, setTcpNoDelay, prepareClientSocket))
            {
                return;
            }

            try
            {
                await handler(peer, client);
            }
            catch (Exception e)
            {
                Promise.AsyncExceptionHook(e);
            }

            if (!noClose)
            {
                try
                {
                    await Connection.CloseSocket(client);
                }
                catch (Exception e)
                {
                    Promise.AsyncExceptionHook(e);
                }
            }
        }
        finally
        {
            ConnectionEnded();
        }
    }

    /// <summary>Closes a channel the handler left open; a channel it closed itself (maybe with an error it handled) is left alone.</summary>
    private static async Promise CloseBestEffort(Channel channel)
    {
        if (channel.IsClosed)
        {
            return;
        }

        try
        {
            await channel.Close();
        }
        catch (Exception e)
        {
            Promise.AsyncExceptionHook(e);
        }
    }
}
