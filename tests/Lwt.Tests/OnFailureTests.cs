using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>OnFailure (test_lwt.ml › "on_failure").</summary>
public class OnFailureTests
{
    [Fact]
    public void OnFailure_on_fulfilled_promise_does_not_run_function()
    {
        // Lwt: test_lwt.ml › "on_failure" › "fulfilled"
        bool ran = false;
        Promise.Unit.OnFailure(_ => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnFailure_on_rejected_promise_runs_function_directly_with_the_exception()
    {
        // Lwt: test_lwt.ml › "on_failure" › "rejected"
        Exception? seen = null;
        var e = new TestException();
        Promise.Fail(e).OnFailure(ex => seen = ex);
        Assert.Same(e, seen);
    }

    [Fact]
    public void OnFailure_function_exception_on_rejected_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_failure" › "rejected, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Fail(new ExitException()).OnFailure(_ => throw e);
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnFailure_on_pending_promise_does_not_run_function_yet()
    {
        // Lwt: test_lwt.ml › "on_failure" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait();
        p.OnFailure(_ => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnFailure_on_pending_promise_does_not_run_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "on_failure" › "pending, fulfilled"
        bool ran = false;
        var (p, r) = Promise.Wait();
        p.OnFailure(_ => ran = true);
        r.Resolve();
        Assert.False(ran);
    }

    [Fact]
    public void OnFailure_on_pending_promise_runs_function_when_rejected()
    {
        // Lwt: test_lwt.ml › "on_failure" › "pending, rejected"
        Exception? seen = null;
        var (p, r) = Promise.Wait<int>();
        p.OnFailure(ex => seen = ex);
        var e = new TestException();
        r.Reject(e);
        Assert.Same(e, seen);
    }

    [Fact]
    public void OnFailure_function_exception_on_pending_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_failure" › "pending, rejected, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnFailure(_ => throw e);
        using var hook = new HookRecorder();
        r.Reject(new ExitException());
        Assert.Same(e, Assert.Single(hook.Seen));
        Assert.IsType<ExitException>(p.Exception);
    }

    [Fact]
    public void OnFailure_runs_on_cancellation_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "on_failure" › "pending, rejected" (rejected by Cancel)
        Exception? seen = null;
        var (p, _) = Promise.Cancelable();
        p.OnFailure(ex => seen = ex);
        p.Cancel();
        Assert.IsType<CanceledException>(seen);
    }

    [Fact]
    public void OnFailure_with_null_function_throws_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "on_failure" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.OnFailure(null!)).ParamName);
    }
}
