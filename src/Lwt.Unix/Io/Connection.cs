// Connection.cs: client connections as a pair of channels (Lwt's open_connection,
// with_connection, with_close_connection), and the socket channels that servers share.
//
// The two channels of a socket share it. Lwt's code closes the socket when the first of the two
// channels closes (its documentation says "when you close both"); here closing the output channel
// flushes it and shuts the socket down for sending (the peer reads end of input), and the socket
// itself is shut down and closed when both channels are closed, so closing the input channel first
// never loses buffered output.

using System;
using System.Net;
using System.Net.Sockets;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Io;

/// <summary>
/// Client connections over sockets as buffered channels (Lwt's <c>Lwt_io.open_connection</c>,
/// <c>with_connection</c>, <c>with_close_connection</c>).
/// </summary>
public static class Connection
{
    /// <summary>
    /// Connects a new stream socket to <paramref name="address"/> and returns a channel pair over it
    /// (Lwt's <c>Lwt_io.open_connection</c>).
    /// </summary>
    /// <param name="address">An <see cref="IPEndPoint"/> (IPv4 or IPv6) or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="bufferSize">The buffer size of each channel; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="setTcpNoDelay">Sets <c>TCP_NODELAY</c> (no Nagle delay) on IP sockets, as Lwt does by default.</param>
    /// <param name="prepareSocket">Called with the socket before it connects (Lwt's <c>prepare_fd</c>), e.g. to set options.</param>
    /// <param name="socket">A socket to use instead of a new one (Lwt's <c>fd</c>); it belongs to the channels afterwards.</param>
    /// <returns>
    /// The channels. Closing the output channel flushes it and shuts the connection down for sending;
    /// the socket is closed once both are closed. Rejected with <see cref="UnixException"/> naming
    /// <c>connect</c> when the connection fails (ECONNREFUSED...); the socket is then closed. Canceling
    /// it while it connects rejects it with <see cref="CanceledException"/> and closes the socket.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    /// <exception cref="UnixException">The socket could not be made (EMFILE...).</exception>
    public static Promise<(InputChannel Input, OutputChannel Output)> Open(
        EndPoint address, int? bufferSize = null, bool setTcpNoDelay = true, Action<FileDescriptor>? prepareSocket = null, FileDescriptor? socket = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (bufferSize is int size)
        {
            Channel.CheckBufferSize(size, nameof(bufferSize));
        }

        FileDescriptor fd = socket ?? FileDescriptor.Socket(address.AddressFamily, SocketType.Stream);
        return OpenCore(fd, address, bufferSize, setTcpNoDelay, prepareSocket);
    }

    private static async Promise<(InputChannel Input, OutputChannel Output)> OpenCore(
        FileDescriptor fd, EndPoint address, int? bufferSize, bool setTcpNoDelay, Action<FileDescriptor>? prepareSocket)
    {
        try
        {
            if (setTcpNoDelay)
            {
                TrySetNoDelay(fd);
            }

            prepareSocket?.Invoke(fd);
            await fd.ConnectAsync(address);

            // As Lwt: a socket the caller made (or inherited) does not leak into children.
            fd.SetCloseOnExec();
        }
        catch
        {
            if (fd.State == FileDescriptorState.Opened)
            {
                fd.Close();
            }

            throw;
        }

        return Channels(fd, bufferSize);
    }

    /// <summary>
    /// Opens a connection (<see cref="Open"/>), runs <paramref name="f"/> on its channels and closes
    /// them when f's promise resolves (Lwt's <c>Lwt_io.with_connection</c>).
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="address">The address to connect to.</param>
    /// <param name="f">Uses the connection.</param>
    /// <param name="bufferSize">The buffer size of each channel; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="setTcpNoDelay">Sets <c>TCP_NODELAY</c> on IP sockets.</param>
    /// <param name="prepareSocket">Called with the socket before it connects.</param>
    /// <param name="socket">A socket to use instead of a new one.</param>
    /// <returns>f's outcome, after both channels are closed (see <see cref="WithClose"/>). Rejected like <see cref="Open"/> when the connection fails. Canceling it cancels the connect or f's promise; the channels are closed either way.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> or <paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    /// <exception cref="UnixException">The socket could not be made.</exception>
    public static Promise<T> With<T>(
        EndPoint address, Func<InputChannel, OutputChannel, Promise<T>> f, int? bufferSize = null, bool setTcpNoDelay = true, Action<FileDescriptor>? prepareSocket = null, FileDescriptor? socket = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise<(InputChannel Input, OutputChannel Output)> open = Open(address, bufferSize, setTcpNoDelay, prepareSocket, socket);
        return open.Bind(channels => WithClose(channels.Input, channels.Output, f));
    }

    /// <summary>
    /// Runs <paramref name="f"/> on <paramref name="input"/> and <paramref name="output"/> and then
    /// closes both, whether f succeeds or fails (Lwt's <c>Lwt_io.with_close_connection</c>). A channel
    /// that f already closed is left alone, so an error f already saw from closing it is not reported twice.
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="input">The input channel.</param>
    /// <param name="output">The output channel; closing it flushes it.</param>
    /// <param name="f">Uses the channels; an exception it throws rejects the result.</param>
    /// <returns>f's outcome once both channels are closed; if f succeeded but a close failed, rejected with the close's error. Canceling it cancels f's promise; the channels are closed either way.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T> WithClose<T>(InputChannel input, OutputChannel output, Func<InputChannel, OutputChannel, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(f);
        return Promise.Finalize(() => f(input, output), () => Promise.Join(CloseIfOpen(input), CloseIfOpen(output)));
    }

    private static Promise CloseIfOpen(Channel channel) => channel.IsClosed ? Promise.Unit : channel.Close();

    /// <summary>
    /// The channel pair over a connected socket: the output's close shuts down sending; the socket is
    /// shut down and closed when both are closed.
    /// </summary>
    internal static (InputChannel Input, OutputChannel Output) Channels(FileDescriptor socket, int? bufferSize)
    {
        var shared = new SharedSocket(socket);
        var input = InputChannel.Create(socket.ChannelRead, bufferSize, shared.CloseInput);
        var output = OutputChannel.Create(socket.ChannelWrite, bufferSize, shared.CloseOutput);
        return (input, output);
    }

    /// <summary>Sets TCP_NODELAY where the socket supports it (Lwt's default: try, ignore EOPNOTSUPP).</summary>
    internal static void TrySetNoDelay(FileDescriptor socket)
    {
        try
        {
            socket.SetSocketOption(SocketBoolOption.TcpNoDelay, true);
        }
        catch (UnixException e) when (e.Errno is Libc.EOPNOTSUPP or Libc.ENOPROTOOPT or Libc.EINVAL)
        {
            // A Unix-domain socket has no Nagle delay to turn off.
        }
    }

    /// <summary>Lwt's close_socket: shut down both ways (the peer may be gone: ignored), then close.</summary>
    internal static Promise CloseSocket(FileDescriptor socket)
    {
        if (socket.State != FileDescriptorState.Opened)
        {
            return Promise.Unit;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (UnixException)
        {
            // ENOTCONN when the peer closed first, as in Lwt; nothing else can be done here anyway.
        }

        try
        {
            socket.Close();
            return Promise.Unit;
        }
        catch (UnixException e)
        {
            return Promise.Fail(e);
        }
    }

    private sealed class SharedSocket(FileDescriptor socket)
    {
        private bool _inputClosed;
        private bool _outputClosed;

        internal Promise CloseInput()
        {
            _inputClosed = true;
            return _outputClosed ? CloseSocket(socket) : Promise.Unit;
        }

        internal Promise CloseOutput()
        {
            _outputClosed = true;
            if (_inputClosed)
            {
                return CloseSocket(socket);
            }

            if (socket.State == FileDescriptorState.Opened)
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
                catch (UnixException)
                {
                    // ENOTCONN: the peer is gone; the input side will see it.
                }
            }

            return Promise.Unit;
        }
    }
}
