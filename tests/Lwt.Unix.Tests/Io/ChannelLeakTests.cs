// ChannelLeakTests.cs: channels over descriptors close them. Runs in the LeakTests collection,
// alone, so that no other test opens descriptors while this one counts.

using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

[Collection(nameof(LeakTests))]
public class ChannelLeakTests
{
    [Fact]
    public void Pipe_channels_leave_no_descriptor_open() =>
        LoopThread.Run(() =>
        {
            EventLoop.Current.ToString();
            int before = LoopThread.OpenDescriptors();
            for (int i = 0; i < 20; i++)
            {
                (InputChannel ic, OutputChannel oc) = Channel.Pipe();
                Main.Run(async () =>
                {
                    await oc.WriteLine("ping");
                    await oc.Flush();
                    Assert.Equal("ping", await ic.ReadLine());
                    await oc.Close();
                    await ic.DisposeAsync();
                });
            }

            Assert.Equal(before, LoopThread.OpenDescriptors());
        });
}
