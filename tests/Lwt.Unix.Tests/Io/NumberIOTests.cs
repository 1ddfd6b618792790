// NumberIOTests.cs: binary numbers (LWT-SEMANTICS.md 7.10), ported from test_lwt_io.ml's
// "NumberIO.{LE,BE}.{read,write}_*" cases with their byte patterns, plus a round trip of every
// width in both byte orders through a pipe and a short read at end of input.

using System;
using System.IO;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class NumberIOTests
{
    private static T Read<T>(byte[] bytes, Func<InputChannel, Promise<T>> read) =>
        LoopThread.Run(() => Main.Run(read(ChannelSources.Chunked(bytes, [1], pending: true))));

    private static byte[] Written(Func<OutputChannel, Promise> write) =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Main.Run(() => write(sink.Channel).Bind(() => sink.Channel.Flush()));
            return sink.All;
        });

    [Fact]
    public void Reads_match_Lwt_byte_patterns()
    {
        // Lwt: "NumberIO.LE.read_int", "NumberIO.BE.read_int" (and read_int32).
        Assert.Equal(0x04030201, Read([1, 2, 3, 4], ic => ic.ReadInt32(ByteOrder.LittleEndian)));
        Assert.Equal(0x01020304, Read([1, 2, 3, 4], ic => ic.ReadInt32(ByteOrder.BigEndian)));

        // Lwt: "NumberIO.LE.read_int16", "... BE ...", and the negative cases.
        Assert.Equal(0x0201, Read([1, 2], ic => ic.ReadInt16(ByteOrder.LittleEndian)));
        Assert.Equal(0x0102, Read([1, 2], ic => ic.ReadInt16(ByteOrder.BigEndian)));
        Assert.Equal(-2, Read([0xfe, 0xff], ic => ic.ReadInt16(ByteOrder.LittleEndian)));
        Assert.Equal(-2, Read([0xff, 0xfe], ic => ic.ReadInt16(ByteOrder.BigEndian)));

        // Lwt: "NumberIO.LE.read_int64", "NumberIO.BE.read_int64".
        Assert.Equal(0x0807060504030201L, Read([1, 2, 3, 4, 5, 6, 7, 8], ic => ic.ReadInt64(ByteOrder.LittleEndian)));
        Assert.Equal(0x0102030405060708L, Read([1, 2, 3, 4, 5, 6, 7, 8], ic => ic.ReadInt64(ByteOrder.BigEndian)));

        // Lwt: "NumberIO.LE.read_float32", "NumberIO.BE.read_float32".
        Assert.Equal(66051f, Read([0x80, 0x01, 0x81, 0x47], ic => ic.ReadSingle(ByteOrder.LittleEndian)));
        Assert.Equal(66051f, Read([0x47, 0x81, 0x01, 0x80], ic => ic.ReadSingle(ByteOrder.BigEndian)));

        // Lwt: "NumberIO.LE.read_float64", "NumberIO.BE.read_float64".
        Assert.Equal(0x42F0203040506070L, BitConverter.DoubleToInt64Bits(Read([0x70, 0x60, 0x50, 0x40, 0x30, 0x20, 0xf0, 0x42], ic => ic.ReadDouble(ByteOrder.LittleEndian))));
        Assert.Equal(0x42F0203040506070L, BitConverter.DoubleToInt64Bits(Read([0x42, 0xf0, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70], ic => ic.ReadDouble(ByteOrder.BigEndian))));
    }

    [Fact]
    public void Writes_match_Lwt_byte_patterns()
    {
        // Lwt: "NumberIO.{LE,BE}.write_int", "write_int16", "write_int32", "write_int64", "write_float32", "write_float64".
        Assert.Equal([4, 3, 2, 1], Written(oc => oc.WriteInt32(0x01020304, ByteOrder.LittleEndian)));
        Assert.Equal([1, 2, 3, 4], Written(oc => oc.WriteInt32(0x01020304, ByteOrder.BigEndian)));
        Assert.Equal([2, 1], Written(oc => oc.WriteInt16(0x0102, ByteOrder.LittleEndian)));
        Assert.Equal([1, 2], Written(oc => oc.WriteInt16(0x0102, ByteOrder.BigEndian)));
        Assert.Equal([8, 7, 6, 5, 4, 3, 2, 1], Written(oc => oc.WriteInt64(0x0102030405060708L, ByteOrder.LittleEndian)));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], Written(oc => oc.WriteInt64(0x0102030405060708L, ByteOrder.BigEndian)));
        Assert.Equal([0x80, 0x01, 0x81, 0x47], Written(oc => oc.WriteSingle(66051f, ByteOrder.LittleEndian)));
        Assert.Equal([0x47, 0x81, 0x01, 0x80], Written(oc => oc.WriteSingle(66051f, ByteOrder.BigEndian)));
        Assert.Equal([0x70, 0x60, 0x50, 0x40, 0x30, 0x20, 0xf0, 0x42], Written(oc => oc.WriteDouble(BitConverter.Int64BitsToDouble(0x42F0203040506070L), ByteOrder.LittleEndian)));
        Assert.Equal([0x42, 0xf0, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70], Written(oc => oc.WriteDouble(BitConverter.Int64BitsToDouble(0x42F0203040506070L), ByteOrder.BigEndian)));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public void Every_width_round_trips_through_a_pipe_with_small_buffers(ByteOrder order) =>
        LoopThread.Run(() =>
        {
            // 16-byte buffers make numbers straddle refills and partial flushes.
            (InputChannel ic, OutputChannel oc) = Channel.Pipe(inputBufferSize: 16, outputBufferSize: 16);
            var random = new Random(42);
            for (int round = 0; round < 200; round++)
            {
                short s = (short)random.Next(short.MinValue, short.MaxValue + 1);
                int i = random.Next(int.MinValue, int.MaxValue);
                long l = random.NextInt64(long.MinValue, long.MaxValue);
                float f = (float)((random.NextDouble() - 0.5) * 1e6);
                double d = (random.NextDouble() - 0.5) * 1e300;
                byte odd = (byte)random.Next(256);
                Main.Run(async () =>
                {
                    await oc.WriteChar(odd);
                    await oc.WriteInt16(s, order);
                    await oc.WriteInt32(i, order);
                    await oc.WriteInt64(l, order);
                    await oc.WriteSingle(f, order);
                    await oc.WriteDouble(d, order);
                    await oc.Flush();
                    Assert.Equal(odd, await ic.ReadChar());
                    Assert.Equal(s, await ic.ReadInt16(order));
                    Assert.Equal(i, await ic.ReadInt32(order));
                    Assert.Equal(l, await ic.ReadInt64(order));
                    Assert.Equal(f, await ic.ReadSingle(order));
                    Assert.Equal(d, await ic.ReadDouble(order));
                });
            }

            Main.Run(Promise.Join(ic.Close(), oc.Close()));
        });

    [Fact]
    public void A_number_cut_by_end_of_input_is_EndOfStreamException() =>
        Assert.Throws<EndOfStreamException>(() => Read([1, 2, 3], ic => ic.ReadInt32(ByteOrder.BigEndian)));

    [Fact]
    public void An_undefined_byte_order_is_refused() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Assert.Throws<ArgumentOutOfRangeException>(() => sink.Channel.WriteInt32(1, (ByteOrder)7));
            Assert.Equal(BitConverter.IsLittleEndian ? ByteOrder.LittleEndian : ByteOrder.BigEndian, Channel.SystemByteOrder);
        });
}
