// AbandonWakeupsTests.cs: Lwt's abandon_wakeups leaves the current resolution loop: from the
// outermost one it first runs the callbacks deferred so far (Lwt's leave_resolution_loop), and
// outside any loop it does nothing. Each test runs on a thread of its own, since leaving a loop
// from inside a callback leaves that thread's nesting depth off by one, as in Lwt.

using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class AbandonWakeupsTests
{
    [Fact]
    public void Inside_the_outermost_loop_it_runs_the_deferred_callbacks_first()
    {
        List<string> log = TestThread.Run(() =>
        {
            var log = new List<string>();
            var (p0, r0) = Promise.Wait();
            var (p1, r1) = Promise.Wait();
            p1.OnSuccess(() => log.Add("p1 callback"));
            p0.OnSuccess(() =>
            {
                r1.ResolveLater();
                Promise.AbandonWakeups();
                log.Add("after");
            });
            r0.Resolve();
            return log;
        });
        Assert.Equal(["p1 callback", "after"], log);
    }

    [Fact]
    public void Outside_any_loop_it_changes_nothing()
    {
        List<string> log = TestThread.Run(() =>
        {
            var log = new List<string>();
            Promise.AbandonWakeups();
            var (p0, r0) = Promise.Wait();
            var (p1, r1) = Promise.Wait();
            p1.OnSuccess(() => log.Add("p1"));
            p0.OnSuccess(() =>
            {
                r1.ResolveLater();
                log.Add("p0");
            });
            r0.Resolve();
            return log;
        });
        Assert.Equal(["p0", "p1"], log);
    }
}
