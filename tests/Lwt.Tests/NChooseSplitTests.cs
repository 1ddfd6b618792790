using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class NChooseSplitTests
{
    private static Promise<string> Never() => Promise.Wait<string>().Promise;

    [Fact]
    public void NChooseSplit_of_nothing_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "empty"
        Assert.Throws<ArgumentException>(() => Promise.NChooseSplit<string>());
    }

    [Fact]
    public void NChooseSplit_splits_fulfilled_values_from_pending_inputs()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "some fulfilled"
        var pending = Never();
        var p = Promise.NChooseSplit(Promise.Return("foo"), pending, Promise.Return("bar"));
        Assert.True(p.IsFulfilled);
        var (fulfilled, stillPending) = p.Result;
        Assert.Equal(["foo", "bar"], fulfilled);
        Assert.Same(pending, Assert.Single(stillPending));
    }

    [Fact]
    public void NChooseSplit_of_fulfilled_then_rejected_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "fulfilled, rejected"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NChooseSplit(Promise.Return(0), Promise.Fail<int>(ex)));
    }

    [Fact]
    public void NChooseSplit_of_rejected_then_fulfilled_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "rejected, fulfilled"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NChooseSplit(Promise.Fail<int>(ex), Promise.Return(0)));
    }

    [Fact]
    public void NChooseSplit_of_pending_then_rejected_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "pending, rejected"
        var ex = new TestException();
        LwtAssert.Rejected(ex, Promise.NChooseSplit(Never(), Promise.Fail<string>(ex)));
    }

    [Fact]
    public void NChooseSplit_of_pending_inputs_resolves_when_one_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "pending, fulfilled"
        var (p0, r) = Promise.Wait<string>();
        var other = Never();
        var p = Promise.NChooseSplit(p0, other);
        LwtAssert.Pending(p);
        r.Resolve("foo");
        Assert.True(p.IsFulfilled);
        var (fulfilled, stillPending) = p.Result;
        Assert.Equal(["foo"], fulfilled);
        Assert.Same(other, Assert.Single(stillPending));
    }

    [Fact]
    public void NChooseSplit_of_pending_inputs_is_rejected_when_one_is_rejected()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "pending, rejected 2"
        var ex = new TestException();
        var (p0, r) = Promise.Wait<string>();
        var p = Promise.NChooseSplit(p0, Never());
        r.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NChooseSplit_of_a_diamond_repeats_the_value()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "diamond"
        var (p0, r) = Promise.Wait<int>();
        var other = Promise.Wait<int>().Promise;
        var p = Promise.NChooseSplit(p0, p0, other);
        r.Resolve(3);
        var (fulfilled, stillPending) = p.Result;
        Assert.Equal([3, 3], fulfilled);
        Assert.Same(other, Assert.Single(stillPending));
    }

    [Fact]
    public void NChooseSplit_of_a_diamond_is_rejected_with_it()
    {
        // Lwt: test_lwt.ml › "nchoose_split" › "diamond, rejected"
        var ex = new TestException();
        var (p0, r) = Promise.Wait<int>();
        var p = Promise.NChooseSplit(p0, p0, Promise.Wait<int>().Promise);
        r.Reject(ex);
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void NChooseSplit_lists_pending_inputs_in_input_order_when_resolved_later()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose_split, pending case: pending list in list order)
        var a = Never();
        var (b, rb) = Promise.Wait<string>();
        var c = Never();
        var d = Never();
        var p = Promise.NChooseSplit(new List<Promise<string>> { a, b, c, d });
        rb.Resolve("b");
        var (fulfilled, stillPending) = p.Result;
        Assert.Equal(["b"], fulfilled);
        Assert.Equal(3, stillPending.Length);
        Assert.Same(a, stillPending[0]);
        Assert.Same(c, stillPending[1]);
        Assert.Same(d, stillPending[2]);
    }

    [Fact]
    public void NChooseSplit_lists_pending_inputs_in_input_order_when_already_resolved()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (deliberate deviation: Lwt reverses this list; we keep input order)
        var a = Never();
        var c = Never();
        var p = Promise.NChooseSplit(a, Promise.Return("b"), c, Promise.Return("d"));
        var (fulfilled, stillPending) = p.Result;
        Assert.Equal(["b", "d"], fulfilled);
        Assert.Equal(2, stillPending.Length);
        Assert.Same(a, stillPending[0]);
        Assert.Same(c, stillPending[1]);
    }

    [Fact]
    public void NChooseSplit_does_not_cancel_the_inputs_still_pending()
    {
        // Lwt: LWT-SEMANTICS.md §2.5 (nchoose_split: no cancellation)
        var (p1, r1) = Promise.Cancelable<string>();
        var (p2, _) = Promise.Cancelable<string>();
        var p = Promise.NChooseSplit(p1, p2);
        r1.Resolve("x");
        Assert.True(p.IsFulfilled);
        LwtAssert.Pending(p2);
    }
}
