// ServerTests.cs: Lwt_io's servers (establish_server_with_client_address/_socket, the deprecated
// establish_server, shutdown_server) on 127.0.0.1, ::1 and Unix-domain paths: handlers, implicit
// and explicit close, no_close, exceptions, shutdown. Ports test/unix/test_lwt_io.ml by intent.

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ServerTests
{
    private const int ECONNREFUSED = 111;
    private const int EADDRINUSE = 98;

    internal static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    /// <summary>A handler that answers every line with "echo: line" until end of input.</summary>
    internal static async Promise EchoLines(EndPoint peer, InputChannel input, OutputChannel output)
    {
        while (await input.TryReadLine() is string line)
        {
            await output.WriteLine("echo: " + line);
            await output.Flush();
        }
    }

    private static async Promise<string> AskOnce(EndPoint address, string line) =>
        await Connection.With(address, async (input, output) =>
        {
            await output.WriteLine(line);
            await output.Flush();
            return await input.ReadLine();
        });

    // accept(2): "treat them like EAGAIN by retrying": ENETDOWN, EPROTO, ENOPROTOOPT, EHOSTDOWN,
    // ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH; Lwt retries ECONNABORTED. Descriptor
    // shortages and a broken listener are not about one connection.
    [Theory]
    [InlineData(100, true)]
    [InlineData(71, true)]
    [InlineData(92, true)]
    [InlineData(112, true)]
    [InlineData(64, true)]
    [InlineData(113, true)]
    [InlineData(95, true)]
    [InlineData(101, true)]
    [InlineData(103, true)]
    [InlineData(24, false)]
    [InlineData(23, false)]
    [InlineData(9, false)]
    [InlineData(22, false)]
    public void Accept_errors_of_one_pending_connection_are_told_apart_as_accept_2_says(int errno, bool aboutOneConnection) =>
        Assert.Equal(aboutOneConnection, Server.IsAboutOneConnection(errno));

    [Fact]
    public void A_server_on_port_0_reports_the_chosen_port_and_serves_IPv4() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Server server = await Server.EstablishWithClientAddress(Loopback, EchoLines);
            var bound = Assert.IsType<IPEndPoint>(server.LocalEndPoint);
            Assert.NotEqual(0, bound.Port);
            Assert.Equal("echo: hello", await AskOnce(bound, "hello"));
            await server.Shutdown();
            Assert.True(server.IsShutdown);
            await server.WaitForHandlers();
        }));

    [Fact]
    public void A_server_serves_IPv6() =>
        LoopThread.Run(() =>
        {
            Assert.SkipUnless(Socket.OSSupportsIPv6, "no IPv6 on this machine");
            Main.Run(async () =>
            {
                await using Server server = await Server.EstablishWithClientAddress(new IPEndPoint(IPAddress.IPv6Loopback, 0), EchoLines);
                Assert.Equal("echo: six", await AskOnce(server.LocalEndPoint, "six"));
            });
        });

    [Fact]
    public void A_server_serves_a_Unix_domain_path_and_removes_it_on_shutdown() =>
        TempFolder.Run(async dir =>
        {
            var address = new UnixDomainSocketEndPoint(dir["chat.sock"]);
            Server server = await Server.EstablishWithClientAddress(address, EchoLines);
            Assert.True(File.Exists(dir["chat.sock"]) || Directory.GetFileSystemEntries(dir.Path).Length == 1);
            Assert.Equal("echo: unix", await AskOnce(address, "unix"));
            await server.DisposeAsync();
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        });

    // Lwt unlinks every ADDR_UNIX path but "" and an abstract name (first byte NUL); a file name
    // that starts with '@' (only how .NET prints abstract names) is still a file.
    [Fact]
    public void A_server_removes_its_socket_file_on_shutdown_even_when_the_relative_path_starts_with_an_at_sign() =>
        TempFolder.Run(async dir =>
        {
            // A relative path starts with '@' only in the current directory: a link there leads into the temp folder.
            string link = "@lwt-test-" + Guid.NewGuid().ToString("N");
            Directory.CreateSymbolicLink(link, dir.Path);
            try
            {
                var address = new UnixDomainSocketEndPoint(link + "/at.sock");
                Server server = await Server.EstablishWithClientAddress(address, EchoLines);
                Assert.Single(Directory.GetFileSystemEntries(dir.Path));
                Assert.Equal("echo: at", await AskOnce(address, "at"));
                await server.DisposeAsync();
                Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
            }
            finally
            {
                File.Delete(link);
            }
        });

    [Fact]
    public void An_abstract_Unix_socket_name_is_served_and_no_file_is_removed() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var address = new UnixDomainSocketEndPoint("\0lwt-test-" + Guid.NewGuid().ToString("N"));
            Server server = await Server.EstablishWithClientAddress(address, EchoLines);
            Assert.Equal("echo: abstract", await AskOnce(address, "abstract"));
            await server.DisposeAsync();
        }));

    [Fact]
    public void Handlers_of_several_connections_run_concurrently() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // The first handler waits until the second connection has been served.
            (Promise secondServed, Resolver secondDone) = Promise.Wait();
            int served = 0;
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                string line = await input.ReadLine();
                if (++served == 1)
                {
                    await secondServed;
                }
                else
                {
                    secondDone.Resolve();
                }

                await output.WriteLine(line);
            });
            (InputChannel in1, OutputChannel out1) = await Connection.Open(server.LocalEndPoint);
            await out1.WriteLine("first");
            await out1.Flush();
            Promise<string> reply1 = in1.ReadLine();
            Assert.Equal("second", await AskOnce(server.LocalEndPoint, "second"));
            Assert.Equal("first", await reply1);
            await Promise.Join(in1.Close(), out1.Close());
        }));

    // Lwt: test_lwt_io.ml › "establish_server: implicit close"
    [Fact]
    public void The_channels_are_closed_when_the_handler_returns() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var seen = new List<Channel>();
            bool openInHandler = false;
            await using Server server = await Server.EstablishWithClientAddress(Loopback, (_, input, output) =>
            {
                seen.Add(input);
                seen.Add(output);
                openInHandler = !input.IsClosed && !output.IsClosed;
                return output.WriteLine("bye");
            });
            await Connection.With(server.LocalEndPoint, async (input, _) =>
            {
                Assert.Equal("bye", await input.ReadLine());
                Assert.Null(await input.TryReadLine()); // the server closed its end
                return 0;
            });
            Assert.True(openInHandler);
            Assert.All(seen, c => Assert.True(c.IsClosed));
            Assert.Equal(0, server.ActiveConnections);
        }));

    // Lwt: test_lwt_io.ml › "establish_server: implicit close on exception"
    [Fact]
    public void A_throwing_handler_goes_to_the_hook_its_channels_close_and_the_server_goes_on() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var hooked = new List<Exception>();
            Promise.AsyncExceptionHook = hooked.Add;
            int calls = 0;
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (peer, input, output) =>
            {
                if (++calls == 1)
                {
                    throw new InvalidDataException("handler failed");
                }

                await EchoLines(peer, input, output);
            });
            await Connection.With(server.LocalEndPoint, async (input, _) =>
            {
                Assert.Null(await input.TryReadLine());
                return 0;
            });
            Assert.Equal("handler failed", Assert.Single(hooked).Message);
            Assert.Equal("echo: still here", await AskOnce(server.LocalEndPoint, "still here"));
        }));

    // Lwt lets an accept error other than ECONNABORTED reject its accept loop, which goes to the
    // hook; here the loop also closes the listener. A hook that throws must not leave it open.
    [Fact]
    public void An_unexpected_accept_error_closes_the_listener_even_when_the_hook_throws()
    {
        var hooked = new List<Exception>();
        FileDescriptor? listener = null;
        Server? server = null;
        LoopThread.Run(() =>
        {
            Exception? escaped = Record.Exception(() => Main.Run(async () =>
            {
                Promise.AsyncExceptionHook = e =>
                {
                    hooked.Add(e);
                    throw new InvalidOperationException("hook failed");
                };
                listener = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
                server = await Server.EstablishWithClientAddress(Loopback, EchoLines, socket: listener);

                // A listening socket shut down for reading fails accept(2) with EINVAL.
                listener.Shutdown(SocketShutdown.Receive);
                await Time.Sleep(TimeSpan.FromSeconds(5));
            }));
            Assert.Equal("hook failed", escaped?.Message);
            Promise.AsyncExceptionHook = hooked.Add;
            Main.Run(() => server!.Shutdown());
        });
        Assert.Equal(22, Assert.IsType<UnixException>(Assert.Single(hooked)).Errno);
        Assert.Equal(FileDescriptorState.Closed, listener!.State);
        Assert.True(server!.IsShutdown);
    }

    // Lwt: test_lwt_io.ml › "establish_server: explicit close"
    [Fact]
    public void A_handler_may_close_its_channels_itself() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            bool closedInHandler = false;
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                await output.WriteLine("closing");
                await input.Close();
                await output.Close();
                closedInHandler = input.IsClosed && output.IsClosed;
            });
            string?[] lines = await Connection.With(server.LocalEndPoint, async (input, _) => new[] { await input.TryReadLine(), await input.TryReadLine() });
            Assert.Equal(["closing", null], lines);
            Assert.True(closedInHandler);
        }));

    [Fact]
    public void With_noClose_the_channels_stay_open_after_the_handler() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (Promise<(InputChannel, OutputChannel)> kept, Resolver<(InputChannel, OutputChannel)> keep) = Promise.Wait<(InputChannel, OutputChannel)>();
            await using Server server = await Server.EstablishWithClientAddress(
                Loopback,
                (_, input, output) =>
                {
                    keep.Resolve((input, output));
                    return Promise.Unit;
                },
                noClose: true);
            (InputChannel clientIn, OutputChannel clientOut) = await Connection.Open(server.LocalEndPoint);
            (InputChannel serverIn, OutputChannel serverOut) = await kept;
            Assert.Equal(0, server.ActiveConnections);
            Assert.False(serverIn.IsClosed || serverOut.IsClosed);
            await serverOut.WriteLine("after the handler");
            await serverOut.Flush();
            Assert.Equal("after the handler", await clientIn.ReadLine());
            await Promise.Join(serverIn.Close(), serverOut.Close(), clientIn.Close(), clientOut.Close());
        }));

    [Fact]
    public void Shutdown_stops_accepting_and_lets_running_handlers_finish() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (Promise release, Resolver releaser) = Promise.Wait();
            (Promise started, Resolver start) = Promise.Wait();
            Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                start.Resolve();
                await release;
                await output.WriteLine("finished after shutdown");
            });
            EndPoint address = server.LocalEndPoint;
            (InputChannel input, OutputChannel output) = await Connection.Open(address);
            await started;
            Promise shutdown = server.Shutdown();
            await shutdown;
            await server.Shutdown(); // a second call is harmless
            Assert.Equal(1, server.ActiveConnections);

            UnixException refused = await Rejection.Of<UnixException>(Connection.Open(address));
            Assert.Equal((ECONNREFUSED, "connect"), (refused.Errno, refused.Call));

            Promise handlers = server.WaitForHandlers();
            Assert.True(handlers.IsPending);
            releaser.Resolve();
            Assert.Equal("finished after shutdown", await input.ReadLine());
            Assert.Null(await input.TryReadLine());
            await handlers;
            Assert.Equal(0, server.ActiveConnections);
            await Promise.Join(input.Close(), output.Close());
        }));

    [Fact]
    public void A_server_on_an_address_in_use_rejects_with_EADDRINUSE() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server first = await Server.EstablishWithClientAddress(Loopback, EchoLines);
            UnixException e = await Rejection.Of<UnixException>(Server.EstablishWithClientAddress(first.LocalEndPoint, EchoLines));
            Assert.Equal((EADDRINUSE, "bind"), (e.Errno, e.Call));
        }));

    [Fact]
    public void Bad_arguments_throw_before_anything_starts() =>
        LoopThread.Run(() =>
        {
            Func<EndPoint, InputChannel, OutputChannel, Promise> handler = EchoLines;
            Assert.Equal("address", Assert.Throws<ArgumentNullException>(() => Server.EstablishWithClientAddress(null!, handler)).ParamName);
            Assert.Equal("handler", Assert.Throws<ArgumentNullException>(() => Server.EstablishWithClientAddress(Loopback, null!)).ParamName);
            Assert.Equal("handler", Assert.Throws<ArgumentNullException>(() => Server.EstablishWithClientSocket(Loopback, null!)).ParamName);
            Assert.Equal("backlog", Assert.Throws<ArgumentOutOfRangeException>(() => Server.EstablishWithClientAddress(Loopback, handler, backlog: -1)).ParamName);
            Assert.Equal("bufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => Server.EstablishWithClientAddress(Loopback, handler, bufferSize: 4)).ParamName);
            Assert.Equal("address", Assert.Throws<ArgumentNullException>(() => Connection.Open(null!)).ParamName);
            Assert.Equal("bufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => Connection.Open(Loopback, bufferSize: 0)).ParamName);
            Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Connection.With<int>(Loopback, null!)).ParamName);
        });

    [Fact]
    public void The_socket_handler_gets_the_peer_and_its_socket_is_closed_afterwards() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            FileDescriptor? accepted = null;
            EndPoint? peer = null;
            await using Server server = await Server.EstablishWithClientSocket(Loopback, async (address, socket) =>
            {
                peer = address;
                accepted = socket;
                await socket.WriteAsync("raw\n"u8.ToArray());
            });
            bool prepared = false;
            await Connection.With(
                server.LocalEndPoint,
                async (input, _) =>
                {
                    Assert.Equal("raw", await input.ReadLine());
                    Assert.Null(await input.TryReadLine());
                    return 0;
                },
                prepareSocket: s => prepared = s.State == FileDescriptorState.Opened);
            Assert.True(prepared);
            Assert.NotNull(peer);
            Assert.Equal(FileDescriptorState.Closed, accepted!.State);
        }));

    [Fact]
    public void A_throwing_prepareClientSocket_closes_that_connection_only() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var hooked = new List<Exception>();
            Promise.AsyncExceptionHook = hooked.Add;
            int prepared = 0;
            await using Server server = await Server.EstablishWithClientAddress(
                Loopback,
                EchoLines,
                prepareClientSocket: _ =>
                {
                    if (++prepared == 1)
                    {
                        throw new InvalidOperationException("refuse the first");
                    }
                });
            await Connection.With(server.LocalEndPoint, async (input, _) =>
            {
                Assert.Null(await input.TryReadLine());
                return 0;
            });
            Assert.IsType<InvalidOperationException>(Assert.Single(hooked));
            Assert.Equal("echo: second", await AskOnce(server.LocalEndPoint, "second"));
        }));

    // Lwt: test_lwt_io.ml › "establish_server_1: shutdown: client closes first" (with the current establish_server)
    [Fact]
    public void The_deprecated_Establish_serves_without_the_address_and_survives_a_client_closing_first() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var hooked = new List<Exception>();
            Promise.AsyncExceptionHook = hooked.Add;
            (Promise clientGone, Resolver gone) = Promise.Wait();
            (Promise handlerDone, Resolver done) = Promise.Wait();
#pragma warning disable CS0618 // Lwt's deprecated establish_server is what this tests.
            Server server = await Server.Establish(Loopback, async (input, output) =>
            {
                await clientGone;
                await input.Close();
                await output.Close();
                done.Resolve();
            });
#pragma warning restore CS0618
            await Connection.With(server.LocalEndPoint, (_, _) => Promise.Return(0));
            gone.Resolve();
            await server.Shutdown();
            await handlerDone;
            await server.WaitForHandlers();
            Assert.Empty(hooked);
        }));
}
