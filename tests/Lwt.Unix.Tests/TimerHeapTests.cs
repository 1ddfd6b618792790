// TimerHeapTests.cs: the engine's timer heap. Canceling a timer leaves its entry dead in the heap
// (sifting never touches the timers, for speed); these tests check what that must not change:
// timers fire in deadline order, a canceled timer never fires, one canceled and armed again fires
// once, a heap of mostly canceled timers is rebuilt so that it holds at most about twice the live
// ones, and the next deadline is a live timer's.

using System;
using System.Collections.Generic;
using Lwt.Internal;
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
            timers[i].Stop();
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
        timer.Stop();
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
        timer.Stop();
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
                timers[i].Stop();
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
        early.Stop();
        Assert.Equal(500, heap.NextDeadline);
        late.Stop();
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

        timers[0].Stop();
        from.MoveAllTo(to);
        Assert.Equal(0, from.Count);
        Assert.Equal(0, from.EntryCount);
        Assert.Equal(9, to.Count);
        to.FireExpired(95);
        Assert.Equal([9, 8, 7, 6, 5], fired);
        from.FireExpired(long.MaxValue);
        Assert.Equal(5, fired.Count);
    }

    [Fact]
    public void Timers_armed_once_fire_in_deadline_order_among_others_through_compaction_and_a_move()
    {
        // A one-shot timer (a sleep) records neither heap nor deadline: its single entry must
        // still be live exactly while it is pending, whatever compaction and moves do.
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
                if (timers[i] is OnceTimer once)
                {
                    once.Cancel(heap);
                }
                else
                {
                    ((TestTimer)timers[i]).Stop();
                }

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

        Assert.All(timers, t => Assert.False(t is OnceTimer once ? once.Pending : ((TestTimer)t).Armed));
    }

    [Fact]
    public void A_one_shot_timer_canceled_after_moves_is_counted_out_of_the_heap_that_holds_it()
    {
        // A sleep's cancel callback is the heap it was made in; engine transfers may have moved
        // it since, back and forth, so the cancel must reach the heap that holds it now.
        var first = new TimerHeap();
        var second = new TimerHeap();
        var fired = new List<int>();
        var made = new OnceTimer[6];
        for (int i = 0; i < made.Length; i++)
        {
            made[i] = new OnceTimer(i, fired);
            first.Add(made[i], 100 + i);
        }

        first.MoveAllTo(second);
        made[0].Cancel(first);
        Assert.Equal(5, second.Count);
        Assert.Equal(0, first.Count);

        var moreInSecond = new OnceTimer(10, fired);
        second.Add(moreInSecond, 50);
        second.MoveAllTo(first);
        made[1].Cancel(first);
        moreInSecond.Cancel(second);
        Assert.Equal(4, first.Count);
        Assert.Equal(0, second.Count);

        first.FireExpired(long.MaxValue);
        Assert.Equal([2, 3, 4, 5], fired);
        Assert.Equal(0, first.Count);
        Assert.Equal(0, first.EntryCount);
    }

    [Fact]
    public void One_shot_timers_canceled_in_one_walk_keep_the_count_through_a_rebuild_and_a_move()
    {
        // A cancel walk (Join of many sleeps, canceled) rejects every sleep first, then runs their
        // cancel callbacks one by one. Meanwhile the heap is rebuilt (most entries are dead) and a
        // callback may move the timers to another engine: the count must end right in the heap
        // that holds the survivor, and never drop below its live timers.
        var first = new TimerHeap();
        var second = new TimerHeap();
        var fired = new List<int>();
        var canceled = new OnceTimer[300];
        for (int i = 0; i < canceled.Length; i++)
        {
            canceled[i] = new OnceTimer(i, fired);
            first.Add(canceled[i], 1000 + i);
        }

        var survivor = new OnceTimer(999, fired);
        first.Add(survivor, 5);
        foreach (OnceTimer t in canceled)
        {
            t.Reject();
        }

        for (int i = 0; i < 200; i++)
        {
            canceled[i].Report(first);
        }

        Assert.Equal(1, first.EntryCount);
        Assert.Equal(101, first.Count);
        first.MoveAllTo(second);
        Assert.Equal(101, second.Count);
        for (int i = 200; i < canceled.Length; i++)
        {
            canceled[i].Report(first);
        }

        Assert.Equal(1, second.Count);
        Assert.Equal(1, second.EntryCount);
        second.FireExpired(long.MaxValue);
        Assert.Equal([999], fired);
        Assert.Equal(0, second.Count);
    }

    /// <summary>A one-shot timer, as a sleep is: live while pending; canceling it calls the heap it was made in.</summary>
    private sealed class OnceTimer(int number, List<int> fired) : ITimer
    {
        internal bool Pending { get; private set; } = true;

        public bool IsArmedIn(TimerHeap heap, long deadline) => Pending;

        public void SetArmed(TimerHeap? heap, long deadline)
        {
        }

        public void OnTimer(TimerHeap heap)
        {
            Pending = false;
            fired.Add(number);
        }

        /// <summary>What canceling a sleep does: it stops being pending, then its cancel callback runs.</summary>
        internal void Cancel(TimerHeap madeIn)
        {
            Reject();
            Report(madeIn);
        }

        /// <summary>The first half of a cancel walk: the sleep is rejected.</summary>
        internal void Reject() => Pending = false;

        /// <summary>The second half, later in the walk: its cancel callback, the heap it was made in, runs.</summary>
        internal void Report(TimerHeap madeIn) => ((ICallback)madeIn).OnResolved(Promise.Unit);
    }

    /// <summary>A re-armable timer, as an engine timer event is: it records where it is armed; Stop disarms it.</summary>
    private sealed class TestTimer(int number, List<int> fired) : ITimer
    {
        private TimerHeap? _heap;

        internal long Deadline { get; private set; }

        internal bool Armed => _heap is not null;

        public bool IsArmedIn(TimerHeap heap, long deadline) => _heap == heap && Deadline == deadline;

        public void SetArmed(TimerHeap? heap, long deadline)
        {
            _heap = heap;
            if (heap is not null)
            {
                Deadline = deadline;
            }
        }

        public void OnTimer(TimerHeap heap) => fired.Add(number);

        internal void Stop()
        {
            if (_heap is { } heap)
            {
                _heap = null;
                heap.Disarmed();
            }
        }
    }
}
