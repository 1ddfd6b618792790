using System;
using System.Collections.Generic;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Finalize (test_lwt.ml › "finalize" and "backtrace_finalize").</summary>
public class FinalizeTests
{
    [Fact]
    public void Finalize_on_fulfilled_computation_runs_finalizer_and_keeps_value()
    {
        // Lwt: test_lwt.ml › "finalize" › "fulfilled"
        bool ran = false;
        var p = Promise.Finalize(() => Promise.Return("foo"), () =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(ran);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Finalize_on_fulfilled_computation_is_rejected_when_finalizer_promise_rejects()
    {
        // Lwt: test_lwt.ml › "finalize" › "fulfilled, f' rejected"
        var e = new TestException();
        var p = Promise.Finalize(() => Promise.Unit, () => Promise.Fail(e));
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_on_fulfilled_computation_lets_finalizer_exception_escape()
    {
        // Lwt: test_lwt.ml › "finalize" › "fulfilled, f' raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(() => Promise.Finalize(() => Promise.Unit, () => RaiseUnit(e)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void Finalize_on_rejected_computation_runs_finalizer_and_keeps_rejection()
    {
        // Lwt: test_lwt.ml › "finalize" › "rejected"
        bool ran = false;
        var e = new TestException();
        var p = Promise.Finalize(() => Promise.Fail<int>(e), () =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(ran);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_on_rejected_computation_finalizer_rejection_replaces_the_exception()
    {
        // Lwt: test_lwt.ml › "finalize" › "rejected, f' rejected"
        var e = new TestException();
        var p = Promise.Finalize(() => Promise.Fail(new ExitException()), () => Promise.Fail(e));
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_when_computation_throws_lets_finalizer_exception_escape()
    {
        // Lwt: test_lwt.ml › "finalize" › "rejected, f' raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(
            () => Promise.Finalize(() => RaiseUnit(new ExitException()), () => RaiseUnit(e)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void Finalize_on_pending_computation_is_pending_and_does_not_run_finalizer()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait<int>();
        var q = Promise.Finalize(() => p, () =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(q.IsPending);
        Assert.False(ran);
    }

    [Fact]
    public void Finalize_on_pending_computation_runs_finalizer_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled"
        bool ran = false;
        var (p, r) = Promise.Wait<string>();
        var q = Promise.Finalize(() => p, () =>
        {
            ran = true;
            return Promise.Unit;
        });
        r.Resolve("foo");
        Assert.True(ran);
        Assert.Equal("foo", q.Result);
    }

    [Fact]
    public void Finalize_on_pending_fulfilled_computation_is_rejected_when_finalizer_rejects()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled, f' rejected"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.Finalize(() => p, () => Promise.Fail(e));
        r.Resolve();
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_on_pending_fulfilled_computation_is_rejected_when_finalizer_throws()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled, f' raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.Finalize(() => p, () => RaiseUnit(e));
        r.Resolve();
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_waits_for_pending_finalizer_then_keeps_value()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled, f' pending"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait();
        var p = Promise.Finalize(() => p1, () => p2);
        r1.Resolve("foo");
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve();
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Finalize_waits_for_pending_finalizer_and_takes_its_rejection()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled, f' pending, rejected"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p = Promise.Finalize(() => p1, () => p2);
        r1.Resolve();
        Assert.Equal(PromiseState.Pending, p.State);
        var e = new TestException();
        r2.Reject(e);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_on_pending_computation_runs_finalizer_when_rejected()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected"
        bool ran = false;
        var (p, r) = Promise.Wait<int>();
        var q = Promise.Finalize(() => p, () =>
        {
            ran = true;
            return Promise.Unit;
        });
        var e = new TestException();
        r.Reject(e);
        Assert.True(ran);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_on_pending_rejected_computation_finalizer_rejection_replaces_exception()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected, f' rejected"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.Finalize(() => p, () => Promise.Fail(e));
        r.Reject(new ExitException());
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_on_pending_rejected_computation_finalizer_exception_replaces_exception()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected, f' raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.Finalize(() => p, () => RaiseUnit(e));
        r.Reject(new ExitException());
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_waits_for_pending_finalizer_then_keeps_rejection()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected, f' pending"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p = Promise.Finalize(() => p1, () => p2);
        var e = new TestException();
        r1.Reject(e);
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve();
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_waits_for_pending_finalizer_whose_rejection_replaces_exception()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected, f' pending, rejected"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p = Promise.Finalize(() => p1, () => p2);
        r1.Reject(new ExitException());
        Assert.Equal(PromiseState.Pending, p.State);
        var e = new TestException();
        r2.Reject(e);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Finalize_result_becoming_a_proxy_during_finalizer_still_resolves_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "finalize" › "proxy during callback (fulfilled)"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = Promise.Finalize(() => p1, () =>
        {
            r2.Resolve();
            return Promise.Unit;
        });
        var p4 = p2.Bind(() => p3);
        r1.Resolve();
        Assert.True(p4.IsFulfilled);
    }

    [Fact]
    public void Finalize_result_becoming_a_proxy_during_finalizer_still_resolves_when_rejected()
    {
        // Lwt: test_lwt.ml › "finalize" › "proxy during callback (rejected)"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = Promise.Finalize(() => p1, () =>
        {
            r2.Resolve();
            return Promise.Unit;
        });
        var p4 = p2.Bind(() => p3);
        var e = new ExitException();
        r1.Reject(e);
        Assert.True(p4.IsRejected);
        Assert.Same(e, p4.Exception);
    }

    [Fact]
    public void Finalize_runs_finalizer_exactly_once_and_after_the_computation()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, fulfilled" (ordering)
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();
        var q = p.Map(x =>
        {
            log.Add("computation");
            return x;
        }).Finalize(() =>
        {
            log.Add("finalizer");
            return Promise.Unit;
        });
        r.Resolve(3);
        Assert.Equal(["computation", "finalizer"], log);
        Assert.Equal(3, q.Result);
    }

    [Fact]
    public void Finalize_instance_form_on_unit_promise_keeps_outcome()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected" (method form, unit promise)
        var (p, r) = Promise.Wait();
        int runs = 0;
        var q = p.Finalize(() =>
        {
            runs++;
            return Promise.Unit;
        });
        var e = new TestException();
        r.Reject(e);
        Assert.Equal(1, runs);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Finalize_runs_finalizer_when_computation_is_canceled()
    {
        // Lwt: test_lwt.ml › "finalize" › "pending, rejected" (rejected by Cancel)
        var (p, _) = Promise.Cancelable<int>();
        bool ran = false;
        var q = p.Finalize(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        q.Cancel();
        Assert.True(ran);
        Assert.True(q.IsCanceled);
    }

    [Fact]
    public void Finalize_with_null_arguments_throws_ArgumentNullException_naming_them()
    {
        // Lwt: test_lwt.ml › "finalize" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Finalize((Func<Promise<int>>)null!, () => Promise.Unit)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Finalize((Func<Promise>)null!, () => Promise.Unit)).ParamName);
        Assert.Equal("finalizer", Assert.Throws<ArgumentNullException>(() => Promise.Return(1).Finalize(null!)).ParamName);
        Assert.Equal("finalizer", Assert.Throws<ArgumentNullException>(() => Promise.Unit.Finalize(null!)).ParamName);
    }

    [Fact]
    public void Finalize_static_form_checks_null_finalizer_before_running_the_computation()
    {
        // Lwt: test_lwt.ml › "finalize" (bad input: no side effect before argument validation)
        bool ran = false;
        var e = Assert.Throws<ArgumentNullException>(() => Promise.Finalize(
            () =>
            {
                ran = true;
                return Promise.Return(1);
            },
            null!));
        Assert.Equal("finalizer", e.ParamName);
        Assert.False(ran);
    }

    // backtrace_finalize

    [Fact]
    public void Backtrace_finalize_on_fulfilled_computation_runs_finalizer()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "fulfilled"
        bool ran = false;
        var p = Promise.Return("foo").Finalize(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(ran);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Backtrace_finalize_finalizer_rejection_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "fulfilled, f' rejected"
        var e = ThrownTestException();
        var p = Promise.Unit.Finalize(() => Promise.Fail(e));
        var thrown = Assert.Throws<TestException>(() => p.ThrowIfNotFulfilled());
        Assert.Same(e, thrown);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_on_fulfilled_computation_lets_finalizer_exception_escape()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "fulfilled, f' raises"
        var thrown = Assert.Throws<TestException>(() => Promise.Unit.Finalize(() => ThrowFromMarkerMethodUnit()));
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_rejection_passes_through_with_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "rejected"
        bool ran = false;
        var p = Promise.Finalize(() => ThrowFromMarkerMethod<int>(), () =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(ran);
        var thrown = Assert.Throws<TestException>(() => p.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_on_rejected_computation_finalizer_rejection_replaces_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "rejected, f' rejected"
        var e = new TestException();
        var p = Promise.Fail<int>(new ExitException()).Finalize(() => Promise.Fail(e));
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Backtrace_finalize_on_rejected_computation_lets_finalizer_exception_escape()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "rejected, f' raises"
        var e = new TestException();
        Assert.Same(e, Assert.Throws<TestException>(() => Promise.Fail<int>(new ExitException()).Finalize(() => RaiseUnit(e))));
    }

    [Fact]
    public void Backtrace_finalize_on_pending_computation_is_pending()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait<int>();
        var q = p.Finalize(() =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(q.IsPending);
        Assert.False(ran);
    }

    [Fact]
    public void Backtrace_finalize_on_pending_computation_keeps_value()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.Finalize(() => Promise.Unit);
        r.Resolve("foo");
        Assert.Equal("foo", q.Result);
    }

    [Fact]
    public void Backtrace_finalize_finalizer_exception_on_pending_fulfilled_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, fulfilled, f' raises"
        var (p, r) = Promise.Wait();
        var q = p.Finalize(() => ThrowFromMarkerMethodUnit());
        r.Resolve();
        var thrown = Assert.Throws<TestException>(() => q.ThrowIfNotFulfilled());
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_finalizer_rejection_on_pending_fulfilled_becomes_the_outcome()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, fulfilled, f' rejected"
        var (p, r) = Promise.Wait<int>();
        var e = ThrownTestException();
        var q = p.Finalize(() => Promise.Fail(e));
        r.Resolve(1);
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Same(e, thrown);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_finalizer_rejection_on_pending_rejected_replaces_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, rejected, f' rejected"
        var (p, r) = Promise.Wait<int>();
        var e = new TestException();
        var q = p.Finalize(() => Promise.Fail(e));
        r.Reject(new ExitException());
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Backtrace_finalize_on_pending_rejection_passes_same_exception_through_await()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, rejected"
        var (p, r) = Promise.Wait<int>();
        var q = p.Finalize(() => Promise.Unit);
        var caught = AwaitAndCatch(q);
        var e = ThrownTestException();
        r.Reject(e);
        Assert.Same(e, caught.Result);
        Assert.Contains(MarkerName, caught.Result!.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_finalizer_exception_on_pending_rejected_replaces_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "pending, rejected, f' raises"
        var (p, r) = Promise.Wait<int>();
        var q = p.Finalize(() => ThrowFromMarkerMethodUnit());
        r.Reject(new ExitException());
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_finalize_result_becoming_a_proxy_during_finalizer_still_resolves()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "proxy during callback (fulfilled)"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Finalize(() =>
        {
            r2.Resolve();
            return Promise.Unit;
        });
        var p4 = p2.Bind(() => p3);
        r1.Resolve(9);
        Assert.Equal(9, p4.Result);
    }

    [Fact]
    public void Backtrace_finalize_result_becoming_a_proxy_during_finalizer_still_rejects()
    {
        // Lwt: test_lwt.ml › "backtrace_finalize" › "proxy during callback (rejected)"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Finalize(() =>
        {
            r2.Resolve();
            return Promise.Unit;
        });
        var p4 = p2.Bind(() => p3);
        var e = new ExitException();
        r1.Reject(e);
        Assert.Same(e, p4.Exception);
    }

    private static async Promise<Exception?> AwaitAndCatch(Promise<int> p)
    {
        try
        {
            await p;
            return null;
        }
        catch (TestException e)
        {
            return e;
        }
    }
}
