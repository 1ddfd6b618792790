using System;
using System.Collections.Generic;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Map (test_lwt.ml › "map").</summary>
public class MapTests
{
    [Fact]
    public void Map_on_fulfilled_promise_applies_function_directly()
    {
        // Lwt: test_lwt.ml › "map" › "fulfilled"
        bool ran = false;
        var p = Promise.Return("foo").Map(s =>
        {
            ran = true;
            return s + "bar";
        });
        Assert.True(ran);
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Map_on_fulfilled_promise_turns_function_exception_into_rejection()
    {
        // Lwt: test_lwt.ml › "map" › "fulfilled, f raises"
        var e = new TestException();
        Promise<int> p = Promise.Return("foo").Map<int>(_ => throw e);
        Assert.True(p.IsRejected);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Map_on_rejected_promise_does_not_call_function()
    {
        // Lwt: test_lwt.ml › "map" › "rejected"
        var e = new TestException();
        bool ran = false;
        var p = Promise.Fail<string>(e).Map(_ =>
        {
            ran = true;
            return "foo";
        });
        Assert.False(ran);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Map_on_pending_promise_is_pending_and_does_not_call_function()
    {
        // Lwt: test_lwt.ml › "map" › "pending"
        bool ran = false;
        var (p, _) = Promise.Wait<int>();
        var q = p.Map(_ =>
        {
            ran = true;
            return 0;
        });
        Assert.Equal(PromiseState.Pending, q.State);
        Assert.False(ran);
    }

    [Fact]
    public void Map_on_pending_promise_applies_function_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "map" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = p.Map(s => s + "bar");
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Map_on_pending_promise_rejects_result_when_function_throws()
    {
        // Lwt: test_lwt.ml › "map" › "pending, fulfilled, f raises"
        var (p, r) = Promise.Wait();
        var e = new TestException();
        Promise<int> q = p.Map<int>(() => throw e);
        r.Resolve();
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Map_on_pending_promise_is_rejected_when_input_is_rejected()
    {
        // Lwt: test_lwt.ml › "map" › "pending, rejected"
        var (p, r) = Promise.Wait<string>();
        bool ran = false;
        var q = p.Map(_ =>
        {
            ran = true;
            return "foo";
        });
        var e = new TestException();
        r.Reject(e);
        Assert.False(ran);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Map_result_becoming_a_proxy_during_its_callback_still_resolves()
    {
        // Lwt: test_lwt.ml › "map" › "proxy during callback"
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Map(() =>
        {
            r2.Resolve();
            return true;
        });
        var p4 = p2.Bind(() => p3);
        r1.Resolve();
        Assert.True(p4.IsFulfilled);
        Assert.True(p4.Result);
    }

    [Fact]
    public void Map_chain_applies_functions_in_order()
    {
        // Lwt: test_lwt.ml › "map" › "pending, fulfilled" (chained)
        var (p, r) = Promise.Wait<int>();
        var q = p.Map(x => x + 1).Map(x => x * 10).Map(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        r.Resolve(2);
        Assert.Equal("30", q.Result);
    }

    [Fact]
    public void Map_of_unit_promise_gives_the_function_value()
    {
        // Lwt: test_lwt.ml › "map" › "pending, fulfilled" (unit input)
        var (p, r) = Promise.Wait();
        var q = p.Map(() => 42);
        Assert.True(q.IsPending);
        r.Resolve();
        Assert.Equal(42, q.Result);
    }

    [Fact]
    public void Map_runs_after_later_registered_callbacks_of_the_same_promise()
    {
        // Lwt: test_lwt.ml › "map" (callback order is LIFO across combinators, spec 1.3)
        var (p, r) = Promise.Wait<int>();
        var log = new List<string>();
        p.OnSuccess(_ => log.Add("cb1"));
        p.Map(_ =>
        {
            log.Add("map1");
            return 0;
        });
        p.OnSuccess(_ => log.Add("cb2"));
        p.Map(_ =>
        {
            log.Add("map2");
            return 0;
        });
        r.Resolve(0);
        Assert.Equal(["map2", "cb2", "map1", "cb1"], log);
    }

    [Fact]
    public void Map_function_exception_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "map" › "pending, fulfilled, f raises" (exception identity and trace)
        var (p, r) = Promise.Wait();
        var q = p.Map(() => ThrowFromMarkerMethod<int>().Result);
        r.Resolve();
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_with_null_function_throws_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "map" (bad input)
        var (p, _) = Promise.Wait<int>();
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => p.Map((Func<int, int>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Unit.Map((Func<int>)null!)).ParamName);
    }
}
