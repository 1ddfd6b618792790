using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CancelFinalizeTests
{
    [Fact]
    public void Cancel_finalize_on_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "wait, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Wait();
        var q = Promise.Finalize(() => p, () =>
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
    public void Cancel_finalize_on_a_task_runs_the_finalizer_and_stays_canceled()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "task, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        var q = Promise.Finalize(() => p, () =>
        {
            ran = true;
            return Promise.Unit;
        });
        q.Cancel();
        Assert.True(ran);
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Cancel_finalize_exception_of_the_finalizer_replaces_the_cancellation()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "task, canceled, cancel exception replaced"
        var ex = new TestException();
        var (p, _) = Promise.Cancelable();
        var q = Promise.Finalize(() => p, () => Promise.Fail(ex));
        p.Cancel();
        LwtAssert.Rejected(ex, q);
    }

    [Fact]
    public void Cancel_finalize_after_the_finalizer_returned_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "pending, wait, canceled"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Wait();
        var p3 = Promise.Finalize(() => p1, () => p2);
        r.Resolve();
        p3.Cancel();
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_finalize_after_the_finalizer_returned_a_task_cancels_it()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "pending, task, canceled"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Cancelable();
        var p3 = Promise.Finalize(() => p1, () => p2);
        r.Resolve();
        p3.Cancel();
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_finalize_of_a_value_runs_the_finalizer_before_the_result_is_canceled()
    {
        // Lwt: test_lwt.ml › "cancel finalize" › "task, pending, canceled" (order of events)
        var log = new List<string>();
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Finalize(() =>
        {
            log.Add("finalizer");
            return Promise.Unit;
        });
        q.OnFailure(_ => log.Add("result rejected"));
        q.Cancel();
        Assert.Equal(["finalizer", "result rejected"], log);
        LwtAssert.Canceled(q);
    }
}
