// ChannelReadinessTests.cs: an input channel over a non-blocking descriptor tries its read at
// once, except right after a read that got fewer bytes than it asked for (the kernel's buffer was
// empty then): that one waits for readiness first, so a request-response connection makes one
// read per message instead of two (one failing with EAGAIN). Bytes that came meanwhile are read in
// the next loop iteration, none is lost, and end of input still reads as 0.

using System;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelReadinessTests
{
    [Fact]
    public void After_a_short_read_the_next_read_waits_for_readiness_even_when_bytes_are_there() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var input = InputChannel.FromDescriptor(a);
            try
            {
                var buffer = new byte[100];
                Assert.Equal(5, Main.Run(b.WriteAsync("hello"u8.ToArray())));
                Promise<int> first = input.ReadInto(buffer);
                Assert.True(first.IsFulfilled);
                Assert.Equal(5, first.Result);

                Assert.Equal(5, Main.Run(b.WriteAsync("world"u8.ToArray())));
                Promise<int> second = input.ReadInto(buffer);
                Assert.True(second.IsPending, "the read after a short read was tried at once");
                Assert.Equal(5, Main.Run(second));
                Assert.Equal("world", Encoding.ASCII.GetString(buffer, 0, 5));
            }
            finally
            {
                Main.Run(input.Close());
                b.Close();
            }
        });

    [Fact]
    public void After_a_read_that_filled_the_buffer_the_next_read_is_tried_at_once() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var input = InputChannel.FromDescriptor(a, bufferSize: Channel.MinBufferSize);
            try
            {
                byte[] data = new byte[Channel.MinBufferSize + 3];
                new Random(3).NextBytes(data);
                Assert.Equal(data.Length, Main.Run(b.WriteAsync(data)));

                var buffer = new byte[data.Length];
                Promise<int> first = input.ReadInto(buffer);
                Assert.True(first.IsFulfilled);
                Assert.Equal(Channel.MinBufferSize, first.Result);

                Promise<int> second = input.ReadInto(buffer.AsMemory(Channel.MinBufferSize));
                Assert.False(second.IsPending, "the read after a full read waited for readiness");
                Assert.Equal(3, Main.Run(second));
                Assert.Equal(data, buffer);
            }
            finally
            {
                Main.Run(input.Close());
                b.Close();
            }
        });

    [Fact]
    public void A_read_waiting_after_a_short_read_sees_the_end_of_input() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var input = InputChannel.FromDescriptor(a);
            try
            {
                Assert.Equal(2, Main.Run(b.WriteAsync("hi"u8.ToArray())));
                Assert.Equal("hi"u8.ToArray(), Main.Run(input.Read(100)));

                Promise<byte[]> rest = input.Read(100);
                Assert.True(rest.IsPending);
                b.Close();
                Assert.Empty(Main.Run(rest));
            }
            finally
            {
                Main.Run(input.Close());
            }
        });

    [Theory]
    [InlineData("epoll")]
    [InlineData("poll")]
    [InlineData("select")]
    public void Many_short_messages_each_answered_arrive_whole_and_in_order(string engine) =>
        LoopThread.Run(() =>
        {
            // Every engine's watches are level-triggered, which the wait after a short read relies on.
            switch (engine)
            {
                case "poll":
                    EventLoop.Current.SetEngine(new Engine.PollEngine());
                    break;
                case "select":
                    EventLoop.Current.SetEngine(new Engine.SelectEngine());
                    break;
            }

            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var serverIn = InputChannel.FromDescriptor(a, close: () => Promise.Unit);
            var serverOut = OutputChannel.FromDescriptor(a);
            var clientIn = InputChannel.FromDescriptor(b, close: () => Promise.Unit);
            var clientOut = OutputChannel.FromDescriptor(b);
            try
            {
                Main.Run(Promise.Join(Echo(serverIn, serverOut), Talk(clientIn, clientOut)));
            }
            finally
            {
                Main.Run(Promise.Join(serverOut.Close(), clientOut.Close()));
            }
        });

    private static async Promise Echo(InputChannel input, OutputChannel output)
    {
        while (await input.TryReadLine() is string line)
        {
            await output.WriteLine(line);
            await output.Flush();
        }
    }

    private static async Promise Talk(InputChannel input, OutputChannel output)
    {
        for (int i = 0; i < 2000; i++)
        {
            string message = "message " + i + new string('x', i % 37);
            await output.WriteLine(message);
            await output.Flush();
            Assert.Equal(message, await input.ReadLine());
        }

        await output.Close();
    }

    [Fact]
    public void A_channel_over_a_socket_set_to_blocking_mode_never_blocks_the_loop() =>
        LoopThread.Run(() =>
        {
            // Blocking descriptors go to worker threads (Lwt's rule); the socket fast paths of the
            // channels (recv/send on the loop thread) must not apply to them.
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            a.SetBlocking(true);
            var input = InputChannel.FromDescriptor(a, close: () => Promise.Unit);
            var output = OutputChannel.FromDescriptor(a, close: () => Promise.Unit);
            var peerIn = InputChannel.FromDescriptor(b, close: () => Promise.Unit);
            var peerOut = OutputChannel.FromDescriptor(b, close: () => Promise.Unit);
            try
            {
                Main.Run(async () =>
                {
                    // A read with nothing to read: the loop still runs timers meanwhile.
                    Promise<string> line = input.ReadLine();
                    await Time.Sleep(TimeSpan.FromMilliseconds(20));
                    Assert.True(line.IsPending);
                    await peerOut.WriteLine("hello");
                    await peerOut.Flush();
                    Assert.Equal("hello", await line);

                    // More than the socket's buffers hold: the peer drains it on the same loop.
                    byte[] data = new byte[4 << 20];
                    new Random(5).NextBytes(data);
                    var received = new byte[data.Length];
                    await Promise.Join(
                        output.WriteFromExactly(data).Bind(() => output.Flush()),
                        peerIn.ReadExactly(received));
                    Assert.Equal(data, received);
                });
            }
            finally
            {
                Main.Run(Promise.Join(input.Close(), output.Close(), peerIn.Close(), peerOut.Close()));
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Datagrams_queued_behind_a_short_read_are_all_read_in_order() =>
        LoopThread.Run(() =>
        {
            // On a datagram socket every read is short (one datagram), though more may be queued:
            // waiting for readiness after each costs an iteration, never a datagram.
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair(type: System.Net.Sockets.SocketType.Dgram);
            var input = InputChannel.FromDescriptor(a);
            try
            {
                for (int i = 0; i < 10; i++)
                {
                    Assert.Equal(2, Main.Run(b.WriteAsync(new byte[] { (byte)i, (byte)(i + 100) })));
                }

                var received = new System.Collections.Generic.List<byte>();
                while (received.Count < 20)
                {
                    received.AddRange(Main.Run(input.Read(100)));
                }

                for (int i = 0; i < 10; i++)
                {
                    Assert.Equal([(byte)i, (byte)(i + 100)], received.GetRange(2 * i, 2));
                }
            }
            finally
            {
                Main.Run(input.Close());
                b.Close();
            }
        });
}
