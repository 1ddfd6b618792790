using System;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>TryBind (test_lwt.ml › "try_bind" and "backtrace_try_bind").</summary>
public class TryBindTests
{
    [Fact]
    public void TryBind_on_fulfilled_computation_calls_success_function()
    {
        // Lwt: test_lwt.ml › "try_bind" › "fulfilled"
        bool hRan = false;
        var p = Promise.TryBind(
            () => Promise.Return("foo"),
            s => Promise.Return(s + "bar"),
            _ =>
            {
                hRan = true;
                return Promise.Return("!!1");
            });
        Assert.Equal("foobar", p.Result);
        Assert.False(hRan);
    }

    [Fact]
    public void TryBind_on_fulfilled_computation_returns_what_success_function_returns()
    {
        // Lwt: test_lwt.ml › "try_bind" › "fulfilled" (g is called directly, its promise returned)
        var (inner, _) = Promise.Wait<int>();
        var p = Promise.Return(1).TryBind(_ => inner, _ => Promise.Return(0));
        Assert.Same(inner, p);
    }

    [Fact]
    public void TryBind_on_fulfilled_computation_lets_success_function_exception_escape()
    {
        // Lwt: test_lwt.ml › "try_bind" › "fulfilled, f' raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(
            () => Promise.TryBind(() => Promise.Unit, () => Raise<int>(e), _ => Promise.Return(0)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void TryBind_on_rejected_computation_calls_handler()
    {
        // Lwt: test_lwt.ml › "try_bind" › "rejected"
        var e = new TestException();
        var p = Promise.TryBind(
            () => Promise.Fail<int>(e),
            _ => Promise.Return<Exception>(new ExitException()),
            ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
    }

    [Fact]
    public void TryBind_when_computation_throws_calls_handler()
    {
        // Lwt: test_lwt.ml › "try_bind" › "f raises"
        var e = new TestException();
        var p = Promise.TryBind<int, Exception>(
            () => throw e,
            _ => Promise.Return<Exception>(new ExitException()),
            ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
    }

    [Fact]
    public void TryBind_on_rejected_computation_lets_handler_exception_escape()
    {
        // Lwt: test_lwt.ml › "try_bind" › "rejected, h raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(
            () => Promise.TryBind<int>(() => throw new ExitException(), () => Promise.Return(0), _ => Raise<int>(e)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void TryBind_on_pending_computation_is_pending_and_calls_nothing()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait();
        var q = Promise.TryBind(
            () => p,
            () =>
            {
                ran = true;
                return Promise.Return(0);
            },
            _ =>
            {
                ran = true;
                return Promise.Return(0);
            });
        Assert.True(q.IsPending);
        Assert.False(ran);
    }

    [Fact]
    public void TryBind_on_pending_computation_calls_success_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = Promise.TryBind(() => p, s => Promise.Return(s + "bar"), _ => Promise.Return("!!1"));
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void TryBind_on_pending_computation_rejects_result_when_success_function_throws()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, fulfilled, f' raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.TryBind(() => p, () => Raise<int>(e), _ => Promise.Return(0));
        r.Resolve();
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void TryBind_follows_a_pending_success_promise()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, fulfilled, f' pending"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait<string>();
        var p = Promise.TryBind(() => p1, () => p2, _ => Promise.Return("bar"));
        r1.Resolve();
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve("foo");
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void TryBind_on_pending_computation_calls_handler_when_rejected()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, rejected"
        var (p, r) = Promise.Wait<int>();
        var q = Promise.TryBind(() => p, _ => Promise.Return<Exception>(new ExitException()), ex => Promise.Return(ex));
        var e = new TestException();
        r.Reject(e);
        Assert.Same(e, q.Result);
    }

    [Fact]
    public void TryBind_on_pending_computation_rejects_result_when_handler_throws()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, rejected, h raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = Promise.TryBind(() => p, () => Promise.Return(0), _ => Raise<int>(e));
        r.Reject(new ExitException());
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void TryBind_follows_a_pending_handler_promise()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, rejected, h pending"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait<string>();
        var p = Promise.TryBind(() => p1, () => Promise.Return("foo"), _ => p2);
        r1.Reject(new TestException());
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve("bar");
        Assert.Equal("bar", p.Result);
    }

    [Fact]
    public void TryBind_result_becoming_a_proxy_during_success_function_still_resolves()
    {
        // Lwt: test_lwt.ml › "try_bind" › "proxy during callback (fulfilled)"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = Promise.TryBind(
            () => p1,
            () =>
            {
                r2.Resolve();
                return Promise.True;
            },
            _ => Promise.False);
        var p4 = p2.Bind(() => p3);
        r1.Resolve();
        Assert.True(p4.Result);
    }

    [Fact]
    public void TryBind_result_becoming_a_proxy_during_handler_still_resolves()
    {
        // Lwt: test_lwt.ml › "try_bind" › "proxy during callback (rejected)"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = Promise.TryBind(
            () => p1,
            () => Promise.False,
            _ =>
            {
                r2.Resolve();
                return Promise.True;
            });
        var p4 = p2.Bind(() => p3);
        r1.Reject(new ExitException());
        Assert.True(p4.Result);
    }

    [Fact]
    public void TryBind_instance_form_on_pending_value_promise_routes_by_outcome()
    {
        // Lwt: test_lwt.ml › "try_bind" › "pending, fulfilled" / "pending, rejected" (method form)
        var (a, ra) = Promise.Wait<int>();
        var (b, rb) = Promise.Wait<int>();
        var qa = a.TryBind(x => Promise.Return("ok " + x), ex => Promise.Return("err " + ex.Message));
        var qb = b.TryBind(x => Promise.Return("ok " + x), ex => Promise.Return("err " + ex.Message));
        ra.Resolve(1);
        rb.Reject(new TestException("boom"));
        Assert.Equal("ok 1", qa.Result);
        Assert.Equal("err boom", qb.Result);
    }

    [Fact]
    public void TryBind_with_null_arguments_throws_ArgumentNullException_naming_them()
    {
        // Lwt: test_lwt.ml › "try_bind" (bad input)
        var (p, _) = Promise.Wait<int>();
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(
            () => Promise.TryBind((Func<Promise<int>>)null!, x => Promise.Return(x), _ => Promise.Return(0))).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(
            () => Promise.TryBind((Func<Promise>)null!, () => Promise.Return(0), _ => Promise.Return(0))).ParamName);
        Assert.Equal("g", Assert.Throws<ArgumentNullException>(
            () => p.TryBind((Func<int, Promise<int>>)null!, _ => Promise.Return(0))).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentNullException>(
            () => p.TryBind(x => Promise.Return(x), null!)).ParamName);
        Assert.Equal("g", Assert.Throws<ArgumentNullException>(
            () => Promise.Unit.TryBind((Func<Promise<int>>)null!, _ => Promise.Return(0))).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentNullException>(
            () => Promise.Unit.TryBind(() => Promise.Return(0), null!)).ParamName);
    }

    [Fact]
    public void TryBind_static_form_checks_null_handlers_even_when_computation_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "try_bind" (bad input: the computation must not run with a null handler)
        bool ran = false;
        Func<Promise<int>> f = () =>
        {
            ran = true;
            return Promise.Return(1);
        };
        Assert.Throws<ArgumentNullException>(() => Promise.TryBind(f, (Func<int, Promise<int>>)null!, _ => Promise.Return(0)));
        Assert.Throws<ArgumentNullException>(() => Promise.TryBind(f, x => Promise.Return(x), null!));
        Assert.False(ran);
    }

    // backtrace_try_bind

    [Fact]
    public void Backtrace_try_bind_on_fulfilled_computation_calls_success_function()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "fulfilled"
        var p = Promise.TryBind(() => Promise.Return("foo"), s => Promise.Return(s + "bar"), _ => Promise.Return("!!1"));
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Backtrace_try_bind_on_rejected_computation_gives_handler_the_same_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "rejected"
        var e = ThrownTestException();
        var p = Promise.TryBind(() => Promise.Fail<int>(e), _ => Promise.Return<Exception>(new ExitException()), ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
        Assert.Contains(MarkerName, p.Result.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_try_bind_when_computation_throws_handler_sees_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "f raises"
        var p = Promise.TryBind(() => ThrowFromMarkerMethod<int>(), _ => Promise.Return<Exception>(new ExitException()), ex => Promise.Return(ex));
        var e = Assert.IsType<TestException>(p.Result);
        Assert.Contains(MarkerName, e.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_try_bind_on_pending_computation_is_pending()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "pending"
        var (p, _) = Promise.Wait();
        Assert.True(Promise.TryBind(() => p, () => Promise.Return(0), _ => Promise.Return(0)).IsPending);
    }

    [Fact]
    public void Backtrace_try_bind_on_pending_computation_calls_success_function()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = Promise.TryBind(() => p, s => Promise.Return(s + "bar"), _ => Promise.Return("!!1"));
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Backtrace_try_bind_success_function_exception_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "pending, fulfilled, f' raises"
        var (p, r) = Promise.Wait();
        var q = Promise.TryBind(() => p, () => ThrowFromMarkerMethod<int>(), _ => Promise.Return(0));
        r.Resolve();
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_try_bind_on_pending_rejection_gives_handler_the_same_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "pending, rejected"
        var (p, r) = Promise.Wait<int>();
        var q = Promise.TryBind(() => p, _ => Promise.Return<Exception>(new ExitException()), ex => Promise.Return(ex));
        var e = ThrownTestException();
        r.Reject(e);
        Assert.Same(e, q.Result);
    }

    [Fact]
    public void Backtrace_try_bind_handler_exception_keeps_its_stack_trace_through_await()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "pending, rejected, h raises"
        var (p, r) = Promise.Wait();
        var q = Promise.TryBind(() => p, () => Promise.Return(0), _ => ThrowFromMarkerMethod<int>());
        var caught = AwaitAndCatch(q);
        r.Reject(new ExitException());
        var e = Assert.IsType<TestException>(caught.Result);
        Assert.Same(q.Exception, e);
        Assert.Contains(MarkerName, e.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_try_bind_result_becoming_a_proxy_during_success_function_still_resolves()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "proxy during callback (fulfilled)"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.TryBind(
            _ =>
            {
                r2.Resolve();
                return Promise.True;
            },
            _ => Promise.False);
        var p4 = p2.Bind(() => p3);
        r1.Resolve(0);
        Assert.True(p4.Result);
    }

    [Fact]
    public void Backtrace_try_bind_result_becoming_a_proxy_during_handler_still_resolves()
    {
        // Lwt: test_lwt.ml › "backtrace_try_bind" › "proxy during callback (rejected)"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.TryBind(
            _ => Promise.False,
            _ =>
            {
                r2.Resolve();
                return Promise.True;
            });
        var p4 = p2.Bind(() => p3);
        r1.Reject(new ExitException());
        Assert.True(p4.Result);
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
