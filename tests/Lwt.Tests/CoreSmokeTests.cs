using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CoreSmokeTests
{
    [Fact]
    public void Bind_on_pending_runs_after_resolve()
    {
        var (p, r) = Promise.Wait<int>();
        var q = p.Bind(x => Promise.Return(x + 1));
        Assert.True(q.IsPending);
        r.Resolve(41);
        Assert.Equal(42, q.Result);
    }

    [Fact]
    public void Async_method_resumes_and_cancel_reaches_awaited()
    {
        var (p, r) = Promise.Cancelable<int>();
        var m = Add(p);
        Assert.True(m.IsPending);
        m.Cancel();
        Assert.True(p.IsCanceled);
        Assert.True(m.IsCanceled);
    }

    [Fact]
    public void Async_method_completes()
    {
        var (p, r) = Promise.Wait<int>();
        var m = Add(p);
        r.Resolve(1);
        Assert.Equal(2, m.Result);
    }

    [Fact]
    public void Tail_recursive_bind_is_stack_safe()
    {
        static Promise Loop(int n) => n == 0 ? Promise.Unit : Promise.Return(n).Bind(_ => Loop(n - 1));
        var p = Loop(10_000_000);
        Assert.True(p.IsFulfilled);
    }

    [Fact]
    public void Long_pending_chain_resolves_without_overflow()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<int> q = p;
        for (int i = 0; i < 1_000_000; i++)
        {
            q = q.Map(x => x + 1);
        }

        r.Resolve(0);
        Assert.Equal(1_000_000, q.Result);
    }

    [Fact]
    public void Callbacks_run_lifo()
    {
        var (p, r) = Promise.Wait();
        var log = new List<int>();
        p.OnSuccess(() => log.Add(1));
        p.OnSuccess(() => log.Add(2));
        p.OnSuccess(() => log.Add(3));
        r.Resolve();
        Assert.Equal(new[] { 3, 2, 1 }, log);
    }

    [Fact]
    public void Pick_cancels_loser()
    {
        var (a, ra) = Promise.Cancelable<int>();
        var (b, _) = Promise.Cancelable<int>();
        var p = Promise.Pick(a, b);
        ra.Resolve(5);
        Assert.Equal(5, p.Result);
        Assert.True(b.IsCanceled);
    }

    private static async Promise<int> Add(Promise<int> p)
    {
        int x = await p;
        return x + 1;
    }
}
