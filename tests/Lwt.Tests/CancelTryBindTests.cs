using System;
using Xunit;

namespace Lwt.Tests;

public class CancelTryBindTests
{
    [Fact]
    public void Cancel_try_bind_on_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "wait, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Wait<int>();
        var q = p.TryBind(
            _ =>
            {
                ran = true;
                return Promise.Return(0);
            },
            _ =>
            {
                ran = true;
                return Promise.Return(0);
            });
        q.Cancel();
        Assert.False(ran);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void Cancel_try_bind_on_a_task_runs_the_failure_handler_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "task, pending, canceled"
        bool successRan = false;
        Exception? saw = null;
        var (p, _) = Promise.Cancelable<int>();
        var q = Promise.TryBind(
            () => p,
            _ =>
            {
                successRan = true;
                return Promise.Return("foo");
            },
            e =>
            {
                saw = e;
                return Promise.Return("bar");
            });
        q.Cancel();
        Assert.False(successRan);
        Assert.IsType<CanceledException>(saw);
        LwtAssert.Canceled(p);
        LwtAssert.Fulfilled("bar", q);
    }

    [Fact]
    public void Cancel_try_bind_after_the_success_handler_returned_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "pending, fulfilled, wait, canceled"
        var (p1, r) = Promise.Wait<int>();
        var (p2, _) = Promise.Wait<string>();
        var p3 = p1.TryBind(_ => p2, _ => Promise.Return("foo"));
        r.Resolve(0);
        p3.Cancel();
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_try_bind_after_the_success_handler_returned_a_task_cancels_it()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "pending, fulfilled, task, canceled"
        var (p1, r) = Promise.Wait<int>();
        var (p2, _) = Promise.Cancelable<string>();
        var p3 = p1.TryBind(_ => p2, _ => Promise.Return("foo"));
        r.Resolve(0);
        p3.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_try_bind_after_the_failure_handler_returned_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "pending, rejected, wait, canceled"
        var (p1, r) = Promise.Wait<int>();
        var (p2, _) = Promise.Wait<string>();
        var p3 = p1.TryBind(_ => Promise.Return("foo"), _ => p2);
        r.Reject(new TestException());
        p3.Cancel();
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_try_bind_after_the_failure_handler_returned_a_task_cancels_it()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "pending, rejected, task, canceled"
        var (p1, r) = Promise.Wait<int>();
        var (p2, _) = Promise.Cancelable<string>();
        var p3 = p1.TryBind(_ => Promise.Return("foo"), _ => p2);
        r.Reject(new TestException());
        p3.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_try_bind_of_a_unit_task_runs_the_failure_handler()
    {
        // Lwt: test_lwt.ml › "cancel try_bind" › "task, pending, canceled" (unit input)
        var (p, _) = Promise.Cancelable();
        var q = p.TryBind(() => Promise.Return(1), _ => Promise.Return(2));
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Fulfilled(2, q);
    }
}
