// ChannelCancelTests.cs: canceling channel operations. A read waiting on its descriptor is
// rejected with CanceledException, consumes nothing, and leaves the channel usable; a canceled
// operation still queued behind another is skipped when its turn comes.

using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelCancelTests
{
    [Fact]
    public void Canceling_a_read_that_waits_leaves_the_channel_usable() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            Promise<string> waiting = ic.ReadLine();
            Assert.True(waiting.IsPending);
            waiting.Cancel();
            Assert.IsType<CanceledException>(waiting.Exception);
            Assert.False(ic.IsBusy);
            string line = Main.Run(async () =>
            {
                await oc.WriteLine("after cancel");
                return await ic.ReadLine();
            });
            Assert.Equal("after cancel", line);
            Main.Run(Promise.Join(ic.Close(), oc.Close()));
        });

    [Fact]
    public void A_canceled_queued_operation_is_skipped_and_the_next_one_runs() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("ab\ncd\n"), [1], pending: true);
            Promise<string> first = ic.ReadLine();
            Promise<string> canceled = ic.ReadLine();
            Promise<string> third = ic.ReadLine();
            canceled.Cancel();
            Assert.IsType<CanceledException>(canceled.Exception);
            Main.Run(Promise.Join(first, third));
            Assert.Equal("ab", first.Result);
            Assert.Equal("cd", third.Result);
        });

    [Fact]
    public void Canceling_a_flush_that_waits_keeps_the_unwritten_bytes() =>
        LoopThread.Run(() =>
        {
            // The write function's promise must be cancelable for the cancel to reach it (as in Lwt).
            var (gate, open) = Promise.Cancelable();
            var written = new System.Collections.Generic.List<byte>();
            OutputChannel oc = OutputChannel.Create(buffer =>
            {
                byte[] copy = buffer.ToArray();
                return gate.Map(() =>
                {
                    written.AddRange(copy);
                    return copy.Length;
                });
            });
            oc.Write("data");
            Promise flush = oc.Flush();
            Assert.True(flush.IsPending);
            flush.Cancel();
            Assert.IsType<CanceledException>(flush.Exception);
            Assert.Equal(4, oc.Buffered);
            open.Resolve(); // a no-op: the write was canceled
            Assert.Empty(written);
        });

    [Fact]
    public void Canceling_a_close_does_not_stop_it() =>
        LoopThread.Run(() =>
        {
            var (gate, open) = Promise.Cancelable<int>();
            int closes = 0;
            OutputChannel oc = OutputChannel.Create(_ => gate, close: () => { closes++; return Promise.Unit; });
            oc.Write("x");
            Promise flush = oc.Flush();
            Promise close = oc.Close();
            close.Cancel();
            Assert.True(close.IsPending);
            open.Resolve(1);
            Assert.True(flush.IsFulfilled);
            Assert.True(close.IsFulfilled);
            Assert.True(oc.IsClosed);
            Assert.Equal(1, closes);
        });
}
