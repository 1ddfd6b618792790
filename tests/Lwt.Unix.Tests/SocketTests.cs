// SocketTests.cs: Lwt_unix's sockets on 127.0.0.1, ::1 and Unix-domain paths in a temp folder:
// bind, listen, accept, connect (which must wait for the connection, Lwt 2.1.0), names, options.

using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class SocketTests
{
    private const int ECONNREFUSED = 111;

    [Fact]
    public void Accept_and_connect_on_loopback_IPv4() =>
        LoopThread.Run(() => Exchange(AddressFamily.InterNetwork, new IPEndPoint(IPAddress.Loopback, 0)));

    [Fact]
    public void Accept_and_connect_on_loopback_IPv6() =>
        LoopThread.Run(() =>
        {
            Assert.SkipUnless(Socket.OSSupportsIPv6, "no IPv6 on this machine");
            Exchange(AddressFamily.InterNetworkV6, new IPEndPoint(IPAddress.IPv6Loopback, 0));
        });

    [Fact]
    public void Accept_and_connect_on_a_Unix_domain_socket() =>
        LoopThread.Run(() =>
        {
            string dir = Directory.CreateTempSubdirectory("lwt-").FullName;
            try
            {
                EndPoint bound = Exchange(AddressFamily.Unix, new UnixDomainSocketEndPoint(Path.Combine(dir, "s")));
                Assert.Equal(Path.Combine(dir, "s"), bound.ToString());
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });

    // Lwt: test_lwt_unix.ml › "bind: basic"
    [Fact]
    public void Bind_then_getsockname_gives_the_address() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            Main.Run(() => s.BindAsync(new IPEndPoint(IPAddress.Loopback, 0)));
            var name = Assert.IsType<IPEndPoint>(s.GetSockName());
            Assert.Equal(IPAddress.Loopback, name.Address);
            Assert.NotEqual(0, name.Port);
        });

    // Lwt: test_lwt_unix.ml › "bind: Unix domain"
    [Fact]
    public void Bind_on_a_Unix_domain_path_runs_and_names_the_path() =>
        LoopThread.Run(() =>
        {
            string dir = Directory.CreateTempSubdirectory("lwt-").FullName;
            try
            {
                string path = Path.Combine(dir, "bound");
                using FileDescriptor s = FileDescriptor.Socket(AddressFamily.Unix, SocketType.Stream);
                Main.Run(() => s.BindAsync(new UnixDomainSocketEndPoint(path)));
                Assert.Equal(path, s.GetSockName().ToString());
                Assert.True(File.Exists(path) || Directory.GetFileSystemEntries(dir).Length == 1);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });

    [Fact]
    public void Binding_an_address_in_use_fails_with_EADDRINUSE() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor a = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            using FileDescriptor b = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            a.Listen(1);
            var e = Assert.Throws<UnixException>(() => b.Bind(a.GetSockName()));
            Assert.Equal(98, e.Errno);
            Assert.Equal("bind", e.Call);
            Assert.IsType<UnixException>(b.BindAsync(a.GetSockName()).Exception);
        });

    [Fact]
    public void Connecting_to_a_closed_port_rejects_with_ECONNREFUSED() =>
        LoopThread.Run(() =>
        {
            // A port that was just free: bind, read the port, close without listening.
            int port;
            using (FileDescriptor probe = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.GetSockName()).Port;
            }

            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            var e = Assert.Throws<UnixException>(() => Main.Run(() => s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port))));
            Assert.Equal(ECONNREFUSED, e.Errno);
            Assert.Equal("connect", e.Call);
        });

    [Fact]
    public void Connecting_to_a_missing_Unix_domain_path_rejects_with_ENOENT() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.Unix, SocketType.Stream);
            var e = Assert.Throws<UnixException>(() => Main.Run(() => s.ConnectAsync(new UnixDomainSocketEndPoint("/nonexistent-lwt-test/s"))));
            Assert.Equal(2, e.Errno);
        });

    [Fact]
    public void A_waiting_accept_is_woken_by_a_connection_and_canceling_one_takes_none() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor listener = Listen(AddressFamily.InterNetwork, new IPEndPoint(IPAddress.Loopback, 0));
            Promise<(FileDescriptor Socket, EndPoint Address)> canceled = listener.AcceptAsync();
            Assert.True(canceled.IsPending);
            canceled.Cancel();
            Assert.IsType<CanceledException>(canceled.Exception);

            Promise<(FileDescriptor Socket, EndPoint Address)> accept = listener.AcceptAsync();
            Assert.True(accept.IsPending);
            using FileDescriptor client = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            (FileDescriptor server, EndPoint peer) = Main.Run(() => client.ConnectAsync(listener.GetSockName()).Bind(() => accept));
            using (server)
            {
                Assert.Equal(client.GetSockName(), peer);
                Assert.False(server.IsBlocking);
            }
        });

    [Fact]
    public void Accept_and_connect_on_a_blocking_socket_from_elsewhere_make_it_non_blocking_and_wait() =>
        LoopThread.Run(() =>
        {
            // Lwt's wrap_syscall settles the descriptor's mode first: a socket is made non-blocking,
            // so accept waits for a connection instead of blocking the loop in accept4.
            using var dotnetListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            dotnetListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            dotnetListener.Listen(8);
            var address = (IPEndPoint)dotnetListener.LocalEndPoint!;
            using FileDescriptor listener = FileDescriptor.FromRaw(TestLibc.dup((int)dotnetListener.Handle));

            // Were the loop stuck in accept4, this connection would free it, and the accept would be done.
            using var rescue = new System.Threading.Timer(_ =>
            {
                using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                late.Connect(address);
            }, null, 3000, System.Threading.Timeout.Infinite);
            Promise<(FileDescriptor Socket, EndPoint Address)> accept = listener.AcceptAsync();
            Assert.True(accept.IsPending);
            Assert.False(listener.IsBlocking);
            rescue.Change(System.Threading.Timeout.Infinite, System.Threading.Timeout.Infinite);

            using var dotnetClient = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using FileDescriptor client = FileDescriptor.FromRaw(TestLibc.dup((int)dotnetClient.Handle));
            Promise connecting = client.ConnectAsync(address);
            Assert.False(client.IsBlocking);
            (FileDescriptor server, _) = Main.Run(() => connecting.Bind(() => accept));
            server.Close();
        });

    [Fact]
    public void Closing_a_listener_rejects_its_waiting_accept() =>
        LoopThread.Run(() =>
        {
            FileDescriptor listener = Listen(AddressFamily.InterNetwork, new IPEndPoint(IPAddress.Loopback, 0));
            Promise<(FileDescriptor Socket, EndPoint Address)> accept;
            try
            {
                accept = listener.AcceptAsync();
            }
            finally
            {
                listener.Close();
            }

            Assert.Equal("accept", Assert.IsType<UnixException>(accept.Exception).Call);
        });

    [Fact]
    public void Shutdown_send_gives_the_peer_end_of_file() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                a.Shutdown(SocketShutdown.Send);
                Assert.Equal(0, Main.Run(() => b.ReadAsync(new byte[1])));
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Socket_options_can_be_set_and_read_back() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            foreach (SocketBoolOption option in new[] { SocketBoolOption.ReuseAddress, SocketBoolOption.ReusePort, SocketBoolOption.TcpNoDelay, SocketBoolOption.KeepAlive })
            {
                Assert.False(s.GetSocketOption(option));
                s.SetSocketOption(option, true);
                Assert.True(s.GetSocketOption(option), option.ToString());
            }

            s.SetSocketOption(SocketIntOption.ReceiveBuffer, 65536);
            Assert.True(s.GetSocketOption(SocketIntOption.ReceiveBuffer) >= 65536);
            Assert.Equal((int)SocketType.Stream, s.GetSocketOption(SocketIntOption.Type));
            Assert.False(s.GetSocketOption(SocketBoolOption.AcceptConnection));
            Assert.Null(s.GetSocketError());
            Assert.Throws<UnixException>(() => s.SetSocketOption(SocketBoolOption.IPv6Only, true));
        });

    [Fact]
    public void Peer_name_of_an_unconnected_socket_fails_with_ENOTCONN() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            Assert.Equal(107, Assert.Throws<UnixException>(() => s.GetPeerName()).Errno);
        });

    private static FileDescriptor Listen(AddressFamily family, EndPoint address)
    {
        FileDescriptor listener = FileDescriptor.Socket(family, SocketType.Stream);
        listener.Bind(address);
        listener.Listen(16);
        return listener;
    }

    /// <summary>Listens on <paramref name="address"/>, connects, echoes one message; returns the bound name.</summary>
    private static EndPoint Exchange(AddressFamily family, EndPoint address)
    {
        using FileDescriptor listener = Listen(family, address);
        EndPoint bound = listener.GetSockName();
        using FileDescriptor client = FileDescriptor.Socket(family, SocketType.Stream);
        Main.Run(async () =>
        {
            Promise<(FileDescriptor Socket, EndPoint Address)> accepting = listener.AcceptAsync();
            await client.ConnectAsync(bound);
            (FileDescriptor server, EndPoint peer) = await accepting;
            using (server)
            {
                Assert.Equal(family, peer.AddressFamily);
                Assert.Equal(bound, server.GetSockName());
                Assert.Equal(bound, client.GetPeerName());
                await client.WriteAsync(new byte[] { 1, 2, 3 });
                var buffer = new byte[3];
                Assert.Equal(3, await server.ReadAsync(buffer));
                await server.WriteAsync(buffer);
                Assert.Equal(3, await client.ReadAsync(new byte[8]));
            }
        });
        return bound;
    }
}
