using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>OnAny (test_lwt.ml › "on_any").</summary>
public class OnAnyTests
{
    [Fact]
    public void OnAny_on_fulfilled_promise_runs_success_function_only()
    {
        // Lwt: test_lwt.ml › "on_any" › "fulfilled"
        bool f = false, g = false;
        Promise.Unit.OnAny(() => f = true, _ => g = true);
        Assert.True(f);
        Assert.False(g);
    }

    [Fact]
    public void OnAny_on_fulfilled_value_promise_gets_the_value()
    {
        // Lwt: test_lwt.ml › "on_any" › "fulfilled" (value form)
        int seen = 0;
        Promise.Return(7).OnAny(v => seen = v, _ => seen = -1);
        Assert.Equal(7, seen);
    }

    [Fact]
    public void OnAny_success_function_exception_on_fulfilled_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_any" › "fulfilled, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Unit.OnAny(() => throw e, _ => { });
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnAny_on_rejected_promise_runs_failure_function_with_the_exception()
    {
        // Lwt: test_lwt.ml › "on_any" › "rejected"
        Exception? seen = null;
        bool f = false;
        var e = new TestException();
        Promise.Fail<int>(e).OnAny(_ => f = true, ex => seen = ex);
        Assert.Same(e, seen);
        Assert.False(f);
    }

    [Fact]
    public void OnAny_failure_function_exception_on_rejected_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_any" › "rejected, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Fail(new ExitException()).OnAny(() => { }, _ => throw e);
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnAny_on_pending_promise_runs_nothing_yet()
    {
        // Lwt: test_lwt.ml › "on_any" › "pending"
        bool f = false, g = false;
        var (p, _) = Promise.Wait();
        p.OnAny(() => f = true, _ => g = true);
        Assert.False(f);
        Assert.False(g);
    }

    [Fact]
    public void OnAny_on_pending_promise_runs_success_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "on_any" › "pending, fulfilled"
        bool f = false, g = false;
        var (p, r) = Promise.Wait();
        p.OnAny(() => f = true, _ => g = true);
        r.Resolve();
        Assert.True(f);
        Assert.False(g);
    }

    [Fact]
    public void OnAny_success_function_exception_on_pending_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_any" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnAny(() => throw e, _ => { });
        using var hook = new HookRecorder();
        r.Resolve();
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnAny_on_pending_promise_runs_failure_function_when_rejected()
    {
        // Lwt: test_lwt.ml › "on_any" › "pending, rejected"
        Exception? seen = null;
        bool f = false;
        var (p, r) = Promise.Wait<string>();
        p.OnAny(_ => f = true, ex => seen = ex);
        var e = new TestException();
        r.Reject(e);
        Assert.Same(e, seen);
        Assert.False(f);
    }

    [Fact]
    public void OnAny_failure_function_exception_on_pending_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_any" › "pending, rejected, g raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnAny(() => { }, _ => throw e);
        using var hook = new HookRecorder();
        r.Reject(new ExitException());
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnAny_with_null_functions_throws_ArgumentNullException_naming_them()
    {
        // Lwt: test_lwt.ml › "on_any" (bad input)
        Assert.Equal("success", Assert.Throws<ArgumentNullException>(() => Promise.Unit.OnAny(null!, _ => { })).ParamName);
        Assert.Equal("failure", Assert.Throws<ArgumentNullException>(() => Promise.Unit.OnAny(() => { }, null!)).ParamName);
        Assert.Equal("success", Assert.Throws<ArgumentNullException>(() => Promise.Return(1).OnAny((Action<int>)null!, _ => { })).ParamName);
        Assert.Equal("failure", Assert.Throws<ArgumentNullException>(() => Promise.Return(1).OnAny(_ => { }, null!)).ParamName);
    }
}
