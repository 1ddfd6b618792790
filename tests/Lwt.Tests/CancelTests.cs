using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CancelTests
{
    [Fact]
    public void Cancel_does_nothing_to_a_fulfilled_promise()
    {
        // Lwt: test_lwt.ml › "cancel" › "fulfilled"
        var p = Promise.Return(3);
        p.Cancel();
        LwtAssert.Fulfilled(3, p);
    }

    [Fact]
    public void Cancel_does_nothing_to_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "cancel" › "rejected"
        var ex = new TestException();
        var p = Promise.Fail(ex);
        p.Cancel();
        LwtAssert.Rejected(ex, p);
    }

    [Fact]
    public void Cancel_does_nothing_to_a_wait_promise()
    {
        // Lwt: test_lwt.ml › "cancel" › "wait"
        var (p, r) = Promise.Wait<int>();
        p.Cancel();
        LwtAssert.Pending(p);
        r.Resolve(1);
        LwtAssert.Fulfilled(1, p);
    }

    [Fact]
    public void Cancel_rejects_a_cancelable_promise_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "cancel" › "task"
        var (p, _) = Promise.Cancelable();
        p.Cancel();
        LwtAssert.Canceled(p);
        Assert.IsAssignableFrom<OperationCanceledException>(p.Exception);
    }

    [Fact]
    public void Cancel_runs_the_failure_callbacks_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "cancel" › "callback"
        Exception? saw = null;
        var (p, _) = Promise.Cancelable();
        p.OnFailure(e => saw = e);
        p.Cancel();
        Assert.IsType<CanceledException>(saw);
    }

    [Fact]
    public void Cancel_inside_a_callback_runs_the_other_promise_callbacks_at_once()
    {
        // Lwt: test_lwt.ml › "cancel" › "nested"
        var log = new List<string>();
        var (p1, _) = Promise.Cancelable();
        var (p2, _) = Promise.Cancelable();
        p2.OnFailure(_ => log.Add("p2 callback"));
        p1.OnFailure(_ =>
        {
            log.Add("p1 callback: cancel p2");
            p2.Cancel();
            log.Add(p2.IsCanceled ? "p2 canceled" : "p2 not canceled");
        });
        p1.Cancel();
        Assert.Equal(["p1 callback: cancel p2", "p2 callback", "p2 canceled"], log);
        LwtAssert.Canceled(p2);
    }

    [Fact]
    public void Cancel_twice_runs_the_callbacks_once()
    {
        // Lwt: LWT-SEMANTICS.md §2.2 (cancel on a resolved promise does nothing)
        int runs = 0;
        var (p, _) = Promise.Cancelable<int>();
        p.OnFailure(_ => runs++);
        p.Cancel();
        p.Cancel();
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Cancel_then_resolve_keeps_the_promise_canceled()
    {
        // Lwt: test_lwt.ml › "resolve canceled" › "wakeup: canceled" (as seen by cancel)
        var (p, r) = Promise.Cancelable<int>();
        p.Cancel();
        r.Resolve(1);
        LwtAssert.Canceled(p);
    }
}
