// FileDescriptorAllocationTests.cs: DESIGN.md 7's budget for I/O: a read or write that completes
// without waiting allocates nothing (its result comes from Promise.Return's small-int cache):
// read/write, recv/send and readv/writev over an IOVectors that is reused.

using System;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class FileDescriptorAllocationTests
{
    [Fact]
    public void A_read_and_a_write_that_complete_without_waiting_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var output = new byte[] { 1, 2, 3, 4 };
            var input = new byte[8];
            Memory<byte> inputMemory = input;
            ReadOnlyMemory<byte> outputMemory = output;
            const int N = 10_000;
            long best = long.MaxValue;
            try
            {
                for (int round = 0; round < 4; round++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < N; i++)
                    {
                        Promise<int> w = a.WriteAsync(outputMemory);
                        Promise<int> r = b.ReadAsync(inputMemory);
                        if (!w.IsFulfilled || !r.IsFulfilled)
                        {
                            throw new InvalidOperationException("an operation had to wait");
                        }
                    }

                    long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (round > 0)
                    {
                        best = Math.Min(best, bytes);
                    }
                }
            }
            finally
            {
                a.Close();
                b.Close();
            }

            Assert.Equal(0, best);
        });

    [Fact]
    public void A_send_and_a_recv_that_complete_without_waiting_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            ReadOnlyMemory<byte> output = new byte[] { 1, 2, 3, 4 };
            Memory<byte> input = new byte[8];
            long bytes;
            try
            {
                bytes = LeastAllocated(() =>
                {
                    Promise<int> s = a.SendAsync(output);
                    Promise<int> r = b.RecvAsync(input, MessageFlags.None);
                    return s.IsFulfilled && r.IsFulfilled;
                });
            }
            finally
            {
                a.Close();
                b.Close();
            }

            Assert.Equal(0, bytes);
        });

    [Fact]
    public void A_writev_and_a_readv_that_complete_without_waiting_allocate_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            var output = new IOVectors();
            output.Append(new byte[] { 1, 2 });
            output.Append(new byte[] { 3, 4 });
            var input = new IOVectors();
            input.Append(new byte[3]);
            input.Append(new byte[5]);
            long bytes;
            try
            {
                bytes = LeastAllocated(() =>
                {
                    Promise<int> w = a.WritevAsync(output);
                    Promise<int> r = b.ReadvAsync(input);
                    return w.IsFulfilled && r.IsFulfilled;
                });
            }
            finally
            {
                a.Close();
                b.Close();
            }

            Assert.Equal(0, bytes);
        });

    [Fact]
    public void A_read_that_waits_allocates_one_operation() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            Memory<byte> input = new byte[8];
            long bytes;
            try
            {
                // The first wait registers the engine watch (the engine's own bookkeeping); canceled, the
                // watch stays until the end of the iteration, so the next wait reuses it.
                a.ReadAsync(input).Cancel();
                long before = GC.GetAllocatedBytesForCurrentThread();
                Promise<int> read = a.ReadAsync(input);
                bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(read.IsPending);
                read.Cancel();
            }
            finally
            {
                a.Close();
                b.Close();
            }

            // The promise, its queue links, the buffer and the outcome: one object of about 150 bytes.
            Assert.InRange(bytes, 1, 200);
        });

    /// <summary>Runs <paramref name="pair"/> 10,000 times per round; the fewest bytes any round but the first (warm-up) allocated.</summary>
    private static long LeastAllocated(Func<bool> pair)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 4; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                if (!pair())
                {
                    throw new InvalidOperationException("an operation had to wait");
                }
            }

            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round > 0)
            {
                best = Math.Min(best, bytes);
            }
        }

        return best;
    }
}
