// ChannelReadIntoTests.cs: a ReadInto that finds the buffer empty and waits for its refill (Lwt's
// read_into: refill, then blit what fits). The read function here is the test's own, so each
// step is under the test's control: the refill's bytes, its rejection, its cancellation, and the
// channel's close while it waits. What the read brings beyond the caller's buffer stays buffered
// for the next operation, and whatever ends the read, the channel is handed on or left idle.

using System;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelReadIntoTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_waiting_ReadInto_takes_what_fits_and_leaves_the_rest_for_the_next_read() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            var buffer = new byte[3];
            Promise<int> read = source.Channel.ReadInto(buffer);
            Assert.True(read.IsPending);
            Assert.True(source.Channel.IsBusy);

            source.Complete("hello");
            Assert.Equal(3, read.Result);
            Assert.Equal(Bytes("hel"), buffer);
            Assert.False(source.Channel.IsBusy);
            Assert.Equal(2, source.Channel.Buffered);

            Assert.Equal(2, Main.Run(source.Channel.ReadInto(buffer)));
            Assert.Equal(Bytes("lo"), buffer.AsSpan(0, 2).ToArray());
            Assert.Equal(1, source.Calls);
        });

    [Fact]
    public void Zero_byte_reads_take_their_turn_and_fail_on_a_closed_channel() =>
        LoopThread.Run(() =>
        {
            // Lwt runs read_into and read ~count:0 as operations: queued behind a busy channel,
            // Channel_closed on a closed one; read ~count:0 on an empty buffer even waits for a refill.
            var source = new ControlledSource();
            Promise<int> first = source.Channel.ReadInto(new byte[1]);
            Promise<int> none = source.Channel.ReadInto(Memory<byte>.Empty);
            Assert.True(none.IsPending);
            source.Complete("ab");
            Assert.Equal(1, first.Result);
            Assert.Equal(0, Main.Run(none));

            Promise<byte[]> zero = source.Channel.Read(0);
            Assert.Empty(zero.Result);
            Assert.Equal((byte)'b', Main.Run(source.Channel.ReadChar()));
            zero = source.Channel.Read(0);
            Assert.True(zero.IsPending);
            source.Complete("c");
            Assert.Empty(Main.Run(zero));
            Assert.Equal(1, source.Channel.Buffered);

            Main.Run(source.Channel.Close());
            Assert.Throws<ChannelClosedException>(() => Main.Run(source.Channel.ReadInto(Memory<byte>.Empty)));
            Assert.Throws<ChannelClosedException>(() => Main.Run(source.Channel.Read(0)));
        });

    [Fact]
    public void An_operation_queued_behind_a_waiting_ReadInto_runs_after_it_on_the_rest() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            var buffer = new byte[3];
            Promise<int> read = source.Channel.ReadInto(buffer);
            Promise<string> line = source.Channel.ReadLine();
            Assert.True(line.IsPending);

            source.Complete("abcdef\n");
            Assert.Equal(3, read.Result);
            Assert.Equal(Bytes("abc"), buffer);
            Assert.Equal("def", Main.Run(line));
            Assert.Equal(1, source.Calls);
        });

    [Fact]
    public void A_waiting_ReadInto_at_end_of_input_returns_zero() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            Promise<int> read = source.Channel.ReadInto(new byte[8]);
            source.Complete("");
            Assert.Equal(0, read.Result);
            Assert.False(source.Channel.IsBusy);
        });

    [Fact]
    public void Canceling_a_waiting_ReadInto_cancels_the_read_function_and_leaves_the_channel_usable() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            var buffer = new byte[4];
            Promise<int> read = source.Channel.ReadInto(buffer);
            read.Cancel();
            Assert.IsType<CanceledException>(read.Exception);
            Assert.True(source.Pending.IsCanceled);
            Assert.False(source.Channel.IsBusy);

            Promise<int> again = source.Channel.ReadInto(buffer);
            Assert.Equal(2, source.Calls);
            source.Complete("data");
            Assert.Equal(4, again.Result);
            Assert.Equal(Bytes("data"), buffer);
        });

    [Fact]
    public void Closing_the_channel_while_ReadInto_waits_rejects_it_and_the_queued_operations() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            Promise<int> read = source.Channel.ReadInto(new byte[4]);
            Promise<string> line = source.Channel.ReadLine();
            Main.Run(source.Channel.Close());
            Assert.IsType<ChannelClosedException>(read.Exception);
            Assert.IsType<ChannelClosedException>(line.Exception);
            Assert.True(source.Pending.IsCanceled);
            Assert.Equal(1, source.Closes);
            Assert.IsType<ChannelClosedException>(source.Channel.ReadInto(new byte[4]).Exception);
        });

    [Fact]
    public void A_read_function_that_rejects_rejects_the_waiting_ReadInto_and_the_next_read_calls_it_again() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            var buffer = new byte[4];
            Promise<int> read = source.Channel.ReadInto(buffer);
            var failure = new IOException("device gone");
            source.Fail(failure);
            Assert.Same(failure, read.Exception);
            Assert.False(source.Channel.IsBusy);

            Promise<int> again = source.Channel.ReadInto(buffer);
            source.Complete("ok");
            Assert.Equal(2, again.Result);
            Assert.Equal(2, source.Calls);
        });

    [Fact]
    public void A_read_function_that_reports_more_bytes_than_it_was_given_rejects_the_waiting_ReadInto_with_FailureException() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource(bufferSize: Channel.MinBufferSize);
            Promise<int> read = source.Channel.ReadInto(new byte[4]);
            source.Resolver.Resolve(Channel.MinBufferSize + 1);
            FailureException e = Assert.IsType<FailureException>(read.Exception);
            Assert.Contains("invalid result of the read function", e.Message, StringComparison.Ordinal);
            Assert.False(source.Channel.IsBusy);
        });

    [Fact]
    public void A_waiting_ReadInto_inside_Atomic_hands_the_channel_back_when_the_function_ends() =>
        LoopThread.Run(() =>
        {
            var source = new ControlledSource();
            var buffer = new byte[2];
            Promise<int> atomic = source.Channel.Atomic(ic => ic.ReadInto(buffer));
            Promise<string> after = source.Channel.ReadLine();
            source.Complete("xyz\n");
            Assert.Equal(2, atomic.Result);
            Assert.Equal(Bytes("xy"), buffer);
            Assert.Equal("z", Main.Run(after));
        });

    /// <summary>An input channel whose read function waits until the test says what it read.</summary>
    private sealed class ControlledSource
    {
        private Memory<byte> _given;

        internal ControlledSource(int? bufferSize = null) =>
            Channel = InputChannel.Create(
                buffer =>
                {
                    Calls++;
                    _given = buffer;
                    (Pending, Resolver) = Promise.Cancelable<int>();
                    return Pending;
                },
                bufferSize,
                close: () =>
                {
                    Closes++;
                    return Promise.Unit;
                });

        internal InputChannel Channel { get; }

        internal int Calls { get; private set; }

        internal int Closes { get; private set; }

        internal Promise<int> Pending { get; private set; } = Promise.Return(0);

        internal Resolver<int> Resolver { get; private set; }

        internal void Complete(string data)
        {
            byte[] bytes = Bytes(data);
            bytes.CopyTo(_given);
            Resolver.Resolve(bytes.Length);
        }

        internal void Fail(Exception e) => Resolver.Reject(e);
    }
}
