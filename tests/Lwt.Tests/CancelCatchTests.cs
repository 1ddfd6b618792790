using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CancelCatchTests
{
    [Fact]
    public void Cancel_catch_on_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "wait, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Wait();
        var q = Promise.Catch(() => p, _ =>
        {
            ran = true;
            return Promise.Unit;
        });
        q.Cancel();
        Assert.False(ran);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void Cancel_catch_lets_the_handler_intercept_the_cancellation()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "task, pending, canceled"
        Exception? saw = null;
        var (p, _) = Promise.Cancelable<string>();
        var q = Promise.Catch(() => p, e =>
        {
            saw = e;
            return Promise.Return("foo");
        });
        q.Cancel();
        Assert.IsType<CanceledException>(saw);
        LwtAssert.Canceled(p);
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void Cancel_catch_intercepted_runs_only_the_inner_cancel_callback()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "task, pending, canceled, on_cancel, intercepted"
        var log = new List<string>();
        var (p, _) = Promise.Cancelable<string>();
        var q = Promise.Catch(() => p, _ =>
        {
            log.Add("handler");
            return Promise.Return("foo");
        });
        p.OnCancel(() => log.Add("inner on_cancel"));
        q.OnCancel(() => log.Add("outer on_cancel"));
        q.Cancel();
        Assert.Equal(["inner on_cancel", "handler"], log);
        LwtAssert.Canceled(p);
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void Cancel_catch_forwarded_by_the_handler_runs_the_outer_cancel_callback()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "task, pending, canceled, on_cancel, forwarded"
        bool outerRan = false;
        var (p, _) = Promise.Cancelable<string>();
        var q = Promise.Catch(() => p, Promise.Fail<string>);
        q.OnCancel(() => outerRan = true);
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
        Assert.True(outerRan);
    }

    [Fact]
    public void Cancel_catch_after_the_handler_returned_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "pending, wait, canceled"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Wait();
        var p3 = Promise.Catch(() => p1, _ => p2);
        r.Reject(new TestException());
        p3.Cancel();
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_catch_after_the_handler_returned_a_task_cancels_that_task()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "pending, task, canceled"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Cancelable();
        var p3 = Promise.Catch(() => p1, _ => p2);
        r.Reject(new TestException());
        p3.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_catch_with_the_instance_form_intercepts_the_cancellation()
    {
        // Lwt: test_lwt.ml › "cancel catch" › "task, pending, canceled" (p.Catch form)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Catch(e => Promise.Return(e is CanceledException ? -1 : 0));
        q.Cancel();
        LwtAssert.Fulfilled(-1, q);
    }
}
