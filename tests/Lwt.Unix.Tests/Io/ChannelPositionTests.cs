// ChannelPositionTests.cs: random access and resizing (LWT-SEMANTICS.md 7.7, 7.1): SetPosition
// inside an input channel's buffered window, beyond it (seek), on an output channel (flush then
// seek), Length, channels without a seek function, and ResizeBuffer's rules. Files are opened by
// .NET and their descriptor duplicated into a FileDescriptor.

using System;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public sealed class ChannelPositionTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    private FileDescriptor Open(FileAccess access)
    {
        using FileStream stream = File.Open(_path, FileMode.Open, access);
        return FileDescriptor.FromRaw(TestLibc.dup((int)stream.SafeFileHandle.DangerousGetHandle()));
    }

    [Fact]
    public void SetPosition_moves_an_input_channel_inside_and_beyond_its_buffer() =>
        LoopThread.Run(() =>
        {
            File.WriteAllText(_path, "0123456789abcdefghijklmnopqrstuvwxyz");
            InputChannel ic = InputChannel.FromDescriptor(Open(FileAccess.Read), bufferSize: 16);
            Main.Run(async () =>
            {
                Assert.Equal((byte)'0', await ic.ReadChar());
                Assert.Equal((byte)'1', await ic.ReadChar());
                await ic.SetPosition(5); // ahead, inside the buffered bytes: no seek
                Assert.Equal(5, ic.Position);
                Assert.Equal((byte)'5', await ic.ReadChar());
                await ic.SetPosition(0); // behind the read position: seek
                Assert.Equal(0, ic.Position);
                Assert.Equal((byte)'0', await ic.ReadChar());
                await ic.SetPosition(30); // beyond the buffered bytes: seek
                Assert.Equal(30, ic.Position);
                Assert.Equal("uvwxyz", await ic.ReadAll());
                Assert.Equal(36, await ic.Length());
                await ic.SetPosition(10);
                Assert.Equal((byte)'a', await ic.ReadChar());
                await ic.Close();
            });
        });

    [Fact]
    public void SetPosition_behind_the_read_position_seeks_and_reads_the_file_as_it_is_now() =>
        LoopThread.Run(() =>
        {
            // Lwt moves inside the buffer only from the read position forward; anything before it seeks.
            File.WriteAllText(_path, "abcdef");
            InputChannel ic = InputChannel.FromDescriptor(Open(FileAccess.Read));
            Main.Run(async () =>
            {
                Assert.Equal((byte)'a', await ic.ReadChar());
                File.WriteAllText(_path, "ABCDEF");
                await ic.SetPosition(0);
                Assert.Equal("ABCDEF", await ic.ReadAll());
                await ic.Close();
            });
        });

    [Fact]
    public void SetPosition_on_a_pipe_moves_ahead_inside_the_buffer_but_not_back() =>
        LoopThread.Run(() =>
        {
            var (input, output) = Channel.Pipe();
            Main.Run(async () =>
            {
                await output.Write("hello");
                await output.Flush();
                Assert.Equal((byte)'h', await input.ReadChar());
                Assert.Equal((byte)'e', await input.ReadChar());
                await input.SetPosition(4);
                Assert.Equal((byte)'o', await input.ReadChar());
                UnixException e = await Assert.ThrowsAsync<UnixException>(() => input.SetPosition(0).AsTask());
                Assert.Equal(29, e.Errno); // ESPIPE
                await input.Close();
                await output.Close();
            });
        });

    [Fact]
    public void Length_fails_when_the_seek_back_does_not_reach_the_position() =>
        LoopThread.Run(() =>
        {
            long position = 0;
            OutputChannel oc = OutputChannel.Create(
                buffer => Promise.Return(buffer.Length),
                seek: (offset, origin) => Promise.Return(origin == SeekOrigin.End ? 100L : (position = offset) + 1));
            FailureException e = Assert.Throws<FailureException>(() => Main.Run(oc.Length()));
            Assert.Contains("Lwt_io.length: seek failed", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, position);
        });

    [Fact]
    public void SetPosition_flushes_an_output_channel_then_seeks() =>
        LoopThread.Run(() =>
        {
            OutputChannel oc = OutputChannel.FromDescriptor(Open(FileAccess.Write));
            Main.Run(async () =>
            {
                await oc.Write("hello");
                await oc.SetPosition(0);
                await oc.Write("J");
                Assert.Equal(1, oc.Position);
                await oc.Close();
            });
            Assert.Equal("Jello", File.ReadAllText(_path));
        });

    [Fact]
    public void A_channel_without_seek_function_refuses_SetPosition_and_Length() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("abc"), []);
            Assert.Throws<FailureException>(() => Main.Run(ic.SetPosition(100)));
            Assert.Throws<FailureException>(() => Main.Run(ic.Length()));
            Assert.Throws<ArgumentOutOfRangeException>(() => ic.SetPosition(-1));
            Assert.Equal((byte)'a', Main.Run(ic.ReadChar()));
        });

    [Fact]
    public void ResizeBuffer_keeps_unread_input_and_refuses_to_drop_it() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes(new string('x', 30) + "\nrest"), [], bufferSize: 64);
            Main.Run(ic.ReadChar());
            Assert.Throws<FailureException>(() => Main.Run(ic.ResizeBuffer(16)));
            Main.Run(ic.ResizeBuffer(128));
            Assert.Equal(128, ic.BufferSize);
            Assert.Equal(new string('x', 29), Main.Run(ic.ReadLine()));
            Assert.Equal("rest", Main.Run(ic.ReadLine()));
            Assert.Throws<ArgumentOutOfRangeException>(() => ic.ResizeBuffer(1));
        });

    [Fact]
    public void ResizeBuffer_flushes_output_until_it_fits() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink(bufferSize: 64, maxPerWrite: 10);
            OutputChannel oc = sink.Channel;
            oc.Write(new string('y', 40));
            Main.Run(oc.ResizeBuffer(16));
            Assert.Equal(16, oc.BufferSize);
            Assert.True(oc.Buffered <= 16);
            Main.Run(oc.Flush());
            Assert.Equal(new string('y', 40), Encoding.UTF8.GetString(sink.All));
        });
}
