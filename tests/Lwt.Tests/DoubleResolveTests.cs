using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>Resolving a promise twice (test_lwt.ml › "double resolve").</summary>
public class DoubleResolveTests
{
    [Fact]
    public void Resolve_twice_on_wait_throws_and_keeps_the_first_value()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup: double use on wait"
        var (p, r) = Promise.Wait<string>();
        r.Resolve("foo");
        var e = Assert.Throws<InvalidOperationException>(() => r.Resolve("bar"));
        Assert.Contains("Lwt.wakeup", e.Message, StringComparison.Ordinal);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Resolve_twice_on_cancelable_throws_and_keeps_the_first_value()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup: double use on task"
        var (p, r) = Promise.Cancelable<string>();
        r.Resolve("foo");
        Assert.Throws<InvalidOperationException>(() => r.Resolve("bar"));
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Reject_twice_on_wait_throws_and_keeps_the_first_exception()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup_exn: double use on wait"
        var (p, r) = Promise.Wait<string>();
        var first = new TestException();
        r.Reject(first);
        var e = Assert.Throws<InvalidOperationException>(() => r.Reject(new ExitException()));
        Assert.Contains("Lwt.wakeup_exn", e.Message, StringComparison.Ordinal);
        Assert.Same(first, p.Exception);
    }

    [Fact]
    public void Reject_twice_on_cancelable_throws_and_keeps_the_first_exception()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup_exn: double use on task"
        var (p, r) = Promise.Cancelable<string>();
        var first = new TestException();
        r.Reject(first);
        Assert.Throws<InvalidOperationException>(() => r.Reject(new ExitException()));
        Assert.Same(first, p.Exception);
    }

    [Fact]
    public void ResolveWith_after_reject_on_wait_throws_and_keeps_the_rejection()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup_result: double use on wait"
        var (p, r) = Promise.Wait<int>();
        var first = new TestException();
        r.Reject(first);
        var e = Assert.Throws<InvalidOperationException>(() => r.ResolveWith(Result<int, Exception>.Ok(1)));
        Assert.Contains("Lwt.wakeup_result", e.Message, StringComparison.Ordinal);
        Assert.Same(first, p.Exception);
    }

    [Fact]
    public void ResolveWith_after_reject_on_cancelable_throws_and_keeps_the_rejection()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup_result: double use on task"
        var (p, r) = Promise.Cancelable<int>();
        var first = new TestException();
        r.Reject(first);
        Assert.Throws<InvalidOperationException>(() => r.ResolveWith(Result<int, Exception>.Ok(1)));
        Assert.Same(first, p.Exception);
    }

    [Fact]
    public void Reject_after_resolve_throws_and_keeps_the_value()
    {
        // Lwt: test_lwt.ml › "double resolve" (fulfilled, then wakeup_exn)
        var (p, r) = Promise.Wait<int>();
        r.Resolve(3);
        Assert.Throws<InvalidOperationException>(() => r.Reject(new TestException()));
        Assert.True(p.IsFulfilled);
        Assert.Equal(3, p.Result);
    }

    [Fact]
    public void Unit_resolver_resolve_twice_throws_and_promise_stays_fulfilled()
    {
        // Lwt: test_lwt.ml › "double resolve" › "wakeup: double use on wait" (unit resolver)
        var (p, r) = Promise.Wait();
        r.Resolve();
        Assert.Throws<InvalidOperationException>(() => r.Resolve());
        Assert.Throws<InvalidOperationException>(() => r.Reject(new TestException()));
        Assert.True(p.IsFulfilled);
    }

    [Fact]
    public void Second_resolve_does_not_run_callbacks_again()
    {
        // Lwt: test_lwt.ml › "double resolve" (the promise, callbacks included, is unchanged)
        var (p, r) = Promise.Wait<int>();
        int runs = 0;
        p.OnSuccess(_ => runs++);
        r.Resolve(1);
        Assert.Throws<InvalidOperationException>(() => r.Resolve(2));
        Assert.Equal(1, runs);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void TryResolve_on_a_resolved_promise_returns_false_and_changes_nothing()
    {
        // Lwt: test_lwt.ml › "double resolve" (non-throwing form)
        var (p, r) = Promise.Wait<int>();
        r.Resolve(1);
        Assert.False(r.TryResolve(2));
        Assert.False(r.TryReject(new TestException()));
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void Resolve_through_a_resolver_whose_promise_became_a_proxy_acts_on_the_target()
    {
        // Lwt: test_lwt.ml › "double resolve" (resolvers act on the underlying promise, spec 1.1)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait<string>();
        var outer = p1.Bind(() => p2);
        r1.Resolve();
        r2.Resolve("foo");
        Assert.Equal("foo", outer.Result);
        Assert.Throws<InvalidOperationException>(() => r2.Resolve("bar"));
        Assert.Equal("foo", outer.Result);
        Assert.Equal("foo", p2.Result);
    }
}
