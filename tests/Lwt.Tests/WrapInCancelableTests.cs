using System;
using Xunit;

namespace Lwt.Tests;

public class WrapInCancelableTests
{
    [Fact]
    public void WrapInCancelable_of_a_fulfilled_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "fulfilled"
        var p = Promise.Unit;
        Assert.Same(p, p.WrapInCancelable());
        LwtAssert.Fulfilled(p.WrapInCancelable());
    }

    [Fact]
    public void WrapInCancelable_of_a_rejected_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "rejected"
        var ex = new TestException();
        var p = Promise.Fail<int>(ex);
        var q = p.WrapInCancelable();
        Assert.Same(p, q);
        LwtAssert.Rejected(ex, q);
    }

    [Fact]
    public void WrapInCancelable_of_a_pending_task_is_pending()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(task)"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.WrapInCancelable();
        Assert.NotSame(p, q);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void WrapInCancelable_of_a_task_is_fulfilled_like_it()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(task), fulfilled"
        var (p, r) = Promise.Cancelable<string>();
        var q = p.WrapInCancelable();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void WrapInCancelable_canceled_cancels_the_task_too()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(task), canceled"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.WrapInCancelable();
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void WrapInCancelable_of_a_pending_wait_promise_is_pending()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(wait)"
        var (p, _) = Promise.Wait<string>();
        var q = p.WrapInCancelable();
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void WrapInCancelable_of_a_wait_promise_is_fulfilled_like_it()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(wait), fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.WrapInCancelable();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void WrapInCancelable_of_a_wait_promise_is_canceled_alone()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(wait), canceled"
        var (p, _) = Promise.Wait<string>();
        var q = p.WrapInCancelable();
        q.Cancel();
        LwtAssert.Pending(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void WrapInCancelable_canceled_ignores_a_later_resolution_of_the_canceled_task()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(task), canceled, fulfilled"
        var (p, r) = Promise.Cancelable<string>();
        var q = p.WrapInCancelable();
        q.Cancel();
        r.Resolve("foo");
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void WrapInCancelable_canceled_stays_canceled_when_the_wait_promise_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending(wait), canceled, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.WrapInCancelable();
        q.Cancel();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void WrapInCancelable_canceled_sends_an_exception_of_the_inputs_cancellation_to_the_hook_and_resolves_its_dependents()
    {
        // Lwt cancels the input from an on_cancel callback, whose exceptions go to the async
        // exception hook; the wrapper's other callbacks still run and cancel returns normally.
        using var hook = new HookScope();
        var failure = new FormatException();
        var (p, _) = Promise.Cancelable();
        Promise.DontWait(() => p, _ => throw failure);
        Promise w = p.WrapInCancelable();
        bool wFailed = false;
        w.OnFailure(_ => wFailed = true);
        Promise<int> after = w.Map(() => 1);

        w.Cancel();
        Assert.Equal([failure], hook.Seen);
        Assert.True(wFailed);
        LwtAssert.Canceled(w);
        LwtAssert.Canceled(after);
    }

    [Fact]
    public void WrapInCancelable_promise_that_became_a_proxy_still_follows_its_input()
    {
        // Lwt: test_lwt.ml › "wrap_in_cancelable" › "pending, proxy"
        var (p1, r1) = Promise.Cancelable<string>();
        var p2 = p1.WrapInCancelable();
        var (p3, r3) = Promise.Wait();
        var outer = p3.Bind(() => p2);
        r3.Resolve();
        r1.Resolve("foo");
        LwtAssert.Fulfilled("foo", p2);
        LwtAssert.Fulfilled("foo", outer);
    }

    [Fact]
    public void WrapInCancelable_of_a_bind_cancels_through_to_the_task()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (cancel(p') continues the search into p)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Map(x => x * 2).WrapInCancelable();
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void WrapInCancelable_of_a_unit_promise_is_rejected_like_it()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (on_any p (wakeup r) (wakeup_exn r))
        var ex = new TestException();
        var (p, r) = Promise.Wait();
        var q = p.WrapInCancelable();
        r.Reject(ex);
        LwtAssert.Rejected(ex, q);
    }
}
