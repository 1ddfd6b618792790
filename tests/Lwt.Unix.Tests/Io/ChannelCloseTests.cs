// ChannelCloseTests.cs: close, abort and Atomic (LWT-SEMANTICS.md 7.6): operations on a closed
// channel are rejected with ChannelClosedException, closing twice returns the same promise
// (Lwt's "double close ok"), closing an input channel rejects a read that waits, closing an output
// channel flushes first, channels over descriptors close them, and Atomic's temporary channel.

using System;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelCloseTests
{
    [Fact]
    public void Writing_to_a_closed_channel_is_rejected_with_ChannelClosedException() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            OutputChannel oc = sink.Channel;
            Main.Run(oc.Close());
            Assert.True(oc.IsClosed);
            ChannelClosedException e = Assert.Throws<ChannelClosedException>(() => Main.Run(oc.Write("x")));
            Assert.Equal(ChannelMode.Output, e.Mode);
            Assert.Throws<ChannelClosedException>(() => Main.Run(oc.WriteChar(1)));
            Assert.Throws<ChannelClosedException>(() => Main.Run(oc.WriteInt32(1, ByteOrder.BigEndian)));
            Assert.Throws<ChannelClosedException>(() => Main.Run(oc.Flush()));
        });

    [Fact]
    public void Reading_a_closed_channel_is_rejected_with_ChannelClosedException() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked([1, 2, 3], []);
            Main.Run(ic.ReadChar());
            Main.Run(ic.Close());
            Assert.Throws<ChannelClosedException>(() => Main.Run(ic.ReadChar()));
            Assert.Throws<ChannelClosedException>(() => Main.Run(ic.ReadLine()));
            Assert.Equal(0, ic.Buffered);
        });

    [Fact]
    public void Double_close_returns_the_same_promise_and_closes_once() =>
        LoopThread.Run(() =>
        {
            // Lwt: "double close ok".
            int closes = 0;
            InputChannel ic = ChannelSources.Chunked([], [], onClose: () => closes++);
            Promise first = ic.Close();
            Promise second = ic.Close();
            Assert.Same(first, second);
            Assert.Same(first, ic.AbortAsync());
            Assert.Equal(1, closes);
        });

    [Fact]
    public void Closing_an_input_channel_rejects_a_read_that_waits_and_those_queued_behind_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            try
            {
                InputChannel ic = InputChannel.FromDescriptor(read);
                Promise<string> waiting = ic.ReadLine();
                Promise<byte> queued = ic.ReadChar();
                Assert.True(waiting.IsPending);
                Main.Run(ic.Close());
                Assert.IsType<ChannelClosedException>(waiting.Exception);
                Assert.IsType<ChannelClosedException>(queued.Exception);
                Assert.Equal(FileDescriptorState.Closed, read.State);
            }
            finally
            {
                write.Close();
            }
        });

    [Fact]
    public void Closing_an_output_channel_flushes_it_first_and_closes_the_descriptor() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            OutputChannel oc = OutputChannel.FromDescriptor(write);
            InputChannel ic = InputChannel.FromDescriptor(read);
            string all = Main.Run(async () =>
            {
                await oc.Write("buffered");
                await oc.Close();
                return await ic.ReadAll();
            });
            Assert.Equal("buffered", all);
            Assert.Equal(FileDescriptorState.Closed, write.State);
            Main.Run(ic.Close());
            Assert.Equal(FileDescriptorState.Closed, read.State);
        });

    [Fact]
    public void A_closed_channel_is_not_busy_even_when_an_operation_held_it() =>
        LoopThread.Run(() =>
        {
            // Lwt's abort moves a busy wrapper to Closed at once, and is_busy is false for Closed.
            var sink = new ChannelSources.Sink();
            Main.Run(async () =>
            {
                await sink.Channel.Write("x");
                await sink.Channel.Close();
            });
            Assert.False(sink.Channel.IsBusy);

            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            try
            {
                InputChannel ic = InputChannel.FromDescriptor(read);
                Promise<byte> waiting = ic.ReadChar();
                Assert.True(ic.IsBusy);
                Promise closing = ic.Close();
                Assert.False(ic.IsBusy);
                Main.Run(closing);
                Assert.IsType<ChannelClosedException>(waiting.Exception);
                Assert.False(ic.IsBusy);
            }
            finally
            {
                write.Close();
            }
        });

    [Fact]
    public void Position_keeps_its_last_value_once_closed() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked([1, 2, 3, 4, 5], []);
            Main.Run(ic.ReadChar());
            Main.Run(ic.Close());
            Assert.Equal(1, ic.Position);

            var sink = new ChannelSources.Sink();
            Main.Run(sink.Channel.Write("abc"));
            Main.Run(sink.Channel.AbortAsync());
            Assert.Equal(3, sink.Channel.Position);

            InputChannel bytes = InputChannel.FromBytes([1, 2, 3]);
            Main.Run(bytes.ReadChar());
            Main.Run(bytes.Close());
            Assert.Equal(1, bytes.Position);
        });

    [Fact]
    public void Abort_drops_buffered_output() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Main.Run(async () =>
            {
                await sink.Channel.Write("lost");
                await sink.Channel.AbortAsync();
            });
            Assert.Empty(sink.Writes);
            Assert.True(sink.Channel.IsClosed);
        });

    [Fact]
    public void Atomic_runs_its_function_alone_and_its_temporary_channel_expires() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            OutputChannel oc = sink.Channel;
            OutputChannel? temporary = null;
            Promise<int> atomic = oc.Atomic(async tmp =>
            {
                temporary = tmp;
                await tmp.Write("a");
                await Promise.Pause();
                await tmp.Write("b");
                return 1;
            });
            Promise outside = oc.Write("c");
            Assert.True(outside.IsPending);
            Main.Run(async () =>
            {
                await atomic;
                await outside;
                await oc.Flush();
            });
            Assert.Equal("abc", System.Text.Encoding.UTF8.GetString(sink.All));
            Assert.Throws<FailureException>(() => Main.Run(temporary!.Write("late")));
            Assert.Throws<FailureException>(() => temporary!.IsBusy);
        });

    [Fact]
    public void An_expired_temporary_of_Atomic_fails_with_FailureException_and_leaves_its_channel_open() =>
        LoopThread.Run(() =>
        {
            // Lwt: operations queued on a temporary when atomic's function ends, and an abort of
            // the expired temporary, fail with "temporary atomic channel ... no more valid".
            var (gate, open) = Promise.Wait<int>();
            var oc = OutputChannel.Create(buffer => gate.Map(_ => buffer.Length), bufferSize: 16);
            OutputChannel? temporary = null;
            Promise? queued = null;
            Promise<int> atomic = oc.Atomic(tmp =>
            {
                temporary = tmp;
                tmp.Write("flushing");
                Promise flush = tmp.Flush();
                queued = tmp.Write("queued");
                return Promise.Return(1);
            });
            Assert.Equal(1, Main.Run(atomic));
            Assert.IsType<FailureException>(queued!.Exception);
            Assert.IsType<FailureException>(temporary!.AbortAsync().Exception);
            Assert.False(oc.IsClosed);
            open.Resolve(0);
            Main.Run(oc.Close());
        });

    [Fact]
    public void Closing_the_temporary_channel_of_Atomic_is_a_FailureException() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Assert.Throws<FailureException>(() => Main.Run(sink.Channel.Atomic(tmp => tmp.Close().Map(() => 0))));
            Assert.False(sink.Channel.IsClosed);
        });

    [Fact]
    public void Creating_channels_checks_arguments() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentNullException>(() => InputChannel.Create(null!));
            Assert.Throws<ArgumentNullException>(() => OutputChannel.Create(null!));
            Assert.Throws<ArgumentNullException>(() => InputChannel.FromDescriptor(null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => OutputChannel.Create(_ => Promise.Return(0), bufferSize: 0));
        });
}
