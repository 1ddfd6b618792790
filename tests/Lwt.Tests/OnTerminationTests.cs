using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>OnTermination (test_lwt.ml › "on_termination").</summary>
public class OnTerminationTests
{
    [Fact]
    public void OnTermination_on_fulfilled_promise_runs_function_directly()
    {
        // Lwt: test_lwt.ml › "on_termination" › "fulfilled"
        bool ran = false;
        Promise.Unit.OnTermination(() => ran = true);
        Assert.True(ran);
    }

    [Fact]
    public void OnTermination_function_exception_on_fulfilled_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_termination" › "fulfilled, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Unit.OnTermination(() => throw e);
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnTermination_on_rejected_promise_runs_function_directly()
    {
        // Lwt: test_lwt.ml › "on_termination" › "rejected"
        bool ran = false;
        Promise.Fail(new TestException()).OnTermination(() => ran = true);
        Assert.True(ran);
    }

    [Fact]
    public void OnTermination_function_exception_on_rejected_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_termination" › "rejected, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Fail(new ExitException()).OnTermination(() => throw e);
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnTermination_on_pending_promise_does_not_run_function_yet()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait();
        p.OnTermination(() => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnTermination_on_pending_promise_runs_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending, fulfilled"
        bool ran = false;
        var (p, r) = Promise.Wait<int>();
        p.OnTermination(() => ran = true);
        r.Resolve(1);
        Assert.True(ran);
    }

    [Fact]
    public void OnTermination_function_exception_on_pending_fulfilled_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnTermination(() => throw e);
        using var hook = new HookRecorder();
        r.Resolve();
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnTermination_on_pending_promise_runs_function_when_rejected()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending, rejected"
        bool ran = false;
        var (p, r) = Promise.Wait();
        p.OnTermination(() => ran = true);
        r.Reject(new TestException());
        Assert.True(ran);
    }

    [Fact]
    public void OnTermination_function_exception_on_pending_rejected_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending, rejected, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnTermination(() => throw e);
        using var hook = new HookRecorder();
        r.Reject(new ExitException());
        Assert.Same(e, Assert.Single(hook.Seen));
        Assert.IsType<ExitException>(p.Exception);
    }

    [Fact]
    public void OnTermination_runs_exactly_once()
    {
        // Lwt: test_lwt.ml › "on_termination" › "pending, fulfilled" (once only)
        int runs = 0;
        var (p, r) = Promise.Wait();
        p.OnTermination(() => runs++);
        r.Resolve();
        Assert.False(r.TryResolve());
        Assert.Equal(1, runs);
    }

    [Fact]
    public void OnTermination_with_null_function_throws_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "on_termination" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.OnTermination(null!)).ParamName);
    }
}
