using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CancelBindTests
{
    [Fact]
    public void Cancel_bind_on_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "wait, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Wait();
        var q = p.Bind(() =>
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
    public void Cancel_bind_on_a_task_cancels_the_task_and_skips_f()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "task, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        var q = p.Bind(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        q.Cancel();
        Assert.False(ran);
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Cancel_bind_after_f_returned_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "pending, wait, canceled"
        var (p, r) = Promise.Wait();
        var (inner, _) = Promise.Wait();
        var outer = p.Bind(() => inner);
        r.Resolve();
        outer.Cancel();
        LwtAssert.Pending(inner);
        LwtAssert.Pending(outer);
    }

    [Fact]
    public void Cancel_bind_after_f_returned_a_task_cancels_that_task()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "pending, task, canceled"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Cancelable();
        var p3 = p1.Bind(() => p2);
        r.Resolve();
        p3.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
        Assert.NotSame(p2, p3);
    }

    [Fact]
    public void Cancel_bind_chains_through_a_bind_returned_by_f()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "pending, task, canceled, chain"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Cancelable();
        var p3 = p1.Bind(() => p2);
        var p4 = p1.Bind(() => p3);
        r.Resolve();
        p4.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
        LwtAssert.Canceled(p4);
    }

    [Fact]
    public void Cancel_bind_before_f_ran_does_not_reach_what_f_would_return()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "pending, on_cancel callbacks"
        var log = new List<string>();
        var (p1, _) = Promise.Cancelable();
        var p2 = Promise.Cancelable().Promise.Bind(() => p1);
        p1.OnCancel(() => log.Add("p1 canceled"));
        p2.OnCancel(() => log.Add("p2 canceled"));
        p2.Cancel();
        Assert.Equal(["p2 canceled"], log);
        LwtAssert.Pending(p1);
    }

    [Fact]
    public void Cancel_bind_after_f_ran_reaches_the_promise_f_returned()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "pending, fulfilled, on_cancel callbacks"
        var log = new List<string>();
        var (p1, r) = Promise.Cancelable();
        var (p2, _) = Promise.Cancelable();
        var p3 = p1.Bind(() => p2);
        p2.OnCancel(() => log.Add("p2 canceled"));
        p3.OnCancel(() => log.Add("p3 canceled"));
        r.Resolve();
        p3.Cancel();
        Assert.Contains("p2 canceled", log);
        Assert.Contains("p3 canceled", log);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Cancel_bind_of_a_value_cancels_the_task_and_rejects_the_result()
    {
        // Lwt: test_lwt.ml › "cancel bind" › "task, pending, canceled" (promise of a value)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Bind(x => Promise.Return(x + 1)).Bind(x => Promise.Return(x * 2));
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }
}
