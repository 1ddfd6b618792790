using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class NPickTests
{
    [Fact]
    public void NPick_of_nothing_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "npick" › "empty"
        Assert.Throws<ArgumentException>(() => Promise.NPick<string>());
    }

    [Fact]
    public void NPick_of_fulfilled_promises_is_all_their_values_in_order()
    {
        // Lwt: test_lwt.ml › "npick" › "all fulfilled"
        LwtAssert.Fulfilled(new[] { "foo", "bar" }, Promise.NPick(Promise.Return("foo"), Promise.Return("bar")));
    }

    [Fact]
    public void NPick_of_fulfilled_then_rejected_is_rejected()
    {
        // Lwt: test_lwt.ml › "npick" › "fulfilled, rejected"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NPick(Promise.Return("foo"), Promise.Fail<string>(ex)));
    }

    [Fact]
    public void NPick_of_rejected_then_fulfilled_is_rejected()
    {
        // Lwt: test_lwt.ml › "npick" › "rejected, fulfilled"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NPick(Promise.Fail<string>(ex), Promise.Return("foo")));
    }

    [Fact]
    public void NPick_with_fulfilled_inputs_cancels_the_pending_one_and_keeps_the_values()
    {
        // Lwt: test_lwt.ml › "npick" › "some pending"
        var (p1, _) = Promise.Cancelable<string>();
        var p2 = Promise.NPick(Promise.Return("foo"), p1, Promise.Return("bar"));
        LwtAssert.Canceled(p1);
        LwtAssert.Fulfilled(new[] { "foo", "bar" }, p2);
    }

    [Fact]
    public void NPick_of_pending_promises_is_pending()
    {
        // Lwt: test_lwt.ml › "npick" › "pending"
        LwtAssert.Pending(Promise.NPick(Promise.Cancelable<int>().Promise, Promise.Cancelable<int>().Promise));
    }

    [Fact]
    public void NPick_takes_the_value_of_the_first_fulfilled_and_cancels_the_other()
    {
        // Lwt: test_lwt.ml › "npick" › "pending, fulfilled"
        var (p1, _) = Promise.Cancelable<string>();
        var (p2, r) = Promise.Cancelable<string>();
        var p = Promise.NPick(p1, p2);
        r.Resolve("foo");
        LwtAssert.Canceled(p1);
        LwtAssert.Fulfilled(new[] { "foo" }, p);
    }

    [Fact]
    public void NPick_is_rejected_by_the_first_rejected_and_cancels_the_other()
    {
        // Lwt: test_lwt.ml › "npick" › "pending, rejected"
        var ex = new TestException();
        var (p1, _) = Promise.Cancelable<string>();
        var (p2, r) = Promise.Cancelable<string>();
        var p = Promise.NPick(p1, p2);
        r.Reject(ex);
        LwtAssert.Canceled(p1);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NPick_of_the_same_promise_twice_repeats_its_value()
    {
        // Lwt: test_lwt.ml › "npick" › "diamond"
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NPick(p0, p0);
        r.Resolve("foo");
        LwtAssert.Fulfilled(new[] { "foo", "foo" }, p);
    }

    [Fact]
    public void NPick_of_the_same_promise_twice_is_rejected_with_it()
    {
        // Lwt: test_lwt.ml › "npick" › "diamond, rejected"
        var ex = new TestException();
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NPick(p0, p0);
        r.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NPick_canceled_cancels_every_input()
    {
        // Lwt: test_lwt.ml › "npick" › "pending, canceled"
        var (p1, _) = Promise.Cancelable<string>();
        var (p2, _) = Promise.Cancelable<string>();
        var p = Promise.NPick(p1, p2);
        p.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p);
    }

    [Fact]
    public void NPick_cancels_the_losers_before_resolving()
    {
        // Lwt: test_lwt.ml › "npick" › "cancellation/resolution order"
        var log = new List<string>();
        var (p1, r1) = Promise.Cancelable<int>();
        var (p2, _) = Promise.Cancelable<int>();
        var p3 = Promise.NPick(p1, p2);
        _ = Promise.Catch(() => p2, _ =>
        {
            log.Add("loser canceled");
            return Promise.Return(0);
        });
        _ = p3.Bind(_ =>
        {
            log.Add("npick resolved");
            return Promise.Unit;
        });
        r1.ResolveLater(1);
        Assert.Equal(["loser canceled", "npick resolved"], log);
    }

    [Fact]
    public void NPick_with_fulfilled_inputs_cancels_pending_inputs_anywhere_in_the_list()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (npick: cancel on every input)
        var (first, _) = Promise.Cancelable<int>();
        var (last, _) = Promise.Cancelable<int>();
        var p = Promise.NPick(first, Promise.Return(2), last);
        LwtAssert.Canceled(first);
        LwtAssert.Canceled(last);
        LwtAssert.Fulfilled(new[] { 2 }, p);
    }

    [Fact]
    public void NPick_with_a_rejected_input_cancels_the_pending_ones_and_is_rejected()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (npick, already rejected: cancel every input)
        var ex = new TestException();
        var (pending, _) = Promise.Cancelable<int>();
        var p = Promise.NPick(pending, Promise.Fail<int>(ex));
        LwtAssert.Rejected(ex, p);
        LwtAssert.Canceled(pending);
    }

    [Fact]
    public void NPick_over_a_sequence_collects_the_fulfilled_values_in_order()
    {
        // Lwt: test_lwt.ml › "npick" › "pending, fulfilled" (list overload)
        var (p1, r1) = Promise.Cancelable<int>();
        var (p2, r2) = Promise.Cancelable<int>();
        var (p3, _) = Promise.Cancelable<int>();
        var p = Promise.NPick(new List<Promise<int>> { p1, p2, p3 });
        p2.OnSuccess(_ => r1.Resolve(1));
        r2.Resolve(2);
        LwtAssert.Fulfilled(new[] { 1, 2 }, p);
        LwtAssert.Canceled(p3);
    }
}
