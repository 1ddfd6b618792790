// ChannelLeakTests.cs: channels over descriptors close them, and a long-lived channel does not
// accumulate memory per waiting operation (LWT-SEMANTICS.md P6: every wait races the channel's
// abort promise, whose callback must go when the wait ends). Runs in the LeakTests collection,
// alone, so that no other test opens descriptors or allocates while these count.

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

    [Fact]
    public void Many_waiting_reads_on_one_channel_do_not_accumulate_memory() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            void PingPong(int rounds) => Main.Run(async () =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    Promise<byte> read = ic.ReadChar(); // waits: the pipe is empty
                    await oc.WriteChar((byte)i);
                    await oc.Flush();
                    await read;
                }
            });
            PingPong(1000);
            long before = System.GC.GetTotalMemory(forceFullCollection: true);
            PingPong(20_000);
            long grown = System.GC.GetTotalMemory(forceFullCollection: true) - before;
            Assert.True(grown < 200_000, $"{grown} B kept after 20000 waiting reads");
            Main.Run(Promise.Join(ic.Close(), oc.Close()));
        });
}
