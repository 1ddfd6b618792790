using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>ResolveLater and friends (Lwt's wakeup_later) (test_lwt.ml › "wakeup_later").</summary>
public class WakeupLaterTests
{
    [Fact]
    public void ResolveLaterWith_at_top_level_runs_callbacks_immediately()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: immediate"
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(s => Promise.Return(s + "bar"));
        r.ResolveLaterWith(Result<string, Exception>.Ok("foo"));
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void ResolveLater_after_resolve_on_wait_throws_and_keeps_value()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later: double use on wait"
        var (p, r) = Promise.Wait<int>();
        r.Resolve(1);
        var e = Assert.Throws<InvalidOperationException>(() => r.ResolveLater(2));
        Assert.Contains("Lwt.wakeup_later", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void ResolveLater_after_resolve_on_cancelable_throws_and_keeps_value()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later: double use on task"
        var (p, r) = Promise.Cancelable();
        r.Resolve();
        Assert.Throws<InvalidOperationException>(() => r.ResolveLater());
        Assert.True(p.IsFulfilled);
    }

    [Fact]
    public void ResolveLaterWith_after_resolve_on_wait_throws()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: double use on wait"
        var (p, r) = Promise.Wait<int>();
        r.Resolve(1);
        var e = Assert.Throws<InvalidOperationException>(() => r.ResolveLaterWith(Result<int, Exception>.Ok(2)));
        Assert.Contains("Lwt.wakeup_later_result", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void ResolveLaterWith_after_resolve_on_cancelable_throws()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: double use on task"
        var (p, r) = Promise.Cancelable<int>();
        r.Resolve(1);
        Assert.Throws<InvalidOperationException>(() => r.ResolveLaterWith(Result<int, Exception>.Ok(2)));
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void RejectLater_after_resolve_on_wait_throws()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_exn: double use on wait"
        var (p, r) = Promise.Wait<int>();
        r.Resolve(1);
        var e = Assert.Throws<InvalidOperationException>(() => r.RejectLater(new TestException()));
        Assert.Contains("Lwt.wakeup_later_exn", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void RejectLater_after_resolve_on_cancelable_throws()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_exn: double use on task"
        var (p, r) = Promise.Cancelable();
        r.Resolve();
        Assert.Throws<InvalidOperationException>(() => r.RejectLater(new TestException()));
        Assert.True(p.IsFulfilled);
    }

    [Fact]
    public void ResolveLater_inside_a_callback_changes_state_now_but_defers_callbacks()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: nested"
        bool fRan = false;
        bool stateInside = false, fRanInside = true;
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        p2.OnSuccess(_ => fRan = true);
        p1.OnSuccess(s =>
        {
            r2.ResolveLaterWith(Result<string, Exception>.Ok(s + "bar"));
            stateInside = p2.IsFulfilled && p2.Result == "foobar";
            fRanInside = fRan;
        });
        r1.ResolveLaterWith(Result<string, Exception>.Ok("foo"));
        Assert.True(stateInside);
        Assert.False(fRanInside);
        Assert.True(fRan);
        Assert.Equal("foobar", p2.Result);
    }

    [Fact]
    public void ResolveLater_deferred_callbacks_run_after_the_current_callbacks()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: nested" (order, spec 1.4)
        var log = new List<string>();
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        p2.OnSuccess(() => log.Add("p2 callback"));
        p1.OnSuccess(() => log.Add("p1 sibling"));
        p1.OnSuccess(() =>
        {
            r2.ResolveLater();
            log.Add("p1 after resolving p2");
        });
        r1.Resolve();
        Assert.Equal(["p1 after resolving p2", "p1 sibling", "p2 callback"], log);
    }

    [Fact]
    public void ResolveLater_deferred_callbacks_run_before_the_outer_Resolve_returns()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: nested" (drained at outermost loop)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait<int>();
        var q = p2.Map(x => x + 1);
        p1.OnSuccess(() => r2.ResolveLater(1));
        r1.Resolve();
        Assert.Equal(2, q.Result);
    }

    [Fact]
    public void ResolveLater_at_top_level_fulfills_the_promise()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later: basic"
        var (p, r) = Promise.Wait<string>();
        r.ResolveLater("foo");
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void RejectLater_at_top_level_rejects_the_promise()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_exn: basic"
        var (p, r) = Promise.Wait<string>();
        var e = new TestException();
        r.RejectLater(e);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void RejectLater_inside_a_callback_changes_state_now_but_defers_callbacks()
    {
        // Lwt: test_lwt.ml › "wakeup_later" › "wakeup_later_result: nested" (exn variant)
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        bool gRan = false;
        bool rejectedInside = false, gRanInside = true;
        p2.OnFailure(_ => gRan = true);
        p1.OnSuccess(() =>
        {
            r2.RejectLater(new TestException());
            rejectedInside = p2.IsRejected;
            gRanInside = gRan;
        });
        r1.Resolve();
        Assert.True(rejectedInside);
        Assert.False(gRanInside);
        Assert.True(gRan);
    }
}
