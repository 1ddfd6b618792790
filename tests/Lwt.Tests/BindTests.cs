using System;
using System.Collections.Generic;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Bind (test_lwt.ml › "bind" and "backtrace_bind").</summary>
public class BindTests
{
    [Fact]
    public void Bind_on_fulfilled_promise_calls_function_directly()
    {
        // Lwt: test_lwt.ml › "bind" › "already fulfilled"
        bool ran = false;
        var p = Promise.Return("foo").Bind(s =>
        {
            ran = true;
            return Promise.Return(s + "bar");
        });
        Assert.True(ran);
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Bind_on_fulfilled_promise_returns_what_the_function_returns()
    {
        // Lwt: test_lwt.ml › "bind" › "already fulfilled" (bind tail-calls f: same object, spec 1.6)
        var (inner, _) = Promise.Wait<int>();
        var p = Promise.Return(1).Bind(_ => inner);
        Assert.Same(inner, p);
    }

    [Fact]
    public void Bind_on_fulfilled_promise_lets_the_function_exception_escape()
    {
        // Lwt: test_lwt.ml › "bind" › "already fulfilled, f raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(() => Promise.Return("foo").Bind(_ => Raise<int>(e)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void Bind_on_rejected_promise_does_not_call_function_and_is_rejected()
    {
        // Lwt: test_lwt.ml › "bind" › "already rejected"
        var e = new TestException();
        bool ran = false;
        var p = Promise.Fail<string>(e).Bind(_ =>
        {
            ran = true;
            return Promise.Return("foo");
        });
        Assert.False(ran);
        Assert.True(p.IsRejected);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Bind_on_pending_promise_is_pending_and_does_not_call_function()
    {
        // Lwt: test_lwt.ml › "bind" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait<int>();
        var q = p.Bind(_ =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(q.IsPending);
        Assert.False(ran);
    }

    [Fact]
    public void Bind_on_pending_promise_calls_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "bind" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(s => Promise.Return(s + "bar"));
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Bind_on_pending_promise_rejects_result_when_function_throws()
    {
        // Lwt: test_lwt.ml › "bind" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        var q = p.Bind(() => RaiseUnit(e));
        r.Resolve();
        Assert.True(q.IsRejected);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Bind_on_pending_promise_is_rejected_when_input_is_rejected()
    {
        // Lwt: test_lwt.ml › "bind" › "pending, rejected"
        var (p, r) = Promise.Wait<string>();
        bool ran = false;
        var q = p.Bind(_ =>
        {
            ran = true;
            return Promise.Return("foo");
        });
        var e = new TestException();
        r.Reject(e);
        Assert.False(ran);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Bind_chain_resolves_every_step_in_order()
    {
        // Lwt: test_lwt.ml › "bind" › "chain"
        var (p1, r1) = Promise.Wait<string>();
        var p2 = p1.Bind(s => Promise.Return(s + "bar"));
        var p3 = p2.Bind(s => Promise.Return(s + "!!1"));
        r1.Resolve("foo");
        Assert.Equal("foobar!!1", p3.Result);
    }

    [Fact]
    public void Bind_suspended_chain_follows_a_bind_to_a_resolved_promise()
    {
        // Lwt: test_lwt.ml › "bind" › "suspended chain"
        var (p1, r) = Promise.Wait();
        var p2 = Promise.Return("foo");
        var p3 = p1.Bind(() => p2);
        var p4 = p1.Bind(() => p3);
        r.Resolve();
        Assert.Equal("foo", p4.Result);
    }

    [Fact]
    public void Bind_fanout_runs_every_function_bound_to_the_same_promise()
    {
        // Lwt: test_lwt.ml › "bind" › "fanout"
        var (p1, r) = Promise.Wait<string>();
        var p2 = p1.Bind(s => Promise.Return(s + "bar"));
        var p3 = p1.Bind(s => Promise.Return(s + "!!1"));
        var p4 = p1.Bind(s => Promise.Return(s + "omg"));
        r.Resolve("foo");
        Assert.Equal("foobar", p2.Result);
        Assert.Equal("foo!!1", p3.Result);
        Assert.Equal("fooomg", p4.Result);
    }

    [Fact]
    public void Bind_fanout_runs_functions_most_recently_bound_first()
    {
        // Lwt: test_lwt.ml › "bind" › "fanout" (callback order is LIFO, spec 1.3)
        var (p1, r) = Promise.Wait<int>();
        var log = new List<string>();
        p1.Bind(_ => { log.Add("first"); return Promise.Unit; });
        p1.Map(_ => { log.Add("second"); return 0; });
        p1.OnSuccess(_ => log.Add("third"));
        r.Resolve(0);
        Assert.Equal(["third", "second", "first"], log);
    }

    [Fact]
    public void Bind_to_a_pending_promise_stays_pending_until_that_one_resolves()
    {
        // Lwt: test_lwt.ml › "bind" › "double pending"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var p = p1.Bind(_ => p2);
        r1.Resolve("foo");
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve("bar");
        Assert.Equal("bar", p.Result);
    }

    [Fact]
    public void Bind_returning_its_own_input_is_fulfilled_like_the_input()
    {
        // Lwt: test_lwt.ml › "bind" › "same pending"
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(_ => p);
        r.Resolve("foo");
        Assert.Equal("foo", q.Result);
    }

    [Fact]
    public void Nested_bind_combines_both_values()
    {
        // Lwt: test_lwt.ml › "bind" › "nested"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var p = p1.Bind(s => p2.Bind(s2 => Promise.Return(s + s2)));
        r1.Resolve("foo");
        r2.Resolve("bar");
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Bind_proxy_chain_resolves_every_promise_in_the_chain()
    {
        // Lwt: test_lwt.ml › "bind" › "proxy chain"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var (p3, r3) = Promise.Wait<string>();
        var p4 = p1.Bind(() => p3);
        var p5 = p2.Bind(() => p4);
        r1.Resolve();
        r2.Resolve();
        r3.Resolve("bar");
        Assert.Equal("bar", p3.Result);
        Assert.Equal("bar", p4.Result);
        Assert.Equal("bar", p5.Result);
    }

    [Fact]
    public void Bind_proxy_chain_rejection_reaches_every_promise_in_the_chain()
    {
        // Lwt: test_lwt.ml › "bind" › "proxy chain" (rejected instead of fulfilled)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var (p3, r3) = Promise.Wait<string>();
        var p4 = p1.Bind(() => p3);
        var p5 = p2.Bind(() => p4);
        r1.Resolve();
        r2.Resolve();
        var e = new TestException();
        r3.Reject(e);
        Assert.Same(e, p3.Exception);
        Assert.Same(e, p4.Exception);
        Assert.Same(e, p5.Exception);
    }

    [Fact]
    public void Bind_returning_its_own_result_stays_pending_forever()
    {
        // Lwt: test_lwt.ml › "bind" › "cycle"
        var (p, r) = Promise.Wait();
        Promise outer = Promise.Unit;
        outer = p.Bind(() => outer);
        r.Resolve();
        Assert.Equal(PromiseState.Pending, outer.State);
    }

    [Fact]
    public void Bind_result_merged_into_another_before_its_function_runs_resolves_that_one_with_the_returned_value()
    {
        // The function returns a fulfilled promise, the common case that skips the general merge;
        // the bind's result is by then a proxy, so the value must reach the promise it forwards to.
        var (a, ra) = Promise.Wait<int>();
        Promise<int> b = a.Bind(x => Promise.Return(x + 1));
        var (c, rc) = Promise.Wait();
        Promise<int> d = c.Bind(() => b);
        rc.Resolve();
        Assert.True(d.IsPending);

        ra.Resolve(41);

        Assert.Equal(42, d.Result);
        Assert.Equal(42, b.Result);
    }

    [Fact]
    public void Bind_result_becoming_a_proxy_during_its_callback_still_resolves()
    {
        // Lwt: test_lwt.ml › "bind" › "proxy during callback"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Bind(() =>
        {
            r2.Resolve();
            return Promise.True;
        });
        var p4 = p2.Bind(() => p3);
        r1.Resolve();
        Assert.True(p4.IsFulfilled);
        Assert.True(p4.Result);
        Assert.True(p3.Result);
    }

    [Fact]
    public void Callbacks_on_proxied_promise_run_after_those_on_its_target()
    {
        // Lwt: test_lwt.ml › "bind" › "proxy chain" (merged callback order, spec 1.3/1.5)
        var (p1, r1) = Promise.Wait();
        var (inner, ri) = Promise.Wait<int>();
        var outer = p1.Bind(() => inner);
        var log = new List<string>();
        inner.OnSuccess(_ => log.Add("inner"));
        outer.OnSuccess(_ => log.Add("outer"));
        r1.Resolve();
        ri.Resolve(1);
        Assert.Equal(["outer", "inner"], log);
    }

    [Fact]
    public void Bind_unit_forms_pass_through_value_and_unit()
    {
        // Lwt: test_lwt.ml › "bind" › "pending, fulfilled" (Promise and Promise<T> overloads)
        var (p, r) = Promise.Wait<int>();
        var log = new List<int>();
        Promise q = p.Bind(x =>
        {
            log.Add(x);
            return Promise.Unit;
        });
        var s = q.Bind(() => Promise.Return(10));
        Promise t = q.Bind(() => Promise.Unit);
        r.Resolve(4);
        Assert.Equal([4], log);
        Assert.True(q.IsFulfilled);
        Assert.Equal(10, s.Result);
        Assert.True(t.IsFulfilled);
    }

    [Fact]
    public void Bind_with_null_function_throws_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "bind" (bad input)
        var (p, _) = Promise.Wait<int>();
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => p.Bind((Func<int, Promise<int>>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => p.Bind((Func<int, Promise>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.Bind((Func<Promise>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.Bind((Func<Promise<int>>)null!)).ParamName);
    }

    [Fact]
    public void Bind_function_returning_null_on_a_pending_promise_rejects_the_result()
    {
        // Lwt: test_lwt.ml › "bind" › "pending, fulfilled, f raises" (a null promise is the function's fault)
        var (p, r) = Promise.Wait<int>();
        var q = p.Bind(_ => (Promise<int>)null!);
        r.Resolve(1);
        Assert.True(q.IsRejected);
        Assert.IsType<InvalidOperationException>(q.Exception);
    }

    // backtrace_bind: in C# the intent is that exceptions keep their identity and stack trace.

    [Fact]
    public void Backtrace_bind_on_fulfilled_promise_calls_function()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "fulfilled"
        var p = Promise.Return("foo").Bind(s => Promise.Return(s + "bar"));
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Backtrace_bind_on_rejected_promise_keeps_the_same_exception_object()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "rejected"
        var e = ThrownTestException();
        var p = Promise.Fail<string>(e).Bind(_ => Promise.Return("foo"));
        Assert.Same(e, p.Exception);
        var thrown = Assert.Throws<TestException>(() => p.Result);
        Assert.Same(e, thrown);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_bind_on_pending_promise_fulfilled_calls_function()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(s => Promise.Return(s + "bar"));
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Backtrace_bind_function_exception_keeps_its_throw_site_in_the_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var q = p.Bind(() => ThrowFromMarkerMethod<int>());
        r.Resolve();
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Same(q.Exception, thrown);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_bind_on_pending_promise_rejected_passes_exception_unchanged()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "pending, rejected"
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(_ => Promise.Return("foo"));
        var e = ThrownTestException();
        r.Reject(e);
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Same(e, thrown);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_bind_result_becoming_a_proxy_during_its_callback_still_resolves()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "proxy during callback"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Bind(() =>
        {
            r2.Resolve();
            return Promise.True;
        });
        var p4 = p2.Bind(() => p3);
        r1.Resolve();
        Assert.True(p4.Result);
    }

    [Fact]
    public void Backtrace_bind_exception_awaited_in_async_method_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_bind" › "pending, fulfilled, f raises" (through await)
        var (p, r) = Promise.Wait();
        var q = p.Bind(() => ThrowFromMarkerMethod<int>());
        var caught = AwaitAndCatch(q);
        Assert.True(caught.IsPending);
        r.Resolve();
        var e = caught.Result;
        Assert.IsType<TestException>(e);
        Assert.Same(q.Exception, e);
        Assert.Contains(MarkerName, e!.StackTrace, StringComparison.Ordinal);
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
