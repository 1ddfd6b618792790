// BytesChannelTests.cs: channels over an array (Lwt's of_bytes, LWT-SEMANTICS.md 7.2), ported
// from test_lwt_io.ml's "input/output channel of_bytes ..." and "Write from / Read from
// Lwt_bytes" cases, plus the flush rule and the NumberIO cases run on of_bytes as Lwt runs them.

using System;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class BytesChannelTests
{
    [Fact]
    public void Input_position_starts_at_zero_follows_reads_and_SetPosition() =>
        LoopThread.Run(() =>
        {
            // Lwt: "input channel of_bytes initial position", "... position after read", "... after set_position".
            Assert.Equal(0, InputChannel.FromBytes(Encoding.ASCII.GetBytes("abcd")).Position);
            InputChannel read = InputChannel.FromBytes(Encoding.ASCII.GetBytes("abcd"));
            Main.Run(read.ReadChar());
            Assert.Equal(1, read.Position);
            InputChannel moved = InputChannel.FromBytes(Encoding.ASCII.GetBytes("abcd"));
            Main.Run(moved.SetPosition(2));
            Assert.Equal(2, moved.Position);
            Assert.Equal((byte)'c', Main.Run(moved.ReadChar()));
            Assert.Equal(4, Main.Run(moved.Length()));
        });

    [Fact]
    public void Output_position_starts_at_zero_follows_writes_and_SetPosition() =>
        LoopThread.Run(() =>
        {
            // Lwt: "output channel of_bytes initial position", "... position after read", "... after set_position".
            Assert.Equal(0, OutputChannel.FromBytes(new byte[4]).Position);
            OutputChannel written = OutputChannel.FromBytes(new byte[4]);
            Main.Run(written.WriteChar((byte)'a'));
            Assert.Equal(1, written.Position);
            OutputChannel moved = OutputChannel.FromBytes(new byte[4]);
            Main.Run(moved.SetPosition(2));
            Assert.Equal(2, moved.Position);
            Assert.Throws<ArgumentOutOfRangeException>(() => Main.Run(moved.SetPosition(5)));
        });

    [Fact]
    public void Write_and_read_exactly_through_arrays() =>
        LoopThread.Run(() =>
        {
            // Lwt: "Write from Lwt_bytes", "Read from Lwt_bytes".
            byte[] hello = Encoding.ASCII.GetBytes("Hello World");
            var output = new byte[11];
            Main.Run(OutputChannel.FromBytes(output).WriteFromExactly(hello));
            Assert.Equal(hello, output);
            var input = new byte[11];
            Main.Run(InputChannel.FromBytes(hello).ReadExactly(input));
            Assert.Equal(hello, input);
        });

    [Fact]
    public void The_array_is_the_buffer_so_output_cannot_flush_and_input_ends_with_it() =>
        LoopThread.Run(() =>
        {
            var array = new byte[4];
            OutputChannel oc = OutputChannel.FromBytes(array);
            Main.Run(oc.Write("abc"));
            Assert.Equal((byte)'a', array[0]); // written in place, no flush needed
            Assert.Throws<FailureException>(() => Main.Run(oc.Write("de")));
            Assert.Throws<FailureException>(() => Main.Run(oc.Flush()));
            Assert.Throws<FailureException>(() => Main.Run(oc.ResizeBuffer(64)));
            Main.Run(oc.Close());
            Assert.Equal("abcd", Encoding.ASCII.GetString(array));

            InputChannel ic = InputChannel.FromBytes(Encoding.ASCII.GetBytes("x\ny"));
            Assert.Equal("x", Main.Run(ic.ReadLine()));
            Assert.Equal("y", Main.Run(ic.ReadLine()));
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadLine()));
        });

    [Fact]
    public void Reading_to_the_end_leaves_the_array_and_its_window_as_they_were_so_the_channel_rewinds() =>
        LoopThread.Run(() =>
        {
            // Lwt's refill of an of_bytes channel returns 0 and leaves the array, ptr and max alone.
            byte[] array = [1, 2, 3, 4, 5];
            InputChannel ic = InputChannel.FromBytes(array);
            Assert.Equal([1, 2, 3], Main.Run(ic.Read(3)));
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadInt32(ByteOrder.LittleEndian)));
            Assert.Equal([1, 2, 3, 4, 5], array);

            Main.Run(ic.SetPosition(0));
            Assert.Equal(0, ic.Position);
            Assert.Equal((byte)1, Main.Run(ic.ReadChar()));

            InputChannel text = InputChannel.FromBytes(Encoding.ASCII.GetBytes("abc"));
            Assert.Equal("abc", Main.Run(text.ReadAll()));
            Assert.Null(Main.Run(text.TryReadChar()));
            Main.Run(text.SetPosition(0));
            Assert.Equal((byte)'a', Main.Run(text.ReadChar()));
            Assert.Equal("bc", Main.Run(text.ReadLine()));
            Assert.Equal(3, text.Position);
        });

    [Fact]
    public void An_empty_or_too_short_array_is_end_of_input() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<EndOfStreamException>(() => Main.Run(InputChannel.FromBytes([]).ReadChar()));
            Assert.Null(Main.Run(InputChannel.FromBytes([]).TryReadLine()));
            Assert.Throws<EndOfStreamException>(() => Main.Run(InputChannel.FromBytes([1, 2]).ReadInt32(ByteOrder.BigEndian)));
        });

    [Fact]
    public void Numbers_read_and_write_in_place() =>
        LoopThread.Run(() =>
        {
            // Lwt runs its NumberIO cases on of_bytes channels.
            Assert.Equal(0x04030201, Main.Run(InputChannel.FromBytes([1, 2, 3, 4]).ReadInt32(ByteOrder.LittleEndian)));
            var buffer = new byte[4];
            Main.Run(OutputChannel.FromBytes(buffer).WriteInt32(0x01020304, ByteOrder.BigEndian));
            Assert.Equal([1, 2, 3, 4], buffer);
        });
}
