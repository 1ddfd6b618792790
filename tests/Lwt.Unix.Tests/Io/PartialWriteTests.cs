// PartialWriteTests.cs: the writes that may make room in the buffer more than once, against a
// write function that takes all, part or none of what it is given. Lwt's write_from fills the
// buffer, flushes it once (flush_partial), and goes on while that flush emptied the buffer,
// returning short only after a flush that left bytes behind; write_char flushes until there is
// room, however many times the write function takes nothing.

using System;
using System.Collections.Generic;
using System.Linq;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class PartialWriteTests
{
    private const int Size = 16;

    [Fact]
    public void WriteFrom_takes_everything_while_each_flush_empties_the_buffer() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink(_ => int.MaxValue);
            byte[] data = Bytes(40);
            Assert.Equal(40, Main.Run(sink.Channel.WriteFrom(data)));
            Assert.Equal(data.Take(32), sink.Written);
            Assert.Equal(8, sink.Channel.Buffered);
            Assert.Equal(2, sink.Calls);
        });

    [Fact]
    public void WriteFrom_on_a_partly_full_buffer_fills_it_flushes_and_buffers_the_rest() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink(_ => int.MaxValue);
            Main.Run(sink.Channel.WriteFromExactly(Bytes(10)));
            Assert.Equal(10, Main.Run(sink.Channel.WriteFrom(Bytes(10, first: 100))));
            Assert.Equal(16, sink.Written.Count);
            Assert.Equal(4, sink.Channel.Buffered);
        });

    [Fact]
    public void WriteFrom_returns_short_after_a_flush_that_left_bytes_in_the_buffer() =>
        LoopThread.Run(() =>
        {
            // The first call takes 5 of the 16 bytes: Lwt stops there and reports the 16 it took.
            var sink = new Sink(call => call == 1 ? 5 : int.MaxValue);
            Assert.Equal(Size, Main.Run(sink.Channel.WriteFrom(Bytes(40))));
            Assert.Equal(5, sink.Written.Count);
            Assert.Equal(Size - 5, sink.Channel.Buffered);
        });

    [Fact]
    public void WriteFrom_that_fits_or_is_empty_does_not_flush() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink(_ => int.MaxValue);
            Assert.Equal(Size, Main.Run(sink.Channel.WriteFrom(Bytes(Size))));
            Assert.Equal(0, Main.Run(sink.Channel.WriteFrom(ReadOnlyMemory<byte>.Empty)));
            Assert.Equal(0, sink.Calls);
            Assert.Equal(Size, sink.Channel.Buffered);
        });

    [Fact]
    public void WriteFrom_rejected_by_the_write_function_keeps_what_it_buffered() =>
        LoopThread.Run(() =>
        {
            var failure = new InvalidOperationException("disk full");
            var sink = new Sink(_ => throw failure);
            Promise<int> write = sink.Channel.WriteFrom(Bytes(20));
            Assert.Same(failure, write.Exception);
            Assert.Equal(Size, sink.Channel.Buffered);
            Assert.False(sink.Channel.IsBusy);
        });

    [Fact]
    public void WriteChar_flushes_again_while_the_write_function_takes_nothing() =>
        LoopThread.Run(() =>
        {
            var sink = new Sink(call => call <= 2 ? 0 : int.MaxValue);
            Main.Run(sink.Channel.WriteFromExactly(Bytes(Size)));
            Main.Run(sink.Channel.WriteChar(200));
            Assert.Equal(3, sink.Calls);
            Assert.Equal(Bytes(Size), sink.Written);
            Assert.Equal(1, sink.Channel.Buffered);
            Main.Run(sink.Channel.Flush());
            Assert.Equal(Bytes(Size).Append((byte)200), sink.Written);
        });

    private static byte[] Bytes(int count, int first = 0) => [.. Enumerable.Range(first, count).Select(i => (byte)i)];

    /// <summary>An output channel whose write function takes, on its n-th call, at most take(n) bytes.</summary>
    private sealed class Sink
    {
        internal Sink(Func<int, int> take) =>
            Channel = OutputChannel.Create(
                buffer =>
                {
                    int n = Math.Min(buffer.Length, take(++Calls));
                    Written.AddRange(buffer[..n].ToArray());
                    return Promise.Return(n);
                },
                bufferSize: Size);

        internal OutputChannel Channel { get; }

        internal List<byte> Written { get; } = [];

        internal int Calls { get; private set; }
    }
}
