using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class PickTests
{
    [Fact]
    public void Pick_of_nothing_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "pick" › "empty"
        Assert.Throws<ArgumentException>(() => Promise.Pick<string>());
    }

    [Fact]
    public void Pick_with_a_fulfilled_input_cancels_the_pending_ones_and_returns_it()
    {
        // Lwt: test_lwt.ml › "pick" › "fulfilled"
        var (p1, _) = Promise.Cancelable<string>();
        var foo = Promise.Return("foo");
        var p = Promise.Pick(p1, foo);
        LwtAssert.Canceled(p1);
        LwtAssert.Fulfilled("foo", p);
        Assert.Same(foo, p);
    }

    [Fact]
    public void Pick_with_a_rejected_input_cancels_the_pending_ones_and_returns_it()
    {
        // Lwt: test_lwt.ml › "pick" › "rejected"
        var ex = new TestException();
        var (p1, _) = Promise.Cancelable<string>();
        var failed = Promise.Fail<string>(ex);
        var p = Promise.Pick(p1, failed);
        LwtAssert.Canceled(p1);
        LwtAssert.Rejected(ex, p);
        Assert.Same(failed, p);
    }

    [Fact]
    public void Pick_always_prefers_a_rejected_input_and_cancels_the_pending_one()
    {
        // Lwt: test_lwt.ml › "pick" › "multiple resolved"
        var ex = new TestException();
        for (int i = 0; i < 100; i++)
        {
            var (waiter, _) = Promise.Cancelable<string>();
            var p = Promise.Pick(waiter, Promise.Return("foo"), Promise.Fail<string>(ex), Promise.Return("bar"));
            LwtAssert.Rejected(ex, p);
            LwtAssert.Canceled(waiter);
        }
    }

    [Fact]
    public void Pick_draws_among_fulfilled_inputs_roughly_evenly()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (pick: random choice among fulfilled inputs)
        var a = Promise.Return("a");
        var b = Promise.Return("b");
        var c = Promise.Return("c");
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (int i = 0; i < 1000; i++)
        {
            var (waiter, _) = Promise.Cancelable<string>();
            counts[Promise.Pick(a, waiter, b, c).Result]++;
            LwtAssert.Canceled(waiter);
        }

        Assert.All(counts.Values, n => Assert.True(n >= 200, $"one input chosen only {n} times in 1000"));
    }

    [Fact]
    public void Pick_of_pending_promises_is_pending()
    {
        // Lwt: test_lwt.ml › "pick" › "pending"
        LwtAssert.Pending(Promise.Pick(Promise.Wait<int>().Promise, Promise.Wait<int>().Promise));
    }

    [Fact]
    public void Pick_cancels_the_loser_when_the_first_input_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "pick" › "pending, fulfilled"
        var (p1, r1) = Promise.Cancelable<string>();
        var (p2, _) = Promise.Cancelable<string>();
        var p = Promise.Pick(p1, p2);
        r1.Resolve("foo");
        LwtAssert.Canceled(p2);
        LwtAssert.Fulfilled("foo", p);
    }

    [Fact]
    public void Pick_of_the_same_promise_twice_follows_it()
    {
        // Lwt: test_lwt.ml › "pick" › "diamond"
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.Pick(p0, p0);
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
    }

    [Fact]
    public void Pick_canceled_cancels_every_input()
    {
        // Lwt: test_lwt.ml › "pick" › "pending, canceled"
        var (p1, _) = Promise.Cancelable<string>();
        var (p2, _) = Promise.Cancelable<string>();
        var p = Promise.Pick(p1, p2);
        p.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p);
    }

    [Fact]
    public void Pick_cancels_the_losers_before_resolving()
    {
        // Lwt: test_lwt.ml › "pick" › "cancellation/resolution order"
        var log = new List<string>();
        var (p1, r1) = Promise.Cancelable();
        var (p2, _) = Promise.Cancelable();
        var p3 = Promise.Pick(p1, p2);
        _ = Promise.Catch(() => p2, _ =>
        {
            log.Add("loser canceled");
            return Promise.Unit;
        });
        _ = p3.Bind(() =>
        {
            log.Add("pick resolved");
            return Promise.Unit;
        });
        r1.ResolveLater();
        Assert.Equal(["loser canceled", "pick resolved"], log);
    }

    [Fact]
    public void Pick_with_a_fulfilled_input_cancels_pending_inputs_before_and_after_it()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (pick at call time cancels every pending input)
        var (before, _) = Promise.Cancelable<int>();
        var (after, _) = Promise.Cancelable<int>();
        var p = Promise.Pick(before, Promise.Return(4), after);
        LwtAssert.Fulfilled(4, p);
        LwtAssert.Canceled(before);
        LwtAssert.Canceled(after);
    }

    [Fact]
    public void Pick_is_rejected_and_cancels_the_rest_when_the_first_to_resolve_is_rejected()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (pick: first to resolve, either way; losers canceled)
        var ex = new TestException();
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, r2) = Promise.Cancelable<int>();
        var p = Promise.Pick(p1, p2);
        r2.Reject(ex);
        LwtAssert.Rejected(ex, p);
        LwtAssert.Canceled(p1);
    }

    [Fact]
    public void Pick_does_not_touch_losers_that_cannot_be_canceled()
    {
        // Lwt: LWT-SEMANTICS.md §2.1 (wait promises stop cancellation)
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Pick(p1, p2);
        r1.Resolve(1);
        LwtAssert.Fulfilled(1, p);
        LwtAssert.Pending(p2);
        r2.Resolve(2);
        LwtAssert.Fulfilled(1, p);
    }

    [Fact]
    public void Pick_of_promises_of_different_types_cancels_the_timeout()
    {
        // Lwt: test_lwt.ml › "pick" › "pending, fulfilled" (unit overload: a read and a timeout)
        var (read, rr) = Promise.Cancelable<string>();
        var (timeout, _) = Promise.Cancelable();
        var p = Promise.Pick(read, timeout);
        rr.Resolve("data");
        LwtAssert.Fulfilled(p);
        LwtAssert.Canceled(timeout);
    }

    [Fact]
    public void Pick_over_a_sequence_cancels_the_losers()
    {
        // Lwt: test_lwt.ml › "pick" › "pending, fulfilled" (list overload)
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, r2) = Promise.Cancelable<int>();
        var (p3, _) = Promise.Cancelable<int>();
        var p = Promise.Pick(new List<Promise<int>> { p1, p2, p3 });
        r2.Resolve(2);
        LwtAssert.Fulfilled(2, p);
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Pick_cancels_the_losers_one_by_one_in_input_order()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (pick: List.iter cancel ps, each cancel runs its callbacks at once)
        var log = new List<string>();
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, r2) = Promise.Cancelable<int>();
        var (p3, _) = Promise.Cancelable<int>();
        p1.OnFailure(_ => log.Add("p1 canceled"));
        p3.OnFailure(_ => log.Add("p3 canceled"));
        var p = Promise.Pick(p1, p2, p3);
        p.OnSuccess(_ => log.Add("pick fulfilled"));
        r2.Resolve(2);
        Assert.Equal(["p1 canceled", "p3 canceled", "pick fulfilled"], log);
    }
}
