using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>Promises made by Wait (Lwt's wait) and Cancelable (Lwt's task) (test_lwt.ml › "initial promises").</summary>
public class InitialPromiseTests
{
    [Fact]
    public void Wait_makes_a_pending_promise()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: pending"
        var (p, _) = Promise.Wait<string>();
        Assert.Equal(PromiseState.Pending, p.State);
        Assert.True(p.IsPending);
        Assert.Null(p.Exception);
    }

    [Fact]
    public void Cancelable_makes_a_pending_promise()
    {
        // Lwt: test_lwt.ml › "initial promises" › "task: pending"
        var (p, _) = Promise.Cancelable<string>();
        Assert.Equal(PromiseState.Pending, p.State);
    }

    [Fact]
    public void Wait_promise_is_fulfilled_by_its_resolver()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: fulfill"
        var (p, r) = Promise.Wait<string>();
        r.Resolve("foo");
        Assert.Equal(PromiseState.Fulfilled, p.State);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Cancelable_promise_is_fulfilled_by_its_resolver()
    {
        // Lwt: test_lwt.ml › "initial promises" › "task: fulfill"
        var (p, r) = Promise.Cancelable<string>();
        r.Resolve("foo");
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Wait_promise_is_rejected_by_its_resolver()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: reject"
        var (p, r) = Promise.Wait<string>();
        var e = new TestException();
        r.Reject(e);
        Assert.Equal(PromiseState.Rejected, p.State);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Cancelable_promise_is_rejected_by_its_resolver()
    {
        // Lwt: test_lwt.ml › "initial promises" › "task: reject"
        var (p, r) = Promise.Cancelable<string>();
        var e = new TestException();
        r.Reject(e);
        Assert.Same(e, p.Exception);
        Assert.False(p.IsCanceled);
    }

    [Fact]
    public void Wait_promise_is_resolved_by_ResolveWith_ok()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: resolve"
        var (p, r) = Promise.Wait<string>();
        r.ResolveWith(Result<string, Exception>.Ok("foo"));
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Cancelable_promise_is_resolved_by_ResolveWith_ok()
    {
        // Lwt: test_lwt.ml › "initial promises" › "task: resolve"
        var (p, r) = Promise.Cancelable<string>();
        r.ResolveWith(Result<string, Exception>.Ok("foo"));
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void ResolveWith_error_rejects_the_promise()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: resolve" (Error branch of wakeup_result)
        var (p, r) = Promise.Wait<string>();
        var e = new TestException();
        r.ResolveWith(Result<string, Exception>.Fail(e));
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Unit_wait_promise_is_fulfilled_and_rejected_by_its_resolver()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: fulfill" / "wait: reject" (unit promises)
        var (p1, r1) = Promise.Wait();
        r1.Resolve();
        Assert.True(p1.IsFulfilled);
        var (p2, r2) = Promise.Cancelable();
        var e = new TestException();
        r2.Reject(e);
        Assert.Same(e, p2.Exception);
    }

    [Fact]
    public void Resolver_Promise_is_the_promise_it_came_with()
    {
        // Lwt: test_lwt.ml › "initial promises" (a resolver and its promise are one cell, spec 1.1)
        var (p, r) = Promise.Wait<int>();
        Assert.Same(p, r.Promise);
        var (q, s) = Promise.Cancelable();
        Assert.Same(q, s.Promise);
    }

    [Fact]
    public void Resolvers_of_the_same_promise_are_equal_and_of_different_ones_are_not()
    {
        // Lwt: test_lwt.ml › "initial promises" (resolver identity)
        var (_, r1) = Promise.Wait<int>();
        var (_, r2) = Promise.Wait<int>();
        var copy = r1;
        Assert.True(r1 == copy);
        Assert.True(r1 != r2);
        Assert.Equal(r1.GetHashCode(), copy.GetHashCode());
    }

    [Fact]
    public void Wait_promise_is_not_canceled_by_Cancel()
    {
        // Lwt: test_lwt.ml › "initial promises" (wait is not cancelable, spec 1.2)
        var (p, r) = Promise.Wait<int>();
        p.Cancel();
        Assert.True(p.IsPending);
        r.Resolve(1);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void Cancelable_promise_is_canceled_by_Cancel()
    {
        // Lwt: test_lwt.ml › "initial promises" (task is cancelable, spec 1.2)
        var (p, _) = Promise.Cancelable<int>();
        p.Cancel();
        Assert.True(p.IsCanceled);
        Assert.IsType<CanceledException>(p.Exception);
    }

    [Fact]
    public void Default_generic_resolver_throws_InvalidOperationException_on_use()
    {
        // Lwt: test_lwt.ml › "initial promises" (bad input: a resolver that came from nowhere)
        Resolver<int> r = default;
        Assert.Throws<InvalidOperationException>(() => r.Resolve(1));
        Assert.Throws<InvalidOperationException>(() => r.Reject(new TestException()));
        Assert.Throws<InvalidOperationException>(() => r.ResolveLater(1));
        Assert.Throws<InvalidOperationException>(() => r.TryResolve(1));
        Assert.Throws<InvalidOperationException>(() => r.ResolveWith(Result<int, Exception>.Ok(1)));
        Assert.Throws<InvalidOperationException>(() => r.Promise);
    }

    [Fact]
    public void Default_unit_resolver_throws_InvalidOperationException_on_use()
    {
        // Lwt: test_lwt.ml › "initial promises" (bad input: a resolver that came from nowhere)
        Resolver r = default;
        Assert.Throws<InvalidOperationException>(() => r.Resolve());
        Assert.Throws<InvalidOperationException>(() => r.RejectLater(new TestException()));
        Assert.Throws<InvalidOperationException>(() => r.TryReject(new TestException()));
        Assert.Throws<InvalidOperationException>(() => r.Promise);
    }

    [Fact]
    public void Reject_with_null_throws_ArgumentNullException_and_leaves_promise_pending()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: reject" (bad input)
        var (p, r) = Promise.Wait<int>();
        var e = Assert.Throws<ArgumentNullException>(() => r.Reject(null!));
        Assert.Equal("exception", e.ParamName);
        var e2 = Assert.Throws<ArgumentNullException>(() => r.RejectLater(null!));
        Assert.Equal("exception", e2.ParamName);
        var e3 = Assert.Throws<ArgumentNullException>(() => r.TryReject(null!));
        Assert.Equal("exception", e3.ParamName);
        Assert.True(p.IsPending);
    }

    [Fact]
    public void ResolveWith_error_null_throws_ArgumentException_and_leaves_promise_pending()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: resolve" (bad input)
        var (p, r) = Promise.Wait<int>();
        var e = Assert.Throws<ArgumentException>(() => r.ResolveWith(Result<int, Exception>.Fail(null!)));
        Assert.Equal("result", e.ParamName);
        Assert.True(p.IsPending);
    }

    [Fact]
    public void TryResolve_fulfills_a_pending_promise_and_returns_true()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: fulfill" (Try form)
        var (p, r) = Promise.Wait<int>();
        Assert.True(r.TryResolve(5));
        Assert.Equal(5, p.Result);
    }

    [Fact]
    public void TryReject_rejects_a_pending_promise_and_returns_true()
    {
        // Lwt: test_lwt.ml › "initial promises" › "wait: reject" (Try form)
        var (p, r) = Promise.Wait();
        var e = new TestException();
        Assert.True(r.TryReject(e));
        Assert.Same(e, p.Exception);
    }
}
