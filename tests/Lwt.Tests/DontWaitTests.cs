using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class DontWaitTests
{
    [Fact]
    public void DontWait_runs_f_at_once_and_does_not_call_the_handler_on_fulfilment()
    {
        // Lwt: test_lwt.ml › "dont_wait" › "fulfilled"
        bool ran = false;
        var seen = new List<Exception>();
        Promise.DontWait(
            () =>
            {
                ran = true;
                return Promise.Unit;
            },
            seen.Add);
        Assert.True(ran);
        Assert.Empty(seen);
    }

    [Fact]
    public void DontWait_gives_an_exception_thrown_by_f_to_the_handler_not_the_hook()
    {
        // Lwt: test_lwt.ml › "dont_wait" › "f raises"
        using var hook = new HookScope();
        var seen = new List<Exception>();
        var ex = new TestException();
        Promise.DontWait(() => throw ex, seen.Add);
        Assert.Same(ex, Assert.Single(seen));
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void DontWait_gives_an_already_rejected_promise_to_the_handler_at_once()
    {
        // Lwt: test_lwt.ml › "dont_wait" › "rejected"
        using var hook = new HookScope();
        var seen = new List<Exception>();
        var ex = new TestException();
        Promise.DontWait(() => Promise.Fail(ex), seen.Add);
        Assert.Same(ex, Assert.Single(seen));
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void DontWait_lets_a_pending_computation_continue_when_it_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "dont_wait" › "pending, fulfilled"
        bool resolved = false;
        var seen = new List<Exception>();
        var (p, r) = Promise.Wait();
        Promise.DontWait(
            () => p.Bind(() =>
            {
                resolved = true;
                return Promise.Unit;
            }),
            seen.Add);
        Assert.False(resolved);
        r.Resolve();
        Assert.True(resolved);
        Assert.Empty(seen);
    }

    [Fact]
    public void DontWait_gives_a_later_rejection_to_the_handler_when_it_happens()
    {
        // Lwt: test_lwt.ml › "dont_wait" › "pending, rejected"
        using var hook = new HookScope();
        var seen = new List<Exception>();
        var (p, r) = Promise.Wait();
        Promise.DontWait(() => p, seen.Add);
        Assert.Empty(seen);
        var ex = new TestException();
        r.Reject(ex);
        Assert.Same(ex, Assert.Single(seen));
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void DontWait_handler_exception_escapes_into_the_code_that_rejected_the_promise()
    {
        // Lwt: LWT-SEMANTICS.md §1.7 (dont_wait: the handler is not guarded)
        using var hook = new HookScope();
        var (p, r) = Promise.Wait();
        var fromHandler = new TestException("handler");
        Promise.DontWait(() => p, _ => throw fromHandler);
        var thrown = Assert.Throws<TestException>(() => r.Reject(new TestException("input")));
        Assert.Same(fromHandler, thrown);
        Assert.True(p.IsRejected);
        Assert.Empty(hook.Seen);
    }
}
