// ChannelFlushTests.cs: Flush (Lwt's Lwt_io.flush) writes the whole buffer, one write-function
// call after another, whether each call completes at once or waits. A write that takes part of
// the bytes leaves the rest at the front of the buffer for the next call; an error rejects the
// flush, keeps the unwritten bytes, and leaves the channel usable; operations queued behind a
// flush that waits run after it.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelFlushTests
{
    [Fact]
    public void A_flush_whose_writes_each_take_part_of_the_buffer_at_once_completes_at_once() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink { Chunk = 3 };
            sink.Channel.Write("hello, world");
            Promise flush = sink.Channel.Flush();
            Assert.True(flush.IsFulfilled);
            Assert.Equal("hello, world", sink.Text);
            Assert.Equal(4, sink.Calls);
            Assert.Equal(0, sink.Channel.Buffered);
            Assert.False(sink.Channel.IsBusy);
        });

    [Fact]
    public void A_flush_whose_second_write_waits_holds_the_channel_until_the_buffer_is_out() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink { Chunk = 4, WaitFromCall = 2 };
            sink.Channel.Write("abcdefghij");
            Promise flush = sink.Channel.Flush();
            Assert.True(flush.IsPending);
            Assert.True(sink.Channel.IsBusy);
            Promise queued = sink.Channel.Write("!");
            Assert.True(queued.IsPending);

            sink.Open();
            Main.Run(flush);
            Assert.Equal("abcdefghij", sink.Text);
            Main.Run(queued);
            Main.Run(sink.Channel.Flush());
            Assert.Equal("abcdefghij!", sink.Text);
        });

    [Fact]
    public void A_write_function_that_rejects_at_once_rejects_the_flush_and_keeps_the_unwritten_bytes() =>
        LoopThread.Run(() =>
        {
            var failure = new IOException("disk full");
            var sink = new Sink { Chunk = 2, FailOnCall = 2, Failure = failure };
            sink.Channel.Write("abcdef");
            Promise flush = sink.Channel.Flush();
            Assert.Same(failure, flush.Exception);
            Assert.Equal("ab", sink.Text);
            Assert.Equal(4, sink.Channel.Buffered);
            Assert.False(sink.Channel.IsBusy);

            Main.Run(sink.Channel.Flush());
            Assert.Equal("abcdef", sink.Text);
        });

    [Fact]
    public void A_write_function_that_throws_rejects_the_flush_with_its_exception() =>
        LoopThread.Run(() =>
        {
            var failure = new InvalidOperationException("backend broken");
            var oc = OutputChannel.Create(_ => throw failure);
            oc.Write("x");
            Assert.Same(failure, oc.Flush().Exception);
            Assert.Equal(1, oc.Buffered);
            Assert.False(oc.IsBusy);
        });

    [Fact]
    public void A_write_function_that_reports_more_bytes_than_it_was_given_rejects_the_flush_with_FailureException() =>
        LoopThread.Run(() =>
        {
            var oc = OutputChannel.Create(buffer => Promise.Return(buffer.Length + 1));
            oc.Write("abc");
            FailureException e = Assert.IsType<FailureException>(oc.Flush().Exception);
            Assert.Contains("invalid result of the write function", e.Message, StringComparison.Ordinal);
            Assert.False(oc.IsBusy);
        });

    [Fact]
    public void A_flush_on_a_closed_channel_is_rejected_with_ChannelClosedException() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink();
            Main.Run(sink.Channel.Close());
            Assert.IsType<ChannelClosedException>(sink.Channel.Flush().Exception);
        });

    /// <summary>An output channel whose write function takes at most <see cref="Chunk"/> bytes a call, at once unless told to wait or fail.</summary>
    private sealed class Sink
    {
        private readonly List<byte> _written = [];
        private readonly (Promise Promise, Resolver Resolver) _gate = Promise.Wait();

        internal Sink() =>
            Channel = OutputChannel.Create(buffer =>
            {
                Calls++;
                if (Calls == FailOnCall)
                {
                    return Promise.Fail<int>(Failure!);
                }

                byte[] taken = buffer[..Math.Min(Chunk, buffer.Length)].ToArray();
                if (WaitFromCall > 0 && Calls >= WaitFromCall && _gate.Promise.IsPending)
                {
                    return _gate.Promise.Map(() => Take(taken));
                }

                return Promise.Return(Take(taken));
            });

        internal OutputChannel Channel { get; }

        internal int Chunk { get; init; } = int.MaxValue;

        internal int WaitFromCall { get; init; }

        internal int FailOnCall { get; init; }

        internal Exception? Failure { get; init; }

        internal int Calls { get; private set; }

        internal string Text => Encoding.UTF8.GetString(_written.ToArray());

        internal void Open() => _gate.Resolver.Resolve();

        private int Take(byte[] taken)
        {
            _written.AddRange(taken);
            return taken.Length;
        }
    }
}
