using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class PauseTests
{
    [Fact]
    public void Pause_count_starts_at_zero()
    {
        // Lwt: test_lwt.ml › "pause" › "initial state"
        using var reset = new PauseReset();
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void Pause_makes_a_pending_promise_that_WakeupPaused_fulfills()
    {
        // Lwt: test_lwt.ml › "pause" › "one promise"
        using var reset = new PauseReset();
        var p = Promise.Pause();
        Assert.Equal(1, Promise.PausedCount);
        LwtAssert.Pending(p);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Fulfilled(p);
    }

    [Fact]
    public void Pause_twice_then_WakeupPaused_fulfills_both()
    {
        // Lwt: test_lwt.ml › "pause" › "multiple promises"
        using var reset = new PauseReset();
        var p1 = Promise.Pause();
        var p2 = Promise.Pause();
        Assert.NotSame(p1, p2);
        Assert.Equal(2, Promise.PausedCount);
        LwtAssert.Pending(p1);
        LwtAssert.Pending(p2);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Fulfilled(p1);
        LwtAssert.Fulfilled(p2);
    }

    [Fact]
    public void WakeupPaused_with_nothing_paused_does_nothing()
    {
        // Lwt: test_lwt.ml › "pause" › "wakeup with no promises"
        using var reset = new PauseReset();
        Assert.Equal(0, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void Pause_calls_the_notifier_with_the_new_count()
    {
        // Lwt: test_lwt.ml › "pause" › "pause notifier"
        using var reset = new PauseReset();
        var seen = new List<int>();
        Promise.RegisterPauseNotifier(seen.Add);
        Promise.Pause();
        Assert.Equal(1, Promise.PausedCount);
        Assert.Equal([1], seen);
        Promise.Pause();
        Promise.Pause();
        Assert.Equal([1, 2, 3], seen);
        Promise.WakeupPaused();
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void Pause_called_while_waking_up_waits_for_the_next_wakeup()
    {
        // Lwt: test_lwt.ml › "pause" › "pause in unpause"
        using var reset = new PauseReset();
        var p1 = Promise.Pause();
        var q = p1.Bind(Promise.Pause);
        Assert.Equal(1, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(1, Promise.PausedCount);
        LwtAssert.Pending(q);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Fulfilled(q);
    }

    [Fact]
    public void Pause_called_from_the_notifier_adds_a_second_paused_promise()
    {
        // Lwt: test_lwt.ml › "pause" › "recursive pause in notifier"
        using var reset = new PauseReset();
        var countsInNotifier = new List<int>();
        Promise.RegisterPauseNotifier(_ =>
        {
            countsInNotifier.Add(Promise.PausedCount);
            Promise.RegisterPauseNotifier(null);
            Promise.Pause();
        });
        var p = Promise.Pause();
        Assert.Equal([1], countsInNotifier);
        Assert.Equal(2, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Fulfilled(p);
    }

    [Fact]
    public void WakeupPaused_called_from_the_notifier_fulfills_the_new_promise()
    {
        // Lwt: test_lwt.ml › "pause" › "unpause in pause"
        using var reset = new PauseReset();
        var countsInNotifier = new List<int>();
        Promise.RegisterPauseNotifier(_ =>
        {
            countsInNotifier.Add(Promise.PausedCount);
            Promise.WakeupPaused();
        });
        var p = Promise.Pause();
        Assert.Equal([1], countsInNotifier);
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Fulfilled(p);
    }

    [Fact]
    public void WakeupPaused_fulfills_paused_promises_first_paused_first()
    {
        // Lwt: LWT-SEMANTICS.md §3.1 (wakeup each in FIFO order)
        using var reset = new PauseReset();
        var log = new List<string>();
        Promise.Pause().OnSuccess(() => log.Add("first"));
        Promise.Pause().OnSuccess(() => log.Add("second"));
        Promise.Pause().OnSuccess(() => log.Add("third"));
        Promise.WakeupPaused();
        Assert.Equal(["first", "second", "third"], log);
    }

    [Fact]
    public void Pause_canceled_is_rejected_and_does_not_lower_the_count()
    {
        // Lwt: LWT-SEMANTICS.md §3.1 (cancel does not decrement paused_count)
        using var reset = new PauseReset();
        var p1 = Promise.Pause();
        var p2 = Promise.Pause();
        p1.Cancel();
        LwtAssert.Canceled(p1);
        Assert.Equal(2, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Canceled(p1);
        LwtAssert.Fulfilled(p2);
    }

    [Fact]
    public void WakeupPaused_after_every_paused_promise_was_canceled_resets_the_count()
    {
        // Lwt: LWT-SEMANTICS.md §3.1 (empty list: count := 0)
        using var reset = new PauseReset();
        var p = Promise.Pause();
        p.Cancel();
        Assert.Equal(1, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(0, Promise.PausedCount);
        LwtAssert.Canceled(p);
    }

    [Fact]
    public void AbandonPaused_leaves_the_promises_pending_forever()
    {
        // Lwt: LWT-SEMANTICS.md §3.1 (abandon_paused)
        using var reset = new PauseReset();
        var p = Promise.Pause();
        Promise.AbandonPaused();
        Assert.Equal(0, Promise.PausedCount);
        Promise.WakeupPaused();
        LwtAssert.Pending(p);
    }

    [Fact]
    public void RegisterPauseNotifier_replaces_the_previous_notifier()
    {
        // Lwt: LWT-SEMANTICS.md §3.1 (register_pause_notifier replaces it)
        using var reset = new PauseReset();
        var log = new List<string>();
        Promise.RegisterPauseNotifier(n => log.Add("old " + n));
        Promise.RegisterPauseNotifier(n => log.Add("new " + n));
        Promise.Pause();
        Assert.Equal(["new 1"], log);
    }

    [Fact]
    public void WakeupPaused_inside_a_wakeup_wakes_only_what_was_paused_since_and_the_outer_one_goes_on()
    {
        // Lwt: LWT-SEMANTICS.md §2.1; lwt.ml's wakeup_paused moves the paused list out before waking it.
        using var reset = new PauseReset();
        var order = new List<string>();
        Promise? p3 = null;
        Promise? p4 = null;
        var p1 = Promise.Pause();
        var p2 = Promise.Pause();
        p1.OnSuccess(() =>
        {
            order.Add("p1");
            p3 = Promise.Pause();
            p3.OnSuccess(() => order.Add("p3"));
            Promise.WakeupPaused();
            p4 = Promise.Pause();
            p4.OnSuccess(() => order.Add("p4"));
        });
        p2.OnSuccess(() => order.Add("p2"));

        Promise.WakeupPaused();
        Assert.Equal(["p1", "p3", "p2"], order);
        LwtAssert.Pending(p4!);
        Assert.Equal(1, Promise.PausedCount);

        // The lists are whole again: rounds after a nested wake-up go on as usual.
        for (int round = 0; round < 3; round++)
        {
            Promise.WakeupPaused();
            var next = Promise.Pause();
            Promise.WakeupPaused();
            LwtAssert.Fulfilled(next);
        }

        Assert.Equal(["p1", "p3", "p2", "p4"], order);
        Assert.Equal(0, Promise.PausedCount);
    }

    /// <summary>Clears this thread's paused promises and notifier, before and after a test.</summary>
    private sealed class PauseReset : IDisposable
    {
        public PauseReset() => Reset();

        public void Dispose() => Reset();

        private static void Reset()
        {
            Promise.AbandonPaused();
            Promise.RegisterPauseNotifier(null);
        }
    }

    [Fact]
    public void Canceling_a_bind_on_a_paused_promise_cancels_the_pause()
    {
        // Lwt: LWT-SEMANTICS.md §2.1 (pause makes a cancelable promise)
        using var reset = new PauseReset();
        bool ran = false;
        var p = Promise.Pause();
        var q = p.Bind(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
        Promise.WakeupPaused();
        Assert.False(ran);
        LwtAssert.Canceled(q);
    }
}
