using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Xunit;

namespace Lwt.Tests;

public class CallbackCleanupTests
{
    // Lwt's cleanup point: dead removable callbacks are swept once more than this many accumulate.
    private const int CleanupPoint = 42;

    private const int Rounds = 10_000;

    // Without cleanup every round would keep its result alive; with it, at most about CleanupPoint do.
    private const int MaxAlive = 200;

    [Fact]
    public void Choose_rounds_past_the_cleanup_point_keep_the_other_callbacks_working()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose"
        var (p1, r1) = Promise.Wait<string>();
        var p2 = p1.Bind(s => Promise.Return(s + "bar"));
        var p3 = Promise.Choose(p1, Promise.Wait<string>().Promise);
        for (int i = 0; i < CleanupPoint + 1; i++)
        {
            var (p4, r4) = Promise.Wait<string>();
            _ = Promise.Choose(p1, p4);
            r4.Resolve(string.Empty);
        }

        r1.Resolve("foo");
        LwtAssert.Fulfilled("foobar", p2);
        LwtAssert.Fulfilled("foo", p3);
    }

    [Fact]
    public void Choose_rounds_on_a_bind_and_its_inner_promise_survive_the_merge_of_their_lists()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "bind"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Bind(() => p2);
        var p4 = p2.Map(() => "p4");
        var p5 = p3.Map(() => "p5");
        for (int i = 0; i < (CleanupPoint / 2) + 1; i++)
        {
            var (p6, r6) = Promise.Wait();
            _ = Promise.Choose(p2, p3, p6);
            r6.Resolve();
        }

        r1.Resolve();
        r2.Resolve();
        LwtAssert.Fulfilled("p4", p4);
        LwtAssert.Fulfilled("p5", p5);
    }

    [Fact]
    public void Choose_with_a_long_lived_pending_promise_does_not_keep_every_result_alive()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (memory bound, LWT-SEMANTICS.md §1.3)
        var (longLived, r) = Promise.Wait<int>();
        var alive = CountAlive(() => ChooseRound(longLived));
        Assert.True(alive <= MaxAlive, $"{alive} of {Rounds} choose results are still reachable from the long-lived promise");
        var last = Promise.Choose(longLived, Promise.Wait<int>().Promise);
        r.Resolve(9);
        LwtAssert.Fulfilled(9, last);
    }

    [Fact]
    public void Pick_with_a_long_lived_pending_promise_does_not_keep_every_result_alive()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (pick variant)
        var (longLived, r) = Promise.Wait<int>();
        var alive = CountAlive(() => PickRound(longLived));
        Assert.True(alive <= MaxAlive, $"{alive} of {Rounds} pick results are still reachable from the long-lived promise");
        var last = Promise.Pick(longLived, Promise.Wait<int>().Promise);
        r.Resolve(9);
        LwtAssert.Fulfilled(9, last);
    }

    [Fact]
    public void NChoose_with_a_long_lived_pending_promise_does_not_keep_every_result_alive()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (nchoose variant)
        var (longLived, _) = Promise.Wait<int>();
        var alive = CountAlive(() => NChooseRound(longLived, pick: false));
        Assert.True(alive <= MaxAlive, $"{alive} of {Rounds} nchoose results are still reachable from the long-lived promise");
        GC.KeepAlive(longLived);
    }

    [Fact]
    public void NPick_with_a_long_lived_pending_promise_does_not_keep_every_result_alive()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (npick variant)
        var (longLived, _) = Promise.Wait<int>();
        var alive = CountAlive(() => NChooseRound(longLived, pick: true));
        Assert.True(alive <= MaxAlive, $"{alive} of {Rounds} npick results are still reachable from the long-lived promise");
        GC.KeepAlive(longLived);
    }

    [Fact]
    public void NChooseSplit_with_a_long_lived_pending_promise_does_not_keep_every_result_alive()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (nchoose_split variant)
        var (longLived, _) = Promise.Wait<int>();
        var alive = CountAlive(() => NChooseSplitRound(longLived));
        Assert.True(alive <= MaxAlive, $"{alive} of {Rounds} nchoose_split results are still reachable from the long-lived promise");
        GC.KeepAlive(longLived);
    }

    [Fact]
    public void Choose_on_a_long_lived_promise_with_other_callbacks_keeps_them_through_many_sweeps()
    {
        // Lwt: test_lwt.ml › "callback cleanup" › "choose" (many sweeps)
        var log = new List<string>();
        var (longLived, r) = Promise.Wait<int>();
        longLived.OnSuccess(_ => log.Add("first"));
        for (int i = 0; i < Rounds; i++)
        {
            ChooseRound(longLived);
        }

        longLived.OnSuccess(_ => log.Add("last"));
        r.Resolve(1);
        Assert.Equal(["last", "first"], log);
    }

    private static int CountAlive(Func<WeakReference> round)
    {
        var refs = new List<WeakReference>(Rounds);
        for (int i = 0; i < Rounds; i++)
        {
            refs.Add(round());
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return refs.FindAll(w => w.IsAlive).Count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ChooseRound(Promise<int> longLived)
    {
        var (fresh, r) = Promise.Wait<int>();
        var result = Promise.Choose(longLived, fresh);
        r.Resolve(1);
        return new WeakReference(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference PickRound(Promise<int> longLived)
    {
        var (fresh, r) = Promise.Cancelable<int>();
        var result = Promise.Pick(longLived, fresh);
        r.Resolve(1);
        return new WeakReference(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference NChooseRound(Promise<int> longLived, bool pick)
    {
        var (fresh, r) = Promise.Wait<int>();
        var result = pick ? Promise.NPick(longLived, fresh) : Promise.NChoose(longLived, fresh);
        r.Resolve(1);
        return new WeakReference(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference NChooseSplitRound(Promise<int> longLived)
    {
        var (fresh, r) = Promise.Wait<int>();
        var result = Promise.NChooseSplit(longLived, fresh);
        r.Resolve(1);
        return new WeakReference(result);
    }
}
