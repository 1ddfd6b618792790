using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class JoinTests
{
    [Fact]
    public void Join_of_nothing_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "join" › "empty"
        LwtAssert.Fulfilled(Promise.Join());
        LwtAssert.Fulfilled(Promise.Join(new List<Promise>()));
    }

    [Fact]
    public void Join_of_fulfilled_promises_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "join" › "all fulfilled"
        LwtAssert.Fulfilled(Promise.Join(Promise.Unit, Promise.Unit));
    }

    [Fact]
    public void Join_of_rejected_promises_is_rejected_with_the_first_in_order()
    {
        // Lwt: test_lwt.ml › "join" › "all rejected"
        var first = new TestException("first");
        var second = new TestException("second");
        LwtAssert.Rejected(first, Promise.Join(Promise.Fail(first), Promise.Fail(second)));
    }

    [Fact]
    public void Join_of_fulfilled_and_pending_is_fulfilled_when_the_pending_one_is()
    {
        // Lwt: test_lwt.ml › "join" › "fulfilled and pending, fulfilled"
        var (p, r) = Promise.Wait();
        var j = Promise.Join(Promise.Unit, p);
        LwtAssert.Pending(j);
        r.Resolve();
        LwtAssert.Fulfilled(j);
    }

    [Fact]
    public void Join_of_rejected_and_pending_waits_then_is_rejected()
    {
        // Lwt: test_lwt.ml › "join" › "rejected and pending, fulfilled"
        var ex = new TestException();
        var (p, r) = Promise.Wait();
        var j = Promise.Join(Promise.Fail(ex), p);
        LwtAssert.Pending(j);
        r.Resolve();
        LwtAssert.Rejected(ex, j);
    }

    [Fact]
    public void Join_of_fulfilled_and_pending_is_rejected_when_the_pending_one_is()
    {
        // Lwt: test_lwt.ml › "join" › "fulfilled and pending, rejected"
        var ex = new TestException();
        var (p, r) = Promise.Wait();
        var j = Promise.Join(Promise.Unit, p);
        r.Reject(ex);
        LwtAssert.Rejected(ex, j);
    }

    [Fact]
    public void Join_reports_the_already_rejected_input_before_a_later_rejection()
    {
        // Lwt: test_lwt.ml › "join" › "rejected and pending, rejected"
        var early = new TestException("early");
        var late = new TestException("late");
        var (p, r) = Promise.Wait();
        var j = Promise.Join(Promise.Fail(early), p);
        r.Reject(late);
        LwtAssert.Rejected(early, j);
    }

    [Fact]
    public void Join_of_the_same_pending_promise_twice_is_fulfilled_once_it_is()
    {
        // Lwt: test_lwt.ml › "join" › "diamond"
        var (p, r) = Promise.Wait();
        var j = Promise.Join(p, p);
        LwtAssert.Pending(j);
        r.Resolve();
        LwtAssert.Fulfilled(j);
    }

    [Fact]
    public void Join_does_not_resolve_early_when_a_pending_input_is_rejected()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (join never resolves early on a rejection)
        var ex = new TestException();
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var j = Promise.Join(p1, p2);
        r1.Reject(ex);
        LwtAssert.Pending(j);
        r2.Resolve();
        LwtAssert.Rejected(ex, j);
    }

    [Fact]
    public void Join_reports_later_rejections_in_time_order_not_input_order()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (later rejections count in time order)
        var first = new TestException("first in time");
        var second = new TestException("second in time");
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var j = Promise.Join(p1, p2);
        r2.Reject(first);
        r1.Reject(second);
        LwtAssert.Rejected(first, j);
    }

    [Fact]
    public void Join_operator_waits_for_both_sides()
    {
        // Lwt: test_lwt.ml › "infix operators" › "<&>" (join of two)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var j = p1 & p2;
        r2.Resolve();
        LwtAssert.Pending(j);
        r1.Resolve();
        LwtAssert.Fulfilled(j);
    }

    [Fact]
    public void Join_runs_its_callbacks_only_after_the_last_input_resolves()
    {
        // Lwt: test_lwt.ml › "join" › "fulfilled and pending, fulfilled" (order of events)
        var log = new List<string>();
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var (p3, r3) = Promise.Wait();
        Promise.Join(p1, p2, p3).OnSuccess(() => log.Add("joined"));
        r3.Resolve();
        log.Add("r3");
        r1.Resolve();
        log.Add("r1");
        r2.Resolve();
        log.Add("r2");
        Assert.Equal(["r3", "r1", "joined", "r2"], log);
    }
}
