// TimerHeapTests.cs: the engine's timer heap. Canceling a timer leaves its entry dead in the heap
// (sifting never touches the timers, for speed); these tests check what that must not change:
// timers fire in deadline order, a canceled timer never fires, one canceled and armed again fires
// once, a heap of mostly canceled timers is rebuilt so that it holds at most about twice the live
// ones, and the next deadline is a live timer's.

using System;
using System.Collections.Generic;
using Lwt.Unix.Engine;
using Xunit;

namespace Lwt.Unix.Tests;

public class TimerHeapTests
{
    [Fact]
    public void Timers_fire_in_deadline_order_and_canceled_ones_never_fire()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var rng = new Random(11);
        var timers = new TestTimer[5000];
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new TestTimer(i, fired);
            heap.Add(timers[i], rng.Next(1000));
        }

        var canceled = new HashSet<int>();
        for (int i = 0; i < timers.Length; i += 3)
        {
            heap.Remove(timers[i]);
            canceled.Add(i);
        }

        Assert.Equal(timers.Length - canceled.Count, heap.Count);
        heap.FireExpired(long.MaxValue);

        Assert.Equal(timers.Length - canceled.Count, fired.Count);
        Assert.DoesNotContain(fired, canceled.Contains);
        for (int i = 1; i < fired.Count; i++)
        {
            Assert.True(timers[fired[i - 1]].Deadline <= timers[fired[i]].Deadline, "fired out of deadline order");
        }

        Assert.Equal(0, heap.Count);
        Assert.Equal(0, heap.EntryCount);
    }

    [Fact]
    public void A_timer_canceled_and_armed_again_for_the_same_deadline_fires_once()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var timer = new TestTimer(1, fired);
        heap.Add(timer, 50);
        heap.Remove(timer);
        heap.Add(timer, 50);
        Assert.Equal(1, heap.Count);

        heap.FireExpired(100);
        Assert.Equal([1], fired);
        Assert.Equal(0, heap.EntryCount);
    }

    [Fact]
    public void A_timer_canceled_and_armed_again_later_fires_at_its_new_deadline_only()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var timer = new TestTimer(1, fired);
        heap.Add(timer, 10);
        heap.Remove(timer);
        heap.Add(timer, 20);

        heap.FireExpired(15);
        Assert.Empty(fired);
        Assert.Equal(20, heap.NextDeadline);
        heap.FireExpired(20);
        Assert.Equal([1], fired);
    }

    [Fact]
    public void Canceling_most_timers_keeps_the_heap_within_twice_the_live_ones()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var timers = new TestTimer[100_000];
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new TestTimer(i, fired);
            heap.Add(timers[i], 1_000_000 + i);
        }

        // The with_timeout shape: long timers, almost all canceled early.
        for (int i = 0; i < timers.Length; i++)
        {
            if (i % 100 != 0)
            {
                heap.Remove(timers[i]);
                Assert.True(heap.EntryCount <= Math.Max(2 * heap.Count, 64) + 1, $"{heap.EntryCount} entries for {heap.Count} live timers");
            }
        }

        Assert.Equal(1000, heap.Count);
        heap.FireExpired(long.MaxValue);
        Assert.Equal(1000, fired.Count);
        Assert.All(fired, i => Assert.Equal(0, i % 100));
    }

    [Fact]
    public void The_next_deadline_skips_canceled_timers()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var early = new TestTimer(1, fired);
        var late = new TestTimer(2, fired);
        heap.Add(early, 5);
        heap.Add(late, 500);
        heap.Remove(early);
        Assert.Equal(500, heap.NextDeadline);
        heap.Remove(late);
        Assert.Equal(long.MaxValue, heap.NextDeadline);
    }

    [Fact]
    public void Moving_timers_to_another_heap_keeps_the_live_ones_and_their_deadlines()
    {
        var from = new TimerHeap();
        var to = new TimerHeap();
        var fired = new List<int>();
        var timers = new TestTimer[10];
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new TestTimer(i, fired);
            from.Add(timers[i], 100 - i);
        }

        from.Remove(timers[0]);
        from.MoveAllTo(to);
        Assert.Equal(0, from.Count);
        Assert.Equal(0, from.EntryCount);
        Assert.Equal(9, to.Count);
        to.FireExpired(95);
        Assert.Equal([9, 8, 7, 6, 5], fired);
        from.FireExpired(long.MaxValue);
        Assert.Equal(5, fired.Count);
    }

    /// <summary>A timer that notes its number when it fires.</summary>
    [Fact]
    public void Timers_armed_once_fire_in_deadline_order_among_others_through_compaction_and_a_move()
    {
        // A sleep keeps no deadline of its own (ITimer.Deadline is ArmedOnce): its single entry
        // must still be live exactly while it is armed, whatever compaction and moves do.
        var heap = new TimerHeap();
        var fired = new List<int>();
        var deadlines = new Dictionary<int, long>();
        var rng = new Random(7);
        var timers = new List<ITimer>();
        for (int i = 0; i < 3000; i++)
        {
            ITimer t = i % 2 == 0 ? new OnceTimer(i, fired) : new TestTimer(i, fired);
            long deadline = rng.Next(1000);
            deadlines[i] = deadline;
            timers.Add(t);
            heap.Add(t, deadline);
        }

        var canceled = new HashSet<int>();
        for (int i = 0; i < timers.Count; i++)
        {
            if (i % 5 != 0)
            {
                heap.Remove(timers[i]);
                canceled.Add(i);
            }
        }

        Assert.True(heap.EntryCount <= Math.Max(2 * heap.Count, 64) + 1, "dead entries were not compacted away");
        var target = new TimerHeap();
        heap.MoveAllTo(target);
        Assert.Equal(0, heap.Count);
        Assert.Equal(timers.Count - canceled.Count, target.Count);

        target.FireExpired(long.MaxValue);

        Assert.Equal(timers.Count - canceled.Count, fired.Count);
        Assert.Equal(fired.Count, new HashSet<int>(fired).Count);
        Assert.DoesNotContain(fired, canceled.Contains);
        for (int i = 1; i < fired.Count; i++)
        {
            Assert.True(deadlines[fired[i - 1]] <= deadlines[fired[i]], "fired out of deadline order");
        }

        Assert.All(timers, t => Assert.Null(t.Heap));
    }

    private sealed class OnceTimer(int number, List<int> fired) : ITimer
    {
        public TimerHeap? Heap { get; set; }

        public long Deadline
        {
            get => TimerHeap.ArmedOnce;
            set { }
        }

        public void OnTimer(TimerHeap heap) => fired.Add(number);
    }

    private sealed class TestTimer(int number, List<int> fired) : ITimer
    {
        public TimerHeap? Heap { get; set; }

        public long Deadline { get; set; }

        public void OnTimer(TimerHeap heap) => fired.Add(number);
    }
}
