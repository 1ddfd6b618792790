// StdioChannelTests.cs: the standard channels are per thread, over duplicates of descriptors 0-2,
// so closing one never closes the process's own standard descriptor.

using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class StdioChannelTests
{
    [Fact]
    public void Standard_channels_are_one_per_thread_and_have_their_modes() =>
        LoopThread.Run(() =>
        {
            Assert.Same(OutputChannel.Stdout, OutputChannel.Stdout);
            Assert.Equal(ChannelMode.Output, OutputChannel.Stderr.Mode);
            Assert.Equal(ChannelMode.Input, InputChannel.Stdin.Mode);
            OutputChannel mine = OutputChannel.Stderr;
            OutputChannel other = LoopThread.Run(() => OutputChannel.Stderr);
            Assert.NotSame(mine, other);
            Main.Run(Promise.Join(OutputChannel.Stderr.Write(""), OutputChannel.Stderr.Flush()));
            Main.Run(Promise.Join(InputChannel.Stdin.Close(), OutputChannel.Stdout.Close(), OutputChannel.Stderr.Close()));
        });

    [Fact]
    public void Closing_standard_output_closes_only_its_duplicate() =>
        LoopThread.Run(() =>
        {
            Main.Run(OutputChannel.Stdout.Close());
            int copy = TestLibc.dup(1);
            Assert.True(copy >= 0, "descriptor 1 must still be open");
            TestLibc.close(copy);
        });
}
