using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

/// <summary>Resolve/Reject run callbacks at once, nested (test_lwt.ml › "wakeup").</summary>
public class WakeupTests
{
    [Fact]
    public void Resolve_inside_a_callback_runs_the_other_promise_callbacks_at_once()
    {
        // Lwt: test_lwt.ml › "wakeup" › "wakeup_result: nested"
        bool fRan = false;
        bool stateInside = false, fRanInside = false;
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        p2.OnSuccess(_ => fRan = true);
        p1.OnSuccess(s =>
        {
            r2.ResolveWith(Result<string, Exception>.Ok(s + "bar"));
            stateInside = p2.IsFulfilled && p2.Result == "foobar";
            fRanInside = fRan;
        });
        r1.ResolveWith(Result<string, Exception>.Ok("foo"));
        Assert.True(stateInside);
        Assert.True(fRanInside);
        Assert.True(fRan);
        Assert.Equal("foobar", p2.Result);
    }

    [Fact]
    public void Resolve_runs_callbacks_depth_first()
    {
        // Lwt: test_lwt.ml › "wakeup" › "wakeup_result: nested" (spec 1.4: depth-first, before siblings)
        var log = new List<string>();
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        p2.OnSuccess(() => log.Add("p2 callback"));
        p1.OnSuccess(() => log.Add("p1 sibling"));
        p1.OnSuccess(() =>
        {
            log.Add("p1 resolving p2");
            r2.Resolve();
            log.Add("p1 after resolving p2");
        });
        r1.Resolve();
        Assert.Equal(["p1 resolving p2", "p2 callback", "p1 after resolving p2", "p1 sibling"], log);
    }

    [Fact]
    public void Resolve_returns_after_all_callbacks_ran()
    {
        // Lwt: test_lwt.ml › "wakeup" (wakeup is synchronous)
        var (p, r) = Promise.Wait<int>();
        var q = p.Map(x => x + 1).Map(x => x * 2);
        r.Resolve(1);
        Assert.Equal(4, q.Result);
    }

    [Fact]
    public void Reject_inside_a_callback_runs_the_other_promise_callbacks_at_once()
    {
        // Lwt: test_lwt.ml › "wakeup" › "wakeup_result: nested" (Error variant)
        Exception? seenInside = null;
        var (p1, r1) = Promise.Wait();
        var (p2, r2) = Promise.Wait();
        Exception? seen = null;
        p2.OnFailure(e => seen = e);
        var ex = new TestException();
        p1.OnSuccess(() =>
        {
            r2.Reject(ex);
            seenInside = seen;
        });
        r1.Resolve();
        Assert.Same(ex, seenInside);
    }

    [Fact]
    public void Resolve_in_a_callback_of_an_already_resolved_promise_is_immediate()
    {
        // Lwt: test_lwt.ml › "wakeup" (direct on_success call, depth 0)
        var (p, r) = Promise.Wait();
        bool ran = false;
        p.OnSuccess(() => ran = true);
        Promise.Unit.OnSuccess(() => r.Resolve());
        Assert.True(ran);
    }
}
