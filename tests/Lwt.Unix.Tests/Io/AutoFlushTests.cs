// AutoFlushTests.cs: Lwt's auto-flush (LWT-SEMANTICS.md 7.3, P11): writes only fill the buffer;
// the buffered bytes reach the write function one loop iteration after the writer goes idle,
// in one call, with no explicit Flush; inside Atomic as well. FlushAll flushes every channel.

using System;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class AutoFlushTests
{
    [Fact]
    public void Output_is_flushed_one_iteration_after_the_writer_goes_idle() =>
        LoopThread.Run(() =>
        {
            // Lwt: "auto-flush".
            var sink = new ChannelSources.Sink();
            OutputChannel oc = sink.Channel;
            Main.Run(async () =>
            {
                await oc.Write("foo");
                await oc.Write("bar");
                Assert.Empty(sink.Writes);
                await Time.Sleep(TimeSpan.FromMilliseconds(10));
            });
            Assert.Single(sink.Writes);
            Assert.Equal("foobar", Encoding.UTF8.GetString(sink.All));
        });

    [Fact]
    public void Output_written_inside_Atomic_is_auto_flushed() =>
        LoopThread.Run(() =>
        {
            // Lwt: "auto-flush in atomic".
            var sink = new ChannelSources.Sink();
            bool flushedInside = Main.Run(() => sink.Channel.Atomic(async tmp =>
            {
                await tmp.Write("foo");
                await tmp.Write("bar");
                Assert.Empty(sink.Writes);
                await Time.Sleep(TimeSpan.FromMilliseconds(10));
                return sink.Writes.Count == 1;
            }));
            Assert.True(flushedInside);
            Assert.Equal("foobar", Encoding.UTF8.GetString(sink.All));
        });

    [Fact]
    public void Output_reaches_a_pipe_without_Flush() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            string line = Main.Run(async () =>
            {
                await oc.WriteLine("no explicit flush");
                return await ic.ReadLine();
            });
            Assert.Equal("no explicit flush", line);
            Main.Run(Promise.Join(ic.Close(), oc.Close()));
        });

    [Fact]
    public void FlushAll_flushes_every_open_output_channel() =>
        LoopThread.Run(() =>
        {
            var first = new ChannelSources.Sink();
            var second = new ChannelSources.Sink();
            first.Channel.Write("1");
            second.Channel.Write("2");
            Promise all = OutputChannel.FlushAll();
            Assert.True(all.IsFulfilled);
            Assert.Equal("1", Encoding.UTF8.GetString(first.All));
            Assert.Equal("2", Encoding.UTF8.GetString(second.All));
        });

    [Fact]
    public void A_full_buffer_is_written_out_during_the_write() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink(bufferSize: 16, maxPerWrite: 5);
            Promise write = sink.Channel.Write(new string('w', 40));
            Assert.True(write.IsFulfilled);
            Assert.True(sink.All.Length >= 24);
            Assert.Equal(40, sink.Channel.Position);
            Main.Run(sink.Channel.Flush());
            Assert.Equal(new string('w', 40), Encoding.UTF8.GetString(sink.All));
        });

    [Fact]
    public void The_auto_flusher_counts_as_one_paused_promise_and_keeps_its_place_among_them() =>
        LoopThread.Run(() =>
        {
            // Lwt's auto_flush is `pause () >>= flush`: it is in paused_count and is woken in
            // FIFO order with the promises paused around it.
            var sink = new ChannelSources.Sink();
            OutputChannel oc = sink.Channel;
            var seen = new System.Collections.Generic.List<int>();
            Promise before = Promise.Pause();
            before.OnSuccess(() => seen.Add(sink.Writes.Count));
            int count = Promise.PausedCount;

            Assert.True(oc.Write("a").IsFulfilled);
            Assert.Equal(count + 1, Promise.PausedCount);
            Assert.True(oc.Write("b").IsFulfilled);
            Assert.Equal(count + 1, Promise.PausedCount);

            Promise after = Promise.Pause();
            after.OnSuccess(() => seen.Add(sink.Writes.Count));
            Promise.WakeupPaused();

            Assert.Equal([0, 1], seen);
            Assert.Equal("ab", Encoding.UTF8.GetString(sink.All));
            Assert.Equal(0, Promise.PausedCount);
        });

    [Fact]
    public void A_write_flushed_explicitly_before_the_next_iteration_is_not_written_again() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            OutputChannel oc = sink.Channel;
            Assert.True(oc.Write("x").IsFulfilled);
            Assert.True(oc.Flush().IsFulfilled);
            Promise.WakeupPaused();
            Assert.True(oc.Write("y").IsFulfilled);
            Promise.WakeupPaused();
            Assert.Equal(["x", "y"], sink.Writes.ConvertAll(w => Encoding.UTF8.GetString(w)));
        });
}
