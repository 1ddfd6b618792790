using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>State, IsPending, TryGetResult (Lwt's poll), Result and Exception (test_lwt.ml › "state query").</summary>
public class StateQueryTests
{
    [Fact]
    public void IsPending_is_false_for_a_fulfilled_promise()
    {
        // Lwt: test_lwt.ml › "state query" › "is_sleeping: fulfilled"
        Assert.False(Promise.Unit.IsPending);
        Assert.True(Promise.Unit.IsFulfilled);
        Assert.False(Promise.Unit.IsRejected);
    }

    [Fact]
    public void IsPending_is_false_for_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "state query" › "is_sleeping: rejected"
        var p = Promise.Fail(new TestException());
        Assert.False(p.IsPending);
        Assert.True(p.IsRejected);
        Assert.False(p.IsFulfilled);
    }

    [Fact]
    public void IsPending_is_true_for_a_pending_promise()
    {
        // Lwt: test_lwt.ml › "state query" › "is_sleeping: pending"
        var (p, _) = Promise.Wait();
        Assert.True(p.IsPending);
        Assert.False(p.IsFulfilled);
        Assert.False(p.IsRejected);
        Assert.False(p.IsCanceled);
    }

    [Fact]
    public void IsPending_follows_a_promise_that_became_a_proxy()
    {
        // Lwt: test_lwt.ml › "state query" › "is_sleeping: proxy"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Wait();
        p1.Bind(() => p2);
        r.Resolve();
        Assert.True(p2.IsPending);
    }

    [Fact]
    public void State_of_a_promise_that_became_a_proxy_reports_the_target_outcome()
    {
        // Lwt: test_lwt.ml › "state query" › "is_sleeping: proxy" (after the target resolves)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait<int>();
        var outer = p1.Bind(() => p2);
        r1.Resolve();
        r2.Resolve(8);
        Assert.Equal(PromiseState.Fulfilled, p2.State);
        Assert.Equal(8, p2.Result);
        Assert.Equal(8, outer.Result);
    }

    [Fact]
    public void TryGetResult_on_fulfilled_promise_gives_the_value()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: fulfilled"
        Assert.True(Promise.Return("foo").TryGetResult(out var v));
        Assert.Equal("foo", v);
        Assert.True(Promise.Unit.TryGetResult());
    }

    [Fact]
    public void TryGetResult_on_rejected_promise_rethrows_the_exception()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: rejected"
        var e = new TestException();
        Assert.Same(e, Assert.Throws<TestException>(() => Promise.Fail<int>(e).TryGetResult(out _)));
        Assert.Same(e, Assert.Throws<TestException>(() => Promise.Fail(e).TryGetResult()));
    }

    [Fact]
    public void TryGetResult_on_pending_promise_returns_false()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: pending"
        var (p, _) = Promise.Wait<string>();
        Assert.False(p.TryGetResult(out var v));
        Assert.Null(v);
        var (q, _) = Promise.Wait();
        Assert.False(q.TryGetResult());
    }

    [Fact]
    public void TryGetResult_on_a_promise_that_became_a_proxy_returns_false_while_pending()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: proxy"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Wait<int>();
        p1.Bind(() => p2);
        r.Resolve();
        Assert.False(p2.TryGetResult(out _));
    }

    [Fact]
    public void Result_of_a_pending_promise_throws_InvalidOperationException()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: pending" (Result has no "none" answer)
        var (p, _) = Promise.Wait<int>();
        Assert.Throws<InvalidOperationException>(() => p.Result);
        var (q, _) = Promise.Wait();
        Assert.Throws<InvalidOperationException>(() => q.ThrowIfNotFulfilled());
        Assert.True(p.IsPending);
    }

    [Fact]
    public void Result_of_a_rejected_promise_rethrows_the_rejection_itself()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: rejected" (not wrapped)
        var e = new TestException();
        Assert.Same(e, Assert.Throws<TestException>(() => Promise.Fail<int>(e).Result));
    }

    [Fact]
    public void Exception_is_null_unless_rejected()
    {
        // Lwt: test_lwt.ml › "state query" (state Return/Sleep carry no exception)
        Assert.Null(Promise.Return(1).Exception);
        Assert.Null(Promise.Wait().Promise.Exception);
    }

    [Fact]
    public void IsCanceled_is_true_only_for_CanceledException_rejections()
    {
        // Lwt: test_lwt.ml › "state query" (Fail Canceled vs other Fail)
        Assert.True(Promise.Fail(new CanceledException()).IsCanceled);
        Assert.False(Promise.Fail(new OperationCanceledException()).IsCanceled);
        Assert.False(Promise.Fail(new TestException()).IsCanceled);
    }

    [Fact]
    public void Awaiting_a_pending_promise_synchronously_via_GetResult_throws_InvalidOperationException()
    {
        // Lwt: test_lwt.ml › "state query" › "poll: pending" (the awaiter does not block)
        var (p, _) = Promise.Wait<int>();
        Assert.False(p.GetAwaiter().IsCompleted);
        Assert.Throws<InvalidOperationException>(() => p.GetAwaiter().GetResult());
    }
}
