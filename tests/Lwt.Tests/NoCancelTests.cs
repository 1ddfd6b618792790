using Xunit;

namespace Lwt.Tests;

public class NoCancelTests
{
    [Fact]
    public void NoCancel_of_a_fulfilled_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "no_cancel" › "fulfilled"
        var p = Promise.Unit;
        Assert.Same(p, p.NoCancel());
        LwtAssert.Fulfilled(p.NoCancel());
    }

    [Fact]
    public void NoCancel_of_a_rejected_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "no_cancel" › "rejected"
        var ex = new TestException();
        var p = Promise.Fail<int>(ex);
        Assert.Same(p, p.NoCancel());
        LwtAssert.Rejected(ex, p.NoCancel());
    }

    [Fact]
    public void NoCancel_of_a_pending_promise_is_a_new_pending_promise()
    {
        // Lwt: test_lwt.ml › "no_cancel" › "pending"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.NoCancel();
        Assert.NotSame(p, q);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void NoCancel_promise_is_fulfilled_like_its_input()
    {
        // Lwt: test_lwt.ml › "no_cancel" › "pending, fulfilled"
        var (p, r) = Promise.Cancelable<string>();
        var q = p.NoCancel();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void NoCancel_promise_cannot_be_canceled()
    {
        // Lwt: test_lwt.ml › "no_cancel" › "pending, cancel attempt"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.NoCancel();
        q.Cancel();
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void NoCancel_promise_is_canceled_when_its_input_is_canceled()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (cancel(p) still propagates forward into p')
        var (p, _) = Promise.Cancelable<string>();
        var q = p.NoCancel();
        p.Cancel();
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void NoCancel_stops_cancellation_of_a_bind_before_the_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.1 (no_cancel is Not_cancelable)
        var (p, _) = Promise.Cancelable();
        var q = p.NoCancel().Bind(() => Promise.Return(1));
        q.Cancel();
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void NoCancel_promise_is_rejected_like_its_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (no_cancel mirrors p)
        var ex = new TestException();
        var (p, r) = Promise.Wait();
        var q = p.NoCancel();
        r.Reject(ex);
        LwtAssert.Rejected(ex, q);
    }
}
