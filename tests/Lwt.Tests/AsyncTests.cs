using System;
using Xunit;

namespace Lwt.Tests;

public class AsyncTests
{
    [Fact]
    public void Async_runs_f_at_once_and_ignores_a_fulfilled_result()
    {
        // Lwt: test_lwt.ml › "async" › "fulfilled"
        using var hook = new HookScope();
        bool ran = false;
        Promise.Async(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(ran);
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void Async_sends_an_exception_thrown_by_f_to_the_hook()
    {
        // Lwt: test_lwt.ml › "async" › "f raises"
        using var hook = new HookScope();
        var ex = new TestException();
        Promise.Async(() => throw ex);
        Assert.Same(ex, Assert.Single(hook.Seen));
    }

    [Fact]
    public void Async_sends_an_already_rejected_promise_to_the_hook_at_once()
    {
        // Lwt: test_lwt.ml › "async" › "rejected"
        using var hook = new HookScope();
        var ex = new TestException();
        Promise.Async(() => Promise.Fail(ex));
        Assert.Same(ex, Assert.Single(hook.Seen));
    }

    [Fact]
    public void Async_lets_a_pending_computation_continue_when_it_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "async" › "pending, fulfilled"
        using var hook = new HookScope();
        bool resolved = false;
        var (p, r) = Promise.Wait();
        Promise.Async(() => p.Bind(() =>
        {
            resolved = true;
            return Promise.Unit;
        }));
        Assert.False(resolved);
        r.Resolve();
        Assert.True(resolved);
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void Async_sends_a_later_rejection_to_the_hook_when_it_happens()
    {
        // Lwt: test_lwt.ml › "async" › "pending, rejected"
        using var hook = new HookScope();
        var (p, r) = Promise.Wait();
        Promise.Async(() => p);
        Assert.Empty(hook.Seen);
        var ex = new TestException();
        r.Reject(ex);
        Assert.Same(ex, Assert.Single(hook.Seen));
    }

    [Fact]
    public void Async_accepts_a_promise_of_a_value_and_ignores_the_value()
    {
        // Lwt: test_lwt.ml › "async" › "pending, fulfilled" (with a value)
        using var hook = new HookScope();
        var (p, r) = Promise.Wait<int>();
        Promise.Async(() => p);
        r.Resolve(7);
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void Async_sends_a_cancellation_of_the_pending_promise_to_the_hook()
    {
        // Lwt: LWT-SEMANTICS.md §1.7 (async: hook on any later rejection, Canceled included)
        using var hook = new HookScope();
        var (p, _) = Promise.Cancelable();
        Promise.Async(() => p);
        p.Cancel();
        Assert.IsType<CanceledException>(Assert.Single(hook.Seen));
    }
}
