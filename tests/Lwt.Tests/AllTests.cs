using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Lwt.Tests;

public class AllTests
{
    [Fact]
    public void All_of_nothing_is_an_empty_array()
    {
        // Lwt: test_lwt.ml › "all" › "empty"
        LwtAssert.Fulfilled(Array.Empty<int>(), Promise.All<int>());
    }

    [Fact]
    public void All_of_one_fulfilled_promise_is_its_value()
    {
        // Lwt: test_lwt.ml › "all" › "all fulfilled (one)"
        LwtAssert.Fulfilled(new[] { 1 }, Promise.All(Promise.Return(1)));
    }

    [Fact]
    public void All_of_two_fulfilled_promises_is_their_values_in_order()
    {
        // Lwt: test_lwt.ml › "all" › "all fulfilled (two)"
        LwtAssert.Fulfilled(new[] { 1, 2 }, Promise.All(Promise.Return(1), Promise.Return(2)));
    }

    [Fact]
    public void All_of_three_fulfilled_promises_is_their_values_in_order()
    {
        // Lwt: test_lwt.ml › "all" › "all fulfilled (three)"
        LwtAssert.Fulfilled(new[] { 1, 2, 3 }, Promise.All(Promise.Return(1), Promise.Return(2), Promise.Return(3)));
    }

    [Fact]
    public void All_of_many_fulfilled_promises_is_their_values_in_order()
    {
        // Lwt: test_lwt.ml › "all" › "all fulfilled (long)"
        var inputs = Enumerable.Range(0, 10).Select(i => Promise.Return(i * 100)).ToList();
        LwtAssert.Fulfilled(Enumerable.Range(0, 10).Select(i => i * 100).ToArray(), Promise.All(inputs));
    }

    [Fact]
    public void All_of_rejected_promises_is_rejected_with_the_first()
    {
        // Lwt: test_lwt.ml › "all" › "all rejected"
        var first = new TestException("first");
        LwtAssert.Rejected(first, Promise.All(Promise.Fail<int>(first), Promise.Fail<int>(new TestException("second"))));
    }

    [Fact]
    public void All_of_fulfilled_and_pending_is_fulfilled_with_both_values()
    {
        // Lwt: test_lwt.ml › "all" › "fulfilled and pending, fulfilled"
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(Promise.Return(1), p);
        LwtAssert.Pending(a);
        r.Resolve(2);
        LwtAssert.Fulfilled(new[] { 1, 2 }, a);
    }

    [Fact]
    public void All_of_the_same_pending_promise_twice_repeats_its_value()
    {
        // Lwt: test_lwt.ml › "all" › "pending twice physically equal, fulfilled"
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(p, p);
        r.Resolve(2);
        LwtAssert.Fulfilled(new[] { 2, 2 }, a);
    }

    [Fact]
    public void All_of_two_pending_promises_each_twice_keeps_positions()
    {
        // Lwt: test_lwt.ml › "all" › "pending twice physically equal twice, fulfilled"
        var (p, r) = Promise.Wait<int>();
        var (q, s) = Promise.Wait<int>();
        var a = Promise.All(p, p, q, q);
        r.Resolve(2);
        LwtAssert.Pending(a);
        s.Resolve(4);
        LwtAssert.Fulfilled(new[] { 2, 2, 4, 4 }, a);
    }

    [Fact]
    public void All_puts_a_late_value_in_the_middle_where_its_input_was()
    {
        // Lwt: test_lwt.ml › "all" › "fulfilled and pending and fulfilled, fulfilled"
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(Promise.Return(1), p, Promise.Return(3));
        r.Resolve(2);
        LwtAssert.Fulfilled(new[] { 1, 2, 3 }, a);
    }

    [Fact]
    public void All_of_many_fulfilled_and_one_pending_is_fulfilled_in_order()
    {
        // Lwt: test_lwt.ml › "all" › "fulfilled and pending, fulfilled (long)"
        var (p, r) = Promise.Wait<int>();
        var inputs = Enumerable.Range(0, 10).Select(i => Promise.Return(i)).Append(p).ToArray();
        var a = Promise.All(inputs);
        r.Resolve(10);
        LwtAssert.Fulfilled(Enumerable.Range(0, 11).ToArray(), a);
    }

    [Fact]
    public void All_of_rejected_and_pending_waits_then_is_rejected()
    {
        // Lwt: test_lwt.ml › "all" › "rejected and pending, fulfilled"
        var ex = new TestException();
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(Promise.Fail<int>(ex), p);
        LwtAssert.Pending(a);
        r.Resolve(2);
        LwtAssert.Rejected(ex, a);
    }

    [Fact]
    public void All_of_fulfilled_and_pending_is_rejected_when_the_pending_one_is()
    {
        // Lwt: test_lwt.ml › "all" › "fulfilled and pending, rejected"
        var ex = new TestException();
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(Promise.Return(1), p);
        r.Reject(ex);
        LwtAssert.Rejected(ex, a);
    }

    [Fact]
    public void All_reports_the_already_rejected_input_before_a_later_rejection()
    {
        // Lwt: test_lwt.ml › "all" › "rejected and pending, rejected"
        var early = new TestException("early");
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(Promise.Fail<int>(early), p);
        r.Reject(new TestException("late"));
        LwtAssert.Rejected(early, a);
    }

    [Fact]
    public void All_of_a_diamond_is_fulfilled_with_the_value_twice()
    {
        // Lwt: test_lwt.ml › "all" › "diamond"
        var (p, r) = Promise.Wait<int>();
        var a = Promise.All(p, p);
        LwtAssert.Pending(a);
        r.Resolve(1);
        LwtAssert.Fulfilled(new[] { 1, 1 }, a);
    }

    [Fact]
    public void All_keeps_input_order_whatever_the_resolution_order()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (all: values in input order)
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var (p3, r3) = Promise.Wait<string>();
        var a = Promise.All(new List<Promise<string>> { p1, p2, p3 });
        r3.Resolve("c");
        r1.Resolve("a");
        LwtAssert.Pending(a);
        r2.Resolve("b");
        LwtAssert.Fulfilled(new[] { "a", "b", "c" }, a);
    }
}
