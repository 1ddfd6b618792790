// ChannelReadTests.cs: byte and block reads (LWT-SEMANTICS.md 7.4): ReadChar and TryReadChar at
// end of input, Read(count) and ReadInto taking what one refill brings, ReadExactly's
// End_of_file, ReadAll, and the serialization of concurrent operations.

using System;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelReadTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReadChar_reads_bytes_then_rejects_with_EndOfStreamException() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Bytes("ab"), [1], pending: true);
            Assert.Equal((byte)'a', Main.Run(ic.ReadChar()));
            Assert.Equal((byte)'b', Main.Run(ic.ReadChar()));
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadChar()));
            Assert.Null(Main.Run(ic.TryReadChar()));
        });

    [Fact]
    public void ReadExactly_at_end_of_input_rejects_with_EndOfStreamException_after_taking_what_was_there() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Bytes("abc"), [2], pending: true);
            var buffer = new byte[5];
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadExactly(buffer)));
            Assert.Equal(Bytes("abc"), buffer.AsSpan(0, 3).ToArray());
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadExactly(new byte[1])));
        });

    [Fact]
    public void ReadExactly_fills_the_buffer_across_refills() =>
        LoopThread.Run(() =>
        {
            byte[] data = new byte[1000];
            new Random(7).NextBytes(data);
            InputChannel ic = ChannelSources.Chunked(data, [3, 50, 7], pending: true, bufferSize: 16);
            var buffer = new byte[1000];
            Main.Run(ic.ReadExactly(buffer));
            Assert.Equal(data, buffer);
        });

    [Fact]
    public void Read_count_returns_at_most_one_refill_and_empty_at_end_of_input() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Bytes("hello world"), [4], pending: false, bufferSize: 16);
            Assert.Equal(Bytes("hel"), Main.Run(ic.Read(3)));
            Assert.Equal(Bytes("l"), Main.Run(ic.Read(100)));
            Assert.Equal(Bytes("o wo"), Main.Run(ic.Read(100)));
            Assert.Equal(Bytes("rld"), Main.Run(ic.Read(100)));
            Assert.Empty(Main.Run(ic.Read(100)));
            Assert.Empty(Main.Run(ic.Read(0)));
            Assert.Throws<ArgumentOutOfRangeException>(() => ic.Read(-1));
        });

    [Fact]
    public void ReadInto_returns_zero_at_end_of_input_and_for_an_empty_buffer() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Bytes("xy"), [], pending: false);
            var buffer = new byte[10];
            Assert.Equal(0, Main.Run(ic.ReadInto(Memory<byte>.Empty)));
            Assert.Equal(2, Main.Run(ic.ReadInto(buffer)));
            Assert.Equal(0, Main.Run(ic.ReadInto(buffer)));
        });

    [Fact]
    public void ReadAll_reads_the_whole_channel() =>
        LoopThread.Run(() =>
        {
            string text = string.Concat(System.Linq.Enumerable.Repeat("line \u00e9\r\n", 500));
            InputChannel ic = ChannelSources.Chunked(Bytes(text), [5, 1, 300], pending: true, bufferSize: 64);
            Assert.Equal(text, Main.Run(ic.ReadAll()));
            Assert.Equal("", Main.Run(ic.ReadAll()));
        });

    [Fact]
    public void Operations_on_one_channel_run_one_after_the_other_in_call_order() =>
        LoopThread.Run(() =>
        {
            // A line split over several slow refills must not be interleaved with the byte reads
            // started while it waits (Lwt: every operation is atomic).
            InputChannel ic = ChannelSources.Chunked(Bytes("first line\nXY"), [2], pending: true);
            Promise<string> line = ic.ReadLine();
            Promise<byte> x = ic.ReadChar();
            Promise<byte> y = ic.ReadChar();
            Assert.True(ic.IsBusy);
            Main.Run(Promise.Join(line, x, y));
            Assert.Equal("first line", line.Result);
            Assert.Equal((byte)'X', x.Result);
            Assert.Equal((byte)'Y', y.Result);
            Assert.False(ic.IsBusy);
            Assert.Equal(13, ic.Position);
        });

    [Fact]
    public void A_read_function_returning_too_much_is_a_FailureException() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = InputChannel.Create(buffer => Promise.Return(buffer.Length + 1));
            Assert.Throws<FailureException>(() => Main.Run(ic.ReadChar()));
        });

    [Fact]
    public void Buffer_sizes_below_16_are_refused() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => InputChannel.Create(_ => Promise.Return(0), bufferSize: 15));
            Assert.Throws<ArgumentOutOfRangeException>(() => Channel.DefaultBufferSize = 8);
            Assert.Equal(4096, Channel.DefaultBufferSize);
            Assert.Equal(16, InputChannel.Create(_ => Promise.Return(0), bufferSize: 16).BufferSize);
        });
}
