using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class OnCancelTests
{
    [Fact]
    public void OnCancel_runs_f_when_the_pending_promise_is_canceled()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "pending"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        p.OnCancel(() => ran = true);
        Assert.False(ran);
        p.Cancel();
        Assert.True(ran);
    }

    [Fact]
    public void OnCancel_runs_every_registered_function()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "multiple"
        var log = new List<string>();
        var (p, _) = Promise.Cancelable();
        p.OnCancel(() => log.Add("f"));
        p.OnCancel(() => log.Add("g"));
        p.OnCancel(() => log.Add("h"));
        p.Cancel();
        Assert.Equal(3, log.Count);
        Assert.Contains("f", log);
        Assert.Contains("g", log);
        Assert.Contains("h", log);
    }

    [Fact]
    public void OnCancel_functions_run_before_the_ordinary_callbacks()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "ordering"
        var log = new List<string>();
        var (p, _) = Promise.Cancelable();
        p.OnCancel(() => log.Add("on_cancel 1"));
        p.OnFailure(_ => log.Add("on_failure"));
        p.OnCancel(() => log.Add("on_cancel 2"));
        p.Cancel();
        Assert.Equal(3, log.Count);
        Assert.Equal("on_failure", log[2]);
    }

    [Fact]
    public void OnCancel_functions_run_most_recently_added_first()
    {
        // Lwt: LWT-SEMANTICS.md §1.3 (cancel callbacks are LIFO too)
        var log = new List<string>();
        var (p, _) = Promise.Cancelable();
        p.OnCancel(() => log.Add("first"));
        p.OnCancel(() => log.Add("second"));
        p.OnCancel(() => log.Add("third"));
        p.Cancel();
        Assert.Equal(["third", "second", "first"], log);
    }

    [Fact]
    public void OnCancel_never_runs_on_a_fulfilled_promise()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "fulfilled"
        bool ran = false;
        Promise.Unit.OnCancel(() => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnCancel_never_runs_on_a_promise_rejected_otherwise()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "rejected"
        bool ran = false;
        Promise.Fail(new TestException()).OnCancel(() => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnCancel_runs_at_once_on_an_already_canceled_promise()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "already canceled"
        bool ran = false;
        Promise.Fail(new CanceledException()).OnCancel(() => ran = true);
        Assert.True(ran);
    }

    [Fact]
    public void OnCancel_runs_when_the_promise_is_rejected_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "on_cancel" › "reject with Canceled"
        bool ran = false;
        var (p, r) = Promise.Wait();
        p.OnCancel(() => ran = true);
        r.Reject(new CanceledException());
        Assert.True(ran);
    }

    [Fact]
    public void OnCancel_does_not_run_when_the_pending_promise_is_fulfilled_or_rejected_otherwise()
    {
        // Lwt: LWT-SEMANTICS.md §2.3 (runs only if the promise ends canceled)
        int runs = 0;
        var (p1, r1) = Promise.Cancelable<int>();
        var (p2, r2) = Promise.Cancelable<int>();
        p1.OnCancel(() => runs++);
        p2.OnCancel(() => runs++);
        r1.Resolve(1);
        r2.Reject(new TestException());
        Assert.Equal(0, runs);
    }

    [Fact]
    public void OnCancel_sends_an_exception_from_f_to_the_hook()
    {
        // Lwt: LWT-SEMANTICS.md §1.6 (on_cancel exceptions go to the hook)
        using var hook = new HookScope();
        var ex = new TestException();
        bool laterRan = false;
        var (p, _) = Promise.Cancelable();
        p.OnFailure(_ => laterRan = true);
        p.OnCancel(() => throw ex);
        p.Cancel();
        Assert.Same(ex, Assert.Single(hook.Seen));
        Assert.True(laterRan);
        LwtAssert.Canceled(p);
    }

    [Fact]
    public void OnCancel_on_an_already_canceled_promise_sends_an_exception_from_f_to_the_hook()
    {
        // Lwt: LWT-SEMANTICS.md §2.3 (direct call; exceptions to the hook)
        using var hook = new HookScope();
        var ex = new TestException();
        Promise.Fail(new CanceledException()).OnCancel(() => throw ex);
        Assert.Same(ex, Assert.Single(hook.Seen));
    }
}
