// SpecialChannelTests.cs: Lwt's zero and null channels, and hexdump written to an output channel.

using System;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class SpecialChannelTests
{
    [Fact]
    public void Zero_is_an_endless_input_of_zero_bytes() =>
        LoopThread.Run(() =>
        {
            var buffer = new byte[100];
            buffer.AsSpan().Fill(9);
            Main.Run(InputChannel.Zero.ReadExactly(buffer));
            Assert.All(buffer, b => Assert.Equal(0, b));
            Assert.Equal(16, InputChannel.Zero.BufferSize);
            Assert.Same(InputChannel.Zero, InputChannel.Zero);
        });

    [Fact]
    public void Null_accepts_and_discards_everything() =>
        LoopThread.Run(() =>
        {
            Main.Run(async () =>
            {
                await OutputChannel.Null.Write(new string('n', 1000));
                await OutputChannel.Null.Flush();
            });
            Assert.Equal(0, OutputChannel.Null.Buffered);
            Assert.Equal(1000, OutputChannel.Null.Position);
        });

    [Fact]
    public void Hexdump_writes_Lwt_stream_hexdump_lines() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Main.Run(() => sink.Channel.Hexdump(Encoding.ASCII.GetBytes("Hello, hexdump world! 0123456789")).Bind(() => sink.Channel.Flush()));
            // Lwt's layout is hexdump -C's with a "|" after the offset (lwt_stream.ml prints "%08x|  ").
            Assert.Equal(
                "00000000|  48 65 6c 6c 6f 2c 20 68  65 78 64 75 6d 70 20 77  |Hello, hexdump w|\n" +
                "00000010|  6f 72 6c 64 21 20 30 31  32 33 34 35 36 37 38 39  |orld! 0123456789|\n",
                Encoding.ASCII.GetString(sink.All));
        });
}
