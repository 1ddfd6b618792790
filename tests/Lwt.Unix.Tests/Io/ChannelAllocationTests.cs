// ChannelAllocationTests.cs: DESIGN.md 7's budget for channels: a read or write served by the
// buffer allocates nothing (cached result promises, no closures, the pending auto-flusher reused).

using System;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelAllocationTests
{
    private const int BufferSize = 1 << 16;

    [Fact]
    public void Writes_that_fit_in_the_buffer_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink(bufferSize: BufferSize);
            OutputChannel oc = sink.Channel;
            ReadOnlyMemory<byte> block = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
            oc.WriteChar(0); // starts the auto-flusher once; later writes find it pending
            long best = long.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                {
                    Check(oc.WriteChar(7));
                    Check(oc.Write("text"));
                    Check(oc.WriteFrom(block));
                    Check(oc.WriteFromExactly(block));
                    Check(oc.WriteInt32(i, ByteOrder.BigEndian));
                    Check(oc.WriteDouble(i, ByteOrder.LittleEndian));
                }

                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
                Main.Run(oc.Flush());
            }

            Assert.Equal(0, best);
        });

    [Fact]
    public void A_write_flushed_at_once_and_its_auto_flush_wake_up_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            // The request-response shape: write, flush, and the auto-flusher's wake-up in the next
            // iteration finds nothing to write. The auto-flusher waits in the pause queue as the
            // channel itself, not as a promise and an async frame.
            // Eight bytes a write, so that the write function's result promise is a cached one.
            int written = 0;
            var oc = OutputChannel.Create(
                buffer =>
                {
                    written += buffer.Length;
                    return Promise.Return(buffer.Length);
                },
                BufferSize);
            ReadOnlyMemory<byte> block = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            long best = long.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                // Flush itself is an async method, whose state machine a Debug build allocates:
                // only the write that starts the auto-flusher and the wake-up are counted.
                long allocated = 0;
                for (int i = 0; i < 100; i++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Check(oc.WriteFromExactly(block));
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    Check(oc.Flush());
                    before = GC.GetAllocatedBytesForCurrentThread();
                    Promise.WakeupPaused();
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                }

                best = Math.Min(best, allocated);
            }

            Assert.Equal(0, best);
            Assert.Equal(3 * 100 * 8, written);
        });

    [Fact]
    public void Reads_served_by_the_buffer_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            byte[] data = new byte[BufferSize];
            new Random(3).NextBytes(data);
            InputChannel ic = ChannelSources.Chunked(data, [], bufferSize: BufferSize);
            Main.Run(ic.ReadChar()); // the first read fills the buffer
            Memory<byte> into = new byte[16];
            long best = long.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                // Round 0 fills the shared cache of count promises; later rounds must not allocate.
                long before0 = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 300; i++)
                {
                    Check(ic.ReadChar());
                    Check(ic.TryReadChar());
                    Check(ic.ReadInto(into));
                    Check(ic.ReadExactly(into));
                }

                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before0);
            }

            Assert.Equal(0, best);
            long before;

            // A number read from the buffer allocates its result promise (48 B) and nothing else
            // (Promise.Return caches only -1..8).
            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                Check(ic.ReadInt16(ByteOrder.BigEndian));
            }

            long perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
            Assert.True(perRead <= 48, $"{perRead} B per number read");
        });

    [Fact]
    public void A_ReadInto_that_waits_for_its_refill_allocates_one_promise_and_its_completion_nothing() =>
        LoopThread.Run(() =>
        {
            // The read function's own promises are made before measuring: what remains is the
            // channel's part, one promise that stands for the waiting refill and the read.
            const int Reads = 200;
            var pending = new (Promise<int> Promise, Resolver<int> Resolver)[Reads];
            for (int i = 0; i < Reads; i++)
            {
                pending[i] = Promise.Wait<int>();
            }

            int next = 0;
            Memory<byte> given = Memory<byte>.Empty;
            InputChannel ic = InputChannel.Create(
                buffer =>
                {
                    given = buffer;
                    return pending[next].Promise;
                },
                bufferSize: BufferSize);
            Memory<byte> into = new byte[16];
            long waiting = 0;
            long completing = 0;
            for (; next < Reads; next++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Promise<int> read = ic.ReadInto(into);
                long between = GC.GetAllocatedBytesForCurrentThread();
                given.Span[0] = 1;
                pending[next].Resolver.Resolve(1);
                completing += GC.GetAllocatedBytesForCurrentThread() - between;
                waiting += between - before;
                Assert.Equal(1, read.Result);
            }

            // One pending promise plus the four references and two counts of the refill's state.
            long before0 = GC.GetAllocatedBytesForCurrentThread();
            Promise<int> alone = Promise.Wait<int>().Promise;
            long promiseBytes = GC.GetAllocatedBytesForCurrentThread() - before0;
            GC.KeepAlive(alone);
            Assert.Equal(0, completing);
            Assert.True(waiting / Reads <= promiseBytes + 32, $"{waiting / Reads} B per waiting read; a pending promise is {promiseBytes} B");
        });

    private static void Check(Promise p)
    {
        if (!p.IsFulfilled)
        {
            throw new InvalidOperationException("an operation that should hit the buffer did not complete at once");
        }
    }
}
