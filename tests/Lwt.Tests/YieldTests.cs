using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Lwt.Internal;
using Xunit;

namespace Lwt.Tests;

/// <summary>
/// <c>await Promise.Yield()</c>: Lwt's <c>let* () = Lwt.pause () in ...</c> without the paused
/// promise. Each test checks that it behaves exactly as awaiting <see cref="Promise.Pause"/> would:
/// same queue, same order, same count, same cancellation.
/// </summary>
public sealed class YieldTests : IDisposable
{
    public YieldTests() => Reset();

    public void Dispose() => Reset();

    [Fact]
    public void A_method_awaiting_Yield_resumes_at_the_next_WakeupPaused()
    {
        // Lwt: test_lwt.ml › "pause" › "one promise", through a bind on the paused promise
        var log = new List<string>();
        Promise m = YieldThenLog(log, "resumed");
        LwtAssert.Pending(m);
        Assert.Equal(1, Promise.PausedCount);
        Assert.Empty(log);
        Promise.WakeupPaused();
        Assert.Equal(["resumed"], log);
        LwtAssert.Fulfilled(m);
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void Yield_calls_the_pause_notifier_with_the_new_count()
    {
        // Lwt: test_lwt.ml › "pause" › "pause notifier"
        var seen = new List<int>();
        Promise.RegisterPauseNotifier(seen.Add);
        Promise.Pause();
        _ = YieldThenLog([], "a");
        _ = YieldThenLog([], "b");
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void Yields_and_pauses_resume_in_the_order_they_were_queued()
    {
        // Lwt: LWT-SEMANTICS.md §5 (wakeup_paused fulfills the paused promises first paused first)
        var log = new List<string>();
        Promise.Pause().OnSuccess(() => log.Add("pause 1"));
        _ = YieldThenLog(log, "yield 1");
        Promise.Pause().OnSuccess(() => log.Add("pause 2"));
        _ = YieldThenLog(log, "yield 2");
        Promise.WakeupPaused();
        Assert.Equal(["pause 1", "yield 1", "pause 2", "yield 2"], log);
    }

    [Fact]
    public void A_yield_made_while_waking_up_waits_for_the_next_WakeupPaused()
    {
        // Lwt: test_lwt.ml › "pause" › "pause in unpause"
        var log = new List<int>();
        Promise m = YieldLoop(3, log);
        Promise.WakeupPaused();
        Assert.Equal([1], log);
        Assert.Equal(1, Promise.PausedCount);
        Promise.WakeupPaused();
        Promise.WakeupPaused();
        Assert.Equal([1, 2, 3], log);
        LwtAssert.Fulfilled(m);
    }

    [Fact]
    public void A_method_that_yields_then_returns_a_value_fulfills_its_promise_with_it()
    {
        Promise<int> m = YieldThenReturn(42);
        LwtAssert.Pending(m);
        Promise.WakeupPaused();
        LwtAssert.Fulfilled(42, m);
    }

    [Fact]
    public void Canceling_a_method_while_it_yields_throws_CanceledException_at_the_await()
    {
        // Lwt: LWT-SEMANTICS.md §2.1 (pause makes a cancelable promise; cancel reaches what a bind awaits)
        var log = new List<string>();
        Promise m = YieldCatchingCancel(log);
        m.Cancel();
        Assert.Equal(["canceled"], log);
        LwtAssert.Fulfilled(m);
    }

    [Fact]
    public void Canceling_a_method_while_it_yields_rejects_its_promise_and_leaves_the_paused_count()
    {
        // Lwt: test_lwt.ml › "pause" (canceling a paused promise does not lower paused_count)
        var log = new List<string>();
        Promise m = YieldThenLog(log, "resumed");
        m.Cancel();
        LwtAssert.Canceled(m);
        Assert.Equal(1, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Empty(log);
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void Canceling_a_method_promise_that_was_woken_but_not_yet_resumed_changes_nothing()
    {
        // A pause promise fulfilled by the wake-up is no longer cancelable, even if its callbacks
        // wait in the deferred queue; so is a woken yield.
        var log = new List<string>();
        Promise m = YieldThenLog(log, "resumed");
        InCallbackAtTheDepthLimit(() =>
        {
            Promise.WakeupPaused();
            Assert.Empty(log);
            m.Cancel();
        });
        Assert.Equal(["resumed"], log);
        LwtAssert.Fulfilled(m);
    }

    [Fact]
    public void A_canceled_method_that_yields_again_resumes_once_at_its_new_place()
    {
        // The stale entry of the canceled yield must neither resume the method nor keep its place.
        var log = new List<string>();
        var (gate, open) = Promise.Wait();
        Promise m = CancelThenYieldAgain(gate, log);
        Promise.Pause().OnSuccess(() => log.Add("pause"));
        m.Cancel();
        Assert.Equal(["canceled"], log);
        open.Resolve();
        Promise.WakeupPaused();
        Assert.Equal(["canceled", "pause", "resumed"], log);
        LwtAssert.Fulfilled(m);
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void A_method_canceled_at_every_yield_resumes_once_per_wakeup_it_really_waits_for()
    {
        var log = new List<string>();
        Promise m = YieldCatchingEveryCancel(3, log);
        m.Cancel();
        m.Cancel();
        m.Cancel();
        Assert.Equal(["canceled 1", "canceled 2", "canceled 3"], log);
        Assert.Equal(4, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1", "canceled 2", "canceled 3", "resumed"], log);
        LwtAssert.Fulfilled(m);
        Promise.WakeupPaused();
        Assert.Equal(4, log.Count);
    }

    [Fact]
    public void A_method_canceled_during_a_wakeup_that_yields_again_waits_for_the_next_one()
    {
        // Lwt: test_lwt.ml › "pause" › "pause in unpause", with the second pause made by a canceled method
        var log = new List<string>();
        Promise? victim = null;
        Promise.Pause().OnSuccess(() => victim!.Cancel());
        victim = YieldCatchingEveryCancel(1, log);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1"], log);
        LwtAssert.Pending(victim);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1", "resumed"], log);
        LwtAssert.Fulfilled(victim);
    }

    [Fact]
    public void A_nested_WakeupPaused_resumes_a_canceled_then_requeued_method_exactly_once()
    {
        var log = new List<string>();
        Promise? victim = null;
        Promise.Pause().OnSuccess(() =>
        {
            victim!.Cancel();
            Promise.WakeupPaused();
        });
        victim = YieldCatchingEveryCancel(1, log);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1", "resumed"], log);
        LwtAssert.Fulfilled(victim);
        Promise.WakeupPaused();
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Pick_cancels_a_losing_method_that_yields()
    {
        // Lwt: LWT-SEMANTICS.md §2 (pick cancels the losers)
        var log = new List<string>();
        var (winner, resolver) = Promise.Wait();
        Promise loser = YieldThenLog(log, "loser resumed");
        Promise picked = Promise.Pick(winner, loser);
        resolver.Resolve();
        LwtAssert.Fulfilled(picked);
        LwtAssert.Canceled(loser);
        Promise.WakeupPaused();
        Assert.Empty(log);
    }

    [Fact]
    public void Canceling_the_outer_method_reaches_an_inner_method_that_yields()
    {
        var log = new List<string>();
        Promise outer = Outer(log);
        outer.Cancel();
        LwtAssert.Canceled(outer);
        Promise.WakeupPaused();
        Assert.Empty(log);

        static async Promise Outer(List<string> log) => await YieldThenLog(log, "inner resumed");
    }

    [Fact]
    public void Canceling_a_method_of_T_while_it_yields_rejects_it_with_CanceledException()
    {
        Promise<int> m = YieldThenReturn(1);
        m.Cancel();
        LwtAssert.Canceled(m);
        Promise.WakeupPaused();
        LwtAssert.Canceled(m);
    }

    [Fact]
    public void Canceling_a_bind_that_follows_a_yielding_method_reaches_its_yield()
    {
        // Lwt: LWT-SEMANTICS.md §2 (cancel goes through a bind whose function returned a pending promise)
        var log = new List<string>();
        var (gate, open) = Promise.Wait();
        var (head, start) = Promise.Wait();
        Promise outer = head.Bind(() => GateThenYieldThenLog(gate, log));
        start.Resolve();
        open.Resolve();
        Assert.Equal(1, Promise.PausedCount);
        outer.Cancel();
        LwtAssert.Canceled(outer);
        Assert.Equal(["canceled"], log);
        Promise.WakeupPaused();
        Assert.Equal(["canceled"], log);

        static async Promise GateThenYieldThenLog(Promise gate, List<string> log)
        {
            await gate;
            try
            {
                await Promise.Yield();
                log.Add("resumed");
            }
            catch (CanceledException)
            {
                log.Add("canceled");
                throw;
            }
        }
    }

    [Fact]
    public void A_cancel_made_at_the_depth_limit_resumes_the_method_after_the_callback_returns()
    {
        // Lwt: the paused promise's rejection runs its callbacks through the same deferral as any other
        var log = new List<string>();
        Promise m = YieldCatchingCancel(log);
        InCallbackAtTheDepthLimit(() =>
        {
            m.Cancel();
            log.Add("cancel returned");
        });
        Assert.Equal(["cancel returned", "canceled"], log);
        LwtAssert.Fulfilled(m);
    }

    [Fact]
    public void AbandonPaused_during_a_wakeup_keeps_the_stale_entries_of_the_list_being_woken()
    {
        var log = new List<string>();
        Promise? victim = null;
        Promise.Pause().OnSuccess(() =>
        {
            Promise.AbandonPaused();
            victim!.Cancel();
        });
        victim = YieldCatchingEveryCancel(2, log);
        victim.Cancel();
        Assert.Equal(["canceled 1"], log);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1", "canceled 2"], log);
        LwtAssert.Pending(victim);
        Promise.WakeupPaused();
        Assert.Equal(["canceled 1", "canceled 2", "resumed"], log);
        LwtAssert.Fulfilled(victim);
    }

    [Fact]
    public void A_throwing_pause_notifier_rejects_the_yielding_method_which_no_wakeup_resumes()
    {
        var log = new List<string>();
        var boom = new InvalidOperationException("notifier");
        Promise.RegisterPauseNotifier(_ => throw boom);
        Promise m = YieldThenLog(log, "resumed");
        Promise.RegisterPauseNotifier(null);
        LwtAssert.Rejected(boom, m);
        Promise.WakeupPaused();
        Assert.Empty(log);
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void A_method_that_catches_a_throwing_notifier_and_yields_again_resumes_once_per_wakeup()
    {
        var log = new List<string>();
        int calls = 0;
        Promise.RegisterPauseNotifier(_ =>
        {
            if (++calls == 1)
            {
                throw new InvalidOperationException("notifier");
            }
        });
        Promise m = CatchNotifierThenYieldTwice(log);
        Assert.Equal(["notifier failed"], log);
        Promise.WakeupPaused();
        Assert.Equal(["notifier failed", "first"], log);
        Promise.WakeupPaused();
        Assert.Equal(["notifier failed", "first", "second"], log);
        LwtAssert.Fulfilled(m);

        static async Promise CatchNotifierThenYieldTwice(List<string> log)
        {
            try
            {
                await Promise.Yield();
            }
            catch (InvalidOperationException)
            {
                log.Add("notifier failed");
            }

            await Promise.Yield();
            log.Add("first");
            await Promise.Yield();
            log.Add("second");
        }
    }

    [Fact]
    public void A_wakeup_cut_short_by_an_exception_leaves_the_later_yields_pending_and_cancelable()
    {
        var log = new List<string>();
        var boom = new InvalidOperationException("hook");
        Action<Exception> savedHook = Promise.AsyncExceptionHook;
        Promise.AsyncExceptionHook = e => throw e;
        try
        {
            Promise.Pause().OnSuccess(() => throw boom);
            Promise stale = YieldCatchingEveryCancel(1, log);
            stale.Cancel();
            Promise live = YieldThenLog(log, "live resumed");
            Assert.Same(boom, Assert.Throws<InvalidOperationException>(Promise.WakeupPaused));
            Assert.False(PromiseRuntime.Current.Paused.HasStaleYield(stale), "the dropped stale entry is forgotten");
            Promise.WakeupPaused();
            Assert.Equal(["canceled 1"], log);
            LwtAssert.Pending(stale);
            LwtAssert.Pending(live);
            live.Cancel();
            stale.Cancel();
            LwtAssert.Canceled(live);
            LwtAssert.Canceled(stale);
            Assert.Equal(["canceled 1"], log);
        }
        finally
        {
            Promise.AsyncExceptionHook = savedHook;
        }
    }

    [Fact]
    public void Canceling_a_method_that_awaits_its_own_promise_returns_and_leaves_it_pending()
    {
        // Not a yield: the box records itself as awaited. The walk must stop there, not loop.
        Promise? self = null;
        var (gate, open) = Promise.Wait();
        Promise m = AwaitSelf();
        self = m;
        open.Resolve();
        m.Cancel();
        LwtAssert.Pending(m);
        Assert.Equal(0, Promise.PausedCount);

        async Promise AwaitSelf()
        {
            await gate;
            await self!;
        }
    }

    [Fact]
    public void AbandonPaused_leaves_a_yielding_method_pending_and_still_cancelable()
    {
        // Lwt: abandon_paused leaves the paused promises pending; they remain cancelable
        var log = new List<string>();
        Promise m = YieldThenLog(log, "resumed");
        Promise.AbandonPaused();
        Assert.Equal(0, Promise.PausedCount);
        Promise.WakeupPaused();
        LwtAssert.Pending(m);
        m.Cancel();
        LwtAssert.Canceled(m);
        Assert.Empty(log);
    }

    [Fact]
    public void A_Task_method_awaiting_Yield_resumes_at_the_next_WakeupPaused_on_this_thread()
    {
        int thread = Environment.CurrentManagedThreadId;
        int resumedOn = 0;
        Task t = AwaitInTask();
        Assert.False(t.IsCompleted);
        Assert.Equal(1, Promise.PausedCount);
        Promise.WakeupPaused();
        Assert.True(t.IsCompletedSuccessfully);
        Assert.Equal(thread, resumedOn);

        async Task AwaitInTask()
        {
            await Promise.Yield();
            resumedOn = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void Yield_is_never_completed_and_its_awaiter_result_is_empty()
    {
        var awaiter = Promise.Yield().GetAwaiter();
        Assert.False(awaiter.IsCompleted);
#pragma warning disable xUnit1031 // Not a task: the awaiter of a yield, whose result is checked here.
        awaiter.GetResult();
#pragma warning restore xUnit1031
        Assert.Equal(0, Promise.PausedCount);
    }

    [Fact]
    public void A_method_that_yields_in_a_loop_allocates_nothing_per_yield_when_compiled_with_optimizations()
    {
        Assert.SkipUnless(AsyncMethodTests.IsOptimized, "this assembly is a Debug build, whose async state machines are classes; run with -c Release");
        Promise warm = YieldLoop(10, null);
        for (int i = 0; i < 10; i++)
        {
            Promise.WakeupPaused();
        }

        LwtAssert.Fulfilled(warm);
        const int N = 10_000;
        Promise m = YieldLoop(N, null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < N; i++)
        {
            Promise.WakeupPaused();
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        LwtAssert.Fulfilled(m);
        Assert.True(bytes == 0, $"{N} yields allocated {bytes} bytes");
    }

    private static async Promise YieldThenLog(List<string> log, string entry)
    {
        await Promise.Yield();
        log.Add(entry);
    }

    private static async Promise<int> YieldThenReturn(int value)
    {
        await Promise.Yield();
        return value;
    }

    private static async Promise YieldLoop(int n, List<int>? log)
    {
        for (int i = 1; i <= n; i++)
        {
            await Promise.Yield();
            log?.Add(i);
        }
    }

    private static async Promise YieldCatchingCancel(List<string> log)
    {
        try
        {
            await Promise.Yield();
            log.Add("resumed");
        }
        catch (CanceledException)
        {
            log.Add("canceled");
        }
    }

    private static async Promise CancelThenYieldAgain(Promise gate, List<string> log)
    {
        try
        {
            await Promise.Yield();
        }
        catch (CanceledException)
        {
            log.Add("canceled");
        }

        await gate;
        await Promise.Yield();
        log.Add("resumed");
    }

    private static async Promise YieldCatchingEveryCancel(int cancels, List<string> log)
    {
        for (int i = 1; i <= cancels; i++)
        {
            try
            {
                await Promise.Yield();
                log.Add("resumed early " + i);
                return;
            }
            catch (CanceledException)
            {
                log.Add("canceled " + i);
            }
        }

        await Promise.Yield();
        log.Add("resumed");
    }

    // Runs f inside a resolution callback with the stack guard's limit lowered to that depth, so
    // that the callbacks f's wake-up fulfills wait in the deferred queue until the callback returns.
    private static void InCallbackAtTheDepthLimit(Action f)
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        int savedMax = rt.MaxDepth;
        rt.MaxDepth = 1;
        try
        {
            var (p, resolver) = Promise.Wait();
            p.OnSuccess(f);
            resolver.Resolve();
        }
        finally
        {
            rt.MaxDepth = savedMax;
        }
    }

    private static void Reset()
    {
        Promise.AbandonPaused();
        Promise.RegisterPauseNotifier(null);
    }
}
