using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class ChooseTests
{
    private static Promise<string> Never() => Promise.Wait<string>().Promise;

    [Fact]
    public void Choose_of_nothing_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "choose" › "empty"
        Assert.Throws<ArgumentException>(() => Promise.Choose<string>());
    }

    [Fact]
    public void Choose_returns_the_one_fulfilled_input_itself()
    {
        // Lwt: test_lwt.ml › "choose" › "fulfilled"
        var foo = Promise.Return("foo");
        var p = Promise.Choose(Never(), foo);
        LwtAssert.Fulfilled("foo", p);
        Assert.Same(foo, p);
    }

    [Fact]
    public void Choose_returns_the_one_rejected_input_itself()
    {
        // Lwt: test_lwt.ml › "choose" › "rejected"
        var ex = new TestException();
        var failed = Promise.Fail<string>(ex);
        var p = Promise.Choose(Never(), failed);
        LwtAssert.Rejected(ex, p);
        Assert.Same(failed, p);
    }

    [Fact]
    public void Choose_always_prefers_a_rejected_input_among_resolved_ones()
    {
        // Lwt: test_lwt.ml › "choose" › "multiple resolved"
        var ex = new TestException();
        for (int i = 0; i < 100; i++)
        {
            var p = Promise.Choose(Never(), Promise.Return("foo"), Promise.Fail<string>(ex), Promise.Return("bar"));
            LwtAssert.Rejected(ex, p);
        }
    }

    [Fact]
    public void Choose_draws_among_fulfilled_inputs_roughly_evenly()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (choose: random choice among resolved inputs)
        var a = Promise.Return("a");
        var b = Promise.Return("b");
        var c = Promise.Return("c");
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (int i = 0; i < 1000; i++)
        {
            counts[Promise.Choose(a, Never(), b, c).Result]++;
        }

        Assert.All(counts.Values, n => Assert.True(n >= 200, $"one input chosen only {n} times in 1000"));
    }

    [Fact]
    public void Choose_of_pending_promises_is_pending()
    {
        // Lwt: test_lwt.ml › "choose" › "pending"
        LwtAssert.Pending(Promise.Choose(Never(), Never()));
    }

    [Fact]
    public void Choose_takes_the_first_input_to_resolve_and_ignores_the_second()
    {
        // Lwt: test_lwt.ml › "choose" › "pending, fulfilled"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var p = Promise.Choose(p1, p2);
        r1.Resolve("foo");
        r2.Resolve("bar");
        LwtAssert.Fulfilled("foo", p);
    }

    [Fact]
    public void Choose_of_the_same_promise_twice_follows_it()
    {
        // Lwt: test_lwt.ml › "choose" › "diamond"
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.Choose(p0, p0);
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
    }

    [Fact]
    public void Choose_is_rejected_when_the_first_input_to_resolve_is_rejected()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (choose: first input to resolve, either way)
        var ex = new TestException();
        var (p1, _) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var p = Promise.Choose(p1, p2);
        r2.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void Choose_does_not_cancel_the_losers()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (choose: no cancellation of losers)
        var (p1, r1) = Promise.Cancelable<string>();
        var (p2, _) = Promise.Cancelable<string>();
        var p = Promise.Choose(p1, p2);
        r1.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Pending(p2);
    }

    [Fact]
    public void Choose_with_a_resolved_input_does_not_cancel_the_pending_ones()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (choose, already resolved: no cancellation)
        var (p1, _) = Promise.Cancelable<string>();
        var p = Promise.Choose(p1, Promise.Return("foo"));
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Pending(p1);
    }

    [Fact]
    public void Choose_of_promises_without_a_value_follows_the_first()
    {
        // Lwt: test_lwt.ml › "choose" › "pending, fulfilled" (unit promises)
        var (p1, _) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p = Promise.Choose(p1, p2);
        LwtAssert.Pending(p);
        r2.Resolve();
        LwtAssert.Fulfilled(p);
    }

    [Fact]
    public void Choose_operator_takes_the_first_side_to_resolve()
    {
        // Lwt: test_lwt.ml › "infix operators" › "<?>"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = p1 | p2;
        r2.Resolve(2);
        r1.Resolve(1);
        LwtAssert.Fulfilled(2, p);
    }

    [Fact]
    public void Choose_over_a_sequence_takes_the_first_input_to_resolve()
    {
        // Lwt: test_lwt.ml › "choose" › "pending, fulfilled" (list overload)
        var (p1, _) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Choose(new List<Promise<int>> { p1, p2 });
        r2.Resolve(5);
        LwtAssert.Fulfilled(5, p);
    }

    [Fact]
    public void Choose_resolves_its_result_before_callbacks_added_later_to_the_winner()
    {
        // Lwt: LWT-SEMANTICS.md §1.3 (callbacks run most recently added first)
        var log = new List<string>();
        var (p1, r1) = Promise.Wait<int>();
        var (p2, _) = Promise.Wait<int>();
        p1.OnSuccess(_ => log.Add("before choose"));
        Promise.Choose(p1, p2).OnSuccess(_ => log.Add("choose result"));
        p1.OnSuccess(_ => log.Add("after choose"));
        r1.Resolve(1);
        Assert.Equal(["after choose", "choose result", "before choose"], log);
    }
}
