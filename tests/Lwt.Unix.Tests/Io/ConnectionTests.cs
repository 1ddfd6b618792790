// ConnectionTests.cs: Lwt_io's open_connection, with_connection and with_close_connection, and
// how the two channels of a socket close (test/unix/test_lwt_io.ml by intent), plus the errors of
// a connection that the peer resets or half-closes, and writes to closed channels.

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ConnectionTests
{
    private const int EBADF = 9;
    private const int ECONNREFUSED = 111;
    private const int ECONNRESET = 104;
    private const int EPIPE = 32;

    private static readonly IPEndPoint Loopback = ServerTests.Loopback;

    // Lwt: test_lwt_io.ml › "with_connection"
    [Fact]
    public void With_closes_both_channels_after_the_function() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, (_, _, _) => Promise.Unit);
            InputChannel? input = null;
            OutputChannel? output = null;
            int result = await Connection.With(server.LocalEndPoint, (i, o) =>
            {
                (input, output) = (i, o);
                return Promise.Return(42);
            });
            Assert.Equal(42, result);
            Assert.True(input!.IsClosed && output!.IsClosed);
        }));

    [Fact]
    public void With_closes_the_channels_when_the_function_fails() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            InputChannel? input = null;
            InvalidDataException e = await Rejection.Of<InvalidDataException>(Connection.With<int>(server.LocalEndPoint, (i, _) =>
            {
                input = i;
                throw new InvalidDataException("f failed");
            }));
            Assert.Equal("f failed", e.Message);
            Assert.True(input!.IsClosed);
        }));

    // Lwt: test_lwt_io.ml › "with_close_connection: no duplicate exceptions"
    [Fact]
    public void WithClose_does_not_report_again_an_error_the_function_saw_closing() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            InputChannel input;
            OutputChannel output;
            try
            {
                input = InputChannel.FromDescriptor(r);
                output = OutputChannel.FromDescriptor(w);
            }
            finally
            {
                r.Close();
                w.Close();
            }

            int observed = 0;
            async Promise ExpectingEbadf(Func<Promise> f)
            {
                try
                {
                    await f();
                }
                catch (UnixException e) when (e.Errno == EBADF)
                {
                    observed++;
                }
            }

            await ExpectingEbadf(() => Connection.WithClose(input, output, async (i, o) =>
            {
                await ExpectingEbadf(i.Close);
                await ExpectingEbadf(o.Close);
                return 0;
            }));
            Assert.Equal(2, observed);
        }));

    // Lwt's open_connection sets close-on-exec on the socket once connected, also on one it was given.
    [Fact]
    public void Open_makes_a_given_socket_close_on_exec() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            FileDescriptor socket = FileDescriptor.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream);
            socket.ClearCloseOnExec();
            Assert.Equal(0, TestLibc.fcntl_getfd(socket.Fd) & 1);
            (InputChannel input, OutputChannel output) = await Connection.Open(server.LocalEndPoint, socket: socket);
            Assert.Equal(1, TestLibc.fcntl_getfd(socket.Fd) & 1);
            await output.Close();
            await input.Close();
        }));

    [Fact]
    public void Open_to_a_closed_port_rejects_with_ECONNREFUSED() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            EndPoint address = server.LocalEndPoint;
            await server.Shutdown();
            UnixException e = await Rejection.Of<UnixException>(Connection.Open(address));
            Assert.Equal((ECONNREFUSED, "connect"), (e.Errno, e.Call));
        }));

    // Lwt: test_lwt_io.ml › "open_connection: shutdown: server closes first"
    [Fact]
    public void The_client_sees_end_of_input_when_the_server_closes_first() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                await input.Close();
                await output.Close();
            });
            bool result = await Connection.With(server.LocalEndPoint, async (input, output) =>
            {
                Assert.Null(await input.TryReadLine());
                return true;
            });
            Assert.True(result);
        }));

    [Fact]
    public void Closing_the_output_half_closes_and_the_input_still_reads_the_reply() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // A request/response peer: it reads to end of input, then answers with the byte count.
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                byte[] request = await input.ReadAllBytes();
                await output.WriteLine(request.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
            (InputChannel clientIn, OutputChannel clientOut) = await Connection.Open(server.LocalEndPoint);
            byte[] payload = new byte[100_000];
            new Random(7).NextBytes(payload);
            await clientOut.WriteFromExactly(payload);
            await clientOut.Close(); // flushes, then shutdown(SHUT_WR): the server reads end of input
            Assert.Equal("100000", await clientIn.ReadLine());
            Assert.Null(await clientIn.TryReadLine());
            await clientIn.Close();
        }));

    [Fact]
    public void A_half_close_by_the_peer_mid_read_gives_every_byte_then_end_of_input() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientSocket(Loopback, async (_, socket) =>
            {
                await socket.WriteAsync(new byte[] { 1, 2, 3, 4, 5 });
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                await socket.ReadAsync(new byte[1]); // until the client goes
            });
            await Connection.With(server.LocalEndPoint, async (input, output) =>
            {
                byte[] buffer = new byte[8];
                EndOfStreamException e = await Rejection.Of<EndOfStreamException>(input.ReadExactly(buffer));
                Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0, 0, 0 }, buffer);
                Assert.Equal(5, input.Position);
                Assert.Equal(0, await input.ReadInto(buffer));
                return 0;
            });
        }));

    [Fact]
    public void A_peer_reset_mid_read_rejects_with_ECONNRESET_after_the_bytes_sent_before_it() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // The server resets only once the client's connect has completed (else connect itself
            // may report the reset).
            (Promise connected, Resolver ready) = Promise.Wait();
            await using Server server = await Server.EstablishWithClientSocket(
                Loopback,
                async (_, socket) =>
                {
                    await connected;
                    await socket.WriteAsync("before the reset\n"u8.ToArray());
                    Assert.Equal(0, TestLibc.SetLinger(socket.Fd, on: true, seconds: 0));
                    socket.Close(); // RST
                },
                noClose: true);
            await Connection.With(server.LocalEndPoint, async (input, output) =>
            {
                ready.Resolve();

                // The reset may discard unread bytes in the kernel (Linux does): read what arrives.
                var lines = new List<string>();
                try
                {
                    while (await input.TryReadLine() is string line)
                    {
                        lines.Add(line);
                    }

                    Assert.Fail("the reset must not look like a clean end of input");
                }
                catch (UnixException e)
                {
                    Assert.Equal((ECONNRESET, "read"), (e.Errno, e.Call));
                }

                Assert.True(lines.Count == 0 || lines is ["before the reset"], string.Join("|", lines));
                return 0;
            });
        }));

    [Fact]
    public void Writing_to_a_reset_peer_rejects_the_flush_with_EPIPE_or_ECONNRESET() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (Promise connected, Resolver ready) = Promise.Wait();
            (Promise reset, Resolver resetDone) = Promise.Wait();
            await using Server server = await Server.EstablishWithClientSocket(
                Loopback,
                async (_, socket) =>
                {
                    await connected;
                    TestLibc.SetLinger(socket.Fd, on: true, seconds: 0);
                    socket.Close();
                    resetDone.Resolve();
                },
                noClose: true);
            (InputChannel input, OutputChannel output) = await Connection.Open(server.LocalEndPoint);
            ready.Resolve();
            await reset;
            Assert.Null(await Promise.Catch(() => input.TryReadLine(), _ => Promise.Return<string?>(null)));
            byte[] chunk = new byte[65536];
            UnixException? failure = null;
            for (int i = 0; i < 100 && failure is null; i++)
            {
                try
                {
                    await output.WriteFromExactly(chunk);
                    await output.Flush();
                }
                catch (UnixException e)
                {
                    failure = e;
                }
            }

            Assert.NotNull(failure);
            Assert.Contains(failure.Errno, new[] { EPIPE, ECONNRESET });
            Assert.Equal("write", failure.Call);
            await Promise.Catch(() => Promise.Join(input.Close(), output.Close()), _ => Promise.Unit);
        }));

    [Fact]
    public void Writes_and_reads_on_closed_connection_channels_fail_with_ChannelClosedException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            (InputChannel input, OutputChannel output) = await Connection.Open(server.LocalEndPoint);
            await output.Close();
            await input.Close();
            await Rejection.Of<ChannelClosedException>(output.WriteLine("late"));
            await Rejection.Of<ChannelClosedException>(output.Flush());
            await Rejection.Of<ChannelClosedException>(input.ReadLine());
        }));

    [Fact]
    public void Closing_the_input_first_keeps_the_socket_until_the_output_is_flushed_and_closed() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (Promise<string> received, Resolver<string> receive) = Promise.Wait<string>();
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, serverInput, _) =>
                receive.Resolve(await serverInput.ReadLine()));
            (InputChannel input, OutputChannel output) = await Connection.Open(server.LocalEndPoint);
            await output.Write("buffered, not flushed\n");
            await input.Close();
            await output.Close(); // flushes through the still open socket
            Assert.True(output.IsClosed);
            Assert.Equal("buffered, not flushed", await Time.WithTimeout(TimeSpan.FromSeconds(10), () => received));
        }));
}
