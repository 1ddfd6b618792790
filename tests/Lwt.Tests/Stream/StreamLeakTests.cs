using System;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>What streams keep and allocate (DESIGN.md §7): canceled reads leave nothing behind, ready reads allocate nothing.</summary>
public class StreamLeakTests
{
    [Fact]
    public void Canceling_a_hundred_thousand_pending_gets_leaves_nothing_registered()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        var gets = new Promise<Option<int>>[100_000];
        for (int i = 0; i < gets.Length; i++)
        {
            gets[i] = s.Get();
        }

        Assert.Equal(gets.Length, s.Source.WaiterCount);
        foreach (Promise<Option<int>> g in gets)
        {
            g.Cancel();
        }

        Assert.Equal(0, s.Source.WaiterCount);
        push.Push(1);
        Assert.Equal(Option.Some(1), s.Get().Result);
    }

    [Fact]
    public void Canceled_reads_of_every_kind_unregister()
    {
        var (s, _) = Lwt.Stream.Create<int>();
        Promise[] reads = [s.Get(), s.Next(), s.Peek(), s.NGet(2), s.ToList(), s.IsEmpty(), s.Junk(), s.IterSequential(_ => Promise.Unit), s.Fold((x, a) => a, 0)];
        Assert.Equal(reads.Length, s.Source.WaiterCount);
        foreach (Promise r in reads)
        {
            r.Cancel();
            Assert.True(r.IsCanceled);
        }

        Assert.Equal(0, s.Source.WaiterCount);
    }

    [Fact]
    public void A_pending_get_is_one_object_registered()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<Option<int>> get = s.Get();
        Assert.IsType<GetWait<int>>(get);
        Assert.Equal(1, s.Source.WaiterCount);
        push.Push(3);
        Assert.Equal(0, s.Source.WaiterCount);
        Assert.Equal(Option.Some(3), get.Result);
    }

    [Fact]
    public void Reading_ready_small_ints_allocates_nothing()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        for (int i = 0; i < 3000; i++)
        {
            push.Push(i % 8); // Promise.Return caches -1..8
        }

        // Warm up the generic code and the caches.
        _ = s.Get();
        _ = s.Next();
        _ = s.TryGet(out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 999; i++)
        {
            _ = s.Get();
            _ = s.Next();
            _ = s.TryGet(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reading_a_ready_element_allocates_only_the_result_promise()
    {
        var (s, push) = Lwt.Stream.Create<string>();
        for (int i = 0; i < 1001; i++)
        {
            push.Push("x");
        }

        _ = s.Get();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = s.Get();
        }

        long perGet = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.InRange(perGet, 1, 64);
    }
}

/// <summary>
/// Measures the process's live memory, so it runs alone, after the parallel tests, and compares
/// with what was live before it started rather than with an absolute figure.
/// </summary>
[Collection(Lwt.Tests.Infrastructure.MemoryCollection.Name)]
public class StreamMemoryTests
{
    [Fact]
    public void Dropped_elements_of_a_long_stream_are_collected_as_it_is_read()
    {
        long before = Lwt.Tests.Infrastructure.MemoryCollection.LiveBytes();
        var (s, push) = Lwt.Stream.Create<byte[]>();
        Promise reading = s.Iter(_ => { });
        for (int i = 0; i < 10_000; i++)
        {
            push.Push(new byte[10_000]);
        }

        // 100 MB went through; what is still reachable must be far less.
        long growth = Lwt.Tests.Infrastructure.MemoryCollection.LiveBytes() - before;
        Assert.True(growth < 20_000_000, $"{growth} bytes still reachable");
        push.Close();
        Assert.True(reading.IsFulfilled);
    }
}
