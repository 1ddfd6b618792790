using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class NChooseTests
{
    private static Promise<string> Never() => Promise.Wait<string>().Promise;

    [Fact]
    public void NChoose_of_nothing_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "nchoose" › "empty"
        Assert.Throws<ArgumentException>(() => Promise.NChoose<string>());
    }

    [Fact]
    public void NChoose_of_fulfilled_promises_is_all_their_values_in_order()
    {
        // Lwt: test_lwt.ml › "nchoose" › "all fulfilled"
        LwtAssert.Fulfilled(new[] { "foo", "bar" }, Promise.NChoose(Promise.Return("foo"), Promise.Return("bar")));
    }

    [Fact]
    public void NChoose_of_fulfilled_then_rejected_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose" › "fulfilled, rejected"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NChoose(Promise.Return("foo"), Promise.Fail<string>(ex)));
    }

    [Fact]
    public void NChoose_of_rejected_then_fulfilled_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose" › "rejected, fulfilled"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NChoose(Promise.Fail<string>(ex), Promise.Return("foo")));
    }

    [Fact]
    public void NChoose_skips_pending_inputs_when_some_are_already_fulfilled()
    {
        // Lwt: test_lwt.ml › "nchoose" › "some pending"
        var p = Promise.NChoose(Promise.Return("foo"), Never(), Promise.Return("bar"));
        LwtAssert.Fulfilled(new[] { "foo", "bar" }, p);
    }

    [Fact]
    public void NChoose_of_pending_promises_is_the_value_of_the_first_fulfilled()
    {
        // Lwt: test_lwt.ml › "nchoose" › "pending, fulfilled"
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NChoose(Never(), p0);
        LwtAssert.Pending(p);
        r.Resolve("foo");
        LwtAssert.Fulfilled(new[] { "foo" }, p);
    }

    [Fact]
    public void NChoose_of_pending_promises_is_rejected_by_the_first_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose" › "pending, rejected"
        var ex = new TestException();
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NChoose(Never(), p0);
        r.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NChoose_of_the_same_promise_twice_repeats_its_value()
    {
        // Lwt: test_lwt.ml › "nchoose" › "diamond"
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NChoose(p0, p0);
        r.Resolve("foo");
        LwtAssert.Fulfilled(new[] { "foo", "foo" }, p);
    }

    [Fact]
    public void NChoose_of_the_same_promise_twice_is_rejected_with_it()
    {
        // Lwt: test_lwt.ml › "nchoose" › "diamond, rejected"
        var ex = new TestException();
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NChoose(p0, p0);
        r.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NChoose_does_not_cancel_the_inputs_still_pending()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose: no cancellation)
        var (p1, _) = Promise.Cancelable<string>();
        var (p2, r2) = Promise.Cancelable<string>();
        var p = Promise.NChoose(p1, p2);
        r2.Resolve("foo");
        LwtAssert.Fulfilled(new[] { "foo" }, p);
        LwtAssert.Pending(p1);
    }

    [Fact]
    public void NChoose_with_a_resolved_input_does_not_cancel_the_pending_ones()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose, already resolved: no cancellation)
        var (p1, _) = Promise.Cancelable<string>();
        var p = Promise.NChoose(p1, Promise.Return("foo"));
        LwtAssert.Fulfilled(new[] { "foo" }, p);
        LwtAssert.Pending(p1);
    }

    [Fact]
    public void NChoose_prefers_the_first_rejected_input_in_order()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose: first rejected in list order)
        var first = new TestException("first");
        var second = new TestException("second");
        var p = Promise.NChoose(Promise.Return("a"), Promise.Fail<string>(first), Promise.Fail<string>(second));
        LwtAssert.Rejected(first, p);
    }

    [Fact]
    public void NChoose_collects_every_input_fulfilled_by_the_time_the_first_resolves()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose: rescan the whole list when one resolves)
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var (p3, _) = Promise.Wait<string>();

        // p2's first callback (added last, so it runs first) fulfills p1 before nchoose's callback runs.
        var p = Promise.NChoose(new List<Promise<string>> { p1, p2, p3 });
        p2.OnSuccess(_ => r1.Resolve("one"));
        r2.Resolve("two");
        LwtAssert.Fulfilled(new[] { "one", "two" }, p);
    }
}
