using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>OnSuccess (test_lwt.ml › "on_success").</summary>
public class OnSuccessTests
{
    [Fact]
    public void OnSuccess_on_fulfilled_promise_runs_function_directly()
    {
        // Lwt: test_lwt.ml › "on_success" › "fulfilled"
        bool ran = false;
        Promise.Unit.OnSuccess(() => ran = true);
        Assert.True(ran);
    }

    [Fact]
    public void OnSuccess_on_fulfilled_value_promise_gets_the_value()
    {
        // Lwt: test_lwt.ml › "on_success" › "fulfilled" (value form)
        string? seen = null;
        Promise.Return("foo").OnSuccess(s => seen = s);
        Assert.Equal("foo", seen);
    }

    [Fact]
    public void OnSuccess_function_exception_on_fulfilled_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_success" › "fulfilled, f raises"
        using var hook = new HookRecorder();
        var e = new TestException();
        Promise.Unit.OnSuccess(() => throw e);
        Assert.Same(e, Assert.Single(hook.Seen));
    }

    [Fact]
    public void OnSuccess_on_rejected_promise_does_not_run_function()
    {
        // Lwt: test_lwt.ml › "on_success" › "rejected"
        bool ran = false;
        Promise.Fail(new TestException()).OnSuccess(() => ran = true);
        Promise.Fail<int>(new TestException()).OnSuccess(_ => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void OnSuccess_on_pending_promise_does_not_run_function_yet()
    {
        // Lwt: test_lwt.ml › "on_success" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait();
        p.OnSuccess(() => ran = true);
        Assert.False(ran);
        Assert.True(p.IsPending);
    }

    [Fact]
    public void OnSuccess_on_pending_promise_runs_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "on_success" › "pending, fulfilled"
        var (p, r) = Promise.Wait<int>();
        var seen = new List<int>();
        p.OnSuccess(seen.Add);
        Assert.Empty(seen);
        r.Resolve(5);
        Assert.Equal([5], seen);
    }

    [Fact]
    public void OnSuccess_function_exception_on_pending_promise_goes_to_the_hook()
    {
        // Lwt: test_lwt.ml › "on_success" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        p.OnSuccess(() => throw e);
        using var hook = new HookRecorder();
        r.Resolve();
        Assert.Same(e, Assert.Single(hook.Seen));
        Assert.True(p.IsFulfilled);
    }

    [Fact]
    public void OnSuccess_function_exception_does_not_stop_other_callbacks()
    {
        // Lwt: test_lwt.ml › "on_success" › "pending, fulfilled, f raises" (the rest still runs)
        var (p, r) = Promise.Wait();
        var log = new List<string>();
        p.OnSuccess(() => log.Add("first"));
        p.OnSuccess(() => throw new TestException());
        p.OnSuccess(() => log.Add("third"));
        using var hook = new HookRecorder();
        r.Resolve();
        Assert.Equal(["third", "first"], log);
        Assert.Single(hook.Seen);
    }

    [Fact]
    public void OnSuccess_on_pending_promise_does_not_run_when_rejected()
    {
        // Lwt: test_lwt.ml › "on_success" › "pending, rejected"
        bool ran = false;
        var (p, r) = Promise.Wait();
        p.OnSuccess(() => ran = true);
        r.Reject(new TestException());
        Assert.False(ran);
    }

    [Fact]
    public void OnSuccess_callbacks_run_most_recently_registered_first()
    {
        // Lwt: test_lwt.ml › "on_success" (LIFO order, spec 1.3)
        var (p, r) = Promise.Wait<int>();
        var log = new List<int>();
        p.OnSuccess(_ => log.Add(1));
        p.OnSuccess(_ => log.Add(2));
        p.OnSuccess(_ => log.Add(3));
        r.Resolve(0);
        Assert.Equal([3, 2, 1], log);
    }

    [Fact]
    public void OnSuccess_with_null_function_throws_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "on_success" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.OnSuccess(null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Return(1).OnSuccess(null!)).ParamName);
    }
}
