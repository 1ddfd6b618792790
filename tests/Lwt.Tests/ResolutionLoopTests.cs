// ResolutionLoopTests.cs: a Bind result fulfilled by what its function returned hands its
// callbacks back to the loop that ran the Bind (Promise.RunCallbacksNow) instead of resolving
// them in a nested loop. These tests pin what must not change with that: Lwt's depth-first order,
// the point where the depth guard defers work, the sequence-associated storage, and the state of
// the runtime after a callback's exception escaped the loop.

using System;
using System.Collections.Generic;
using Lwt.Internal;
using Xunit;

namespace Lwt.Tests;

public class ResolutionLoopTests
{
    [Fact]
    public void A_bind_chain_stops_at_the_depth_limit_lets_a_sibling_run_then_resumes_from_the_queue()
    {
        // Lwt: the nesting limit of run_callbacks_or_defer_them. With a limit of 5, the chain's
        // steps 1 to 5 run nested, the sixth is queued, the input's older callback runs, then the
        // queued rest runs when the outermost loop leaves.
        List<string> log = RunChainBehindSibling(maxDepth: 5, length: 10, isMap: _ => false);

        Assert.Equal(["b1", "b2", "b3", "b4", "b5", "sibling", "b6", "b7", "b8", "b9", "b10"], log);
    }

    [Fact]
    public void A_chain_of_maps_and_binds_stops_at_the_depth_limit_like_a_chain_of_binds()
    {
        // Lwt: map resolves its result from inside the input's callback, as bind does.
        List<string> log = RunChainBehindSibling(maxDepth: 4, length: 8, isMap: step => step % 2 == 0);

        Assert.Equal(["b1", "m2", "b3", "m4", "sibling", "b5", "m6", "b7", "m8"], log);
    }

    [Fact]
    public void A_rejection_caught_by_TryBind_in_the_middle_of_a_chain_goes_on_in_order_past_the_depth_limit()
    {
        // Lwt: try_bind's failure function gets the rejection and its promise carries on the
        // chain; the steps after it run as those of a bind chain do.
        PromiseRuntime rt = PromiseRuntime.Current;
        int savedMax = rt.MaxDepth;
        rt.MaxDepth = 3;
        try
        {
            var log = new List<string>();
            var (p, r) = Promise.Wait<int>();
            p.OnSuccess(_ => log.Add("sibling"));
            Promise<int> end = p.Bind(x =>
            {
                log.Add("b1");
                return Promise.Fail<int>(new TestException("step 1"));
            });
            end = end.TryBind(
                x =>
                {
                    log.Add("unexpected success");
                    return Promise.Return(x);
                },
                e =>
                {
                    log.Add("caught " + e.Message);
                    return Promise.Return(10);
                });
            for (int i = 3; i <= 5; i++)
            {
                int step = i;
                end = end.TryBind(
                    x =>
                    {
                        log.Add("t" + step);
                        return Promise.Return(x + 1);
                    },
                    e => Promise.Fail<int>(e));
            }

            r.Resolve(0);

            Assert.Equal(["b1", "caught step 1", "t3", "sibling", "t4", "t5"], log);
            Assert.Equal(13, end.Result);
        }
        finally
        {
            rt.MaxDepth = savedMax;
        }
    }

    [Fact]
    public void A_map_result_merged_into_a_bind_result_fulfills_the_bind_result_and_runs_its_callbacks()
    {
        // Lwt: test_lwt.ml › "bind" › proxy: the pending promise a bind's function returned
        // becomes a proxy of the bind's result; resolving it later resolves the result.
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = p.Map(x => x + 1);
        var (q, rq) = Promise.Wait<int>();
        Promise<int> outer = q.Bind(_ => m);
        outer.OnSuccess(v => log.Add("outer " + v));
        rq.Resolve(0);
        Assert.True(outer.IsPending);

        r.Resolve(1);

        Assert.Equal(["outer 2"], log);
        Assert.Equal(2, outer.Result);
        Assert.Equal(2, m.Result);
    }

    [Fact]
    public void Callbacks_on_a_bind_result_run_most_recent_first_before_the_loop_goes_on()
    {
        // Lwt: test_lwt.ml › "bind" › callbacks of the bind result run when it resolves, LIFO.
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();
        Promise<int> b = p.Bind(x =>
        {
            log.Add("bind");
            return Promise.Return(x);
        });
        b.OnSuccess(_ => log.Add("first"));
        b.OnSuccess(_ => log.Add("second"));
        Promise<int> next = b.Bind(x =>
        {
            log.Add("third");
            return Promise.Return(x);
        });

        r.Resolve(1);
        log.Add("after resolve");

        Assert.Equal(["bind", "third", "second", "first", "after resolve"], log);
        Assert.Equal(1, next.Result);
    }

    [Fact]
    public void Each_step_of_a_bind_chain_sees_the_storage_of_its_Bind_and_the_resolver_keeps_its_own()
    {
        // Lwt: test_lwt.ml › "storage" › "bind": a callback runs with the storage of its bind.
        var key = Promise.NewKey<int>();
        var seen = new List<int?>();
        var (p, r) = Promise.Wait<int>();
        Promise<int> end = p;
        for (int i = 1; i <= 20; i++)
        {
            int value = i;
            end = Promise.WithStorage(key, value, () => end.Bind(x =>
            {
                seen.Add(Promise.TryGetStorage(key, out int v) ? v : null);
                return Promise.Return(x + 1);
            }));
        }

        Promise.WithStorage(key, 99, () =>
        {
            r.Resolve(0);
            Assert.True(Promise.TryGetStorage(key, out int after));
            Assert.Equal(99, after);
            return 0;
        });

        Assert.Equal(20, end.Result);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], seen);
        Assert.False(Promise.TryGetStorage(key, out _));
    }

    [Fact]
    public void An_exception_escaping_from_deep_in_a_bind_chain_leaves_the_runtime_at_rest()
    {
        // The hook rethrows: the exception leaves Resolve from several handed-back levels deep,
        // and every level must be unwound, or later resolutions would be deferred forever.
        PromiseRuntime rt = PromiseRuntime.Current;
        Action<Exception> savedHook = Promise.AsyncExceptionHook;
        var thrown = new TestException("from the hook");
        Promise.AsyncExceptionHook = e => throw thrown;
        try
        {
            var (p, r) = Promise.Wait<int>();
            Promise<int> end = p;
            for (int i = 0; i < 10; i++)
            {
                end = end.Bind(x => Promise.Return(x + 1));
            }

            end.OnSuccess(_ => throw new InvalidOperationException("callback"));

            Assert.Same(thrown, Assert.Throws<TestException>(() => r.Resolve(0)));
            Assert.Equal(0, rt.Depth);
            Assert.Equal(0, rt.ResolveDepth);
            Assert.Equal(-1, rt.TailDepth);
        }
        finally
        {
            Promise.AsyncExceptionHook = savedHook;
        }

        var (q, rq) = Promise.Wait<int>();
        Promise<int> after = q.Bind(x => Promise.Return(x * 2));
        rq.Resolve(21);
        Assert.Equal(42, after.Result);
    }

    [Fact]
    public void A_bind_function_that_resolves_another_chain_runs_that_chain_before_its_own_result_moves_on()
    {
        // Depth-first: the inner chain, resolved from inside a step, finishes before the outer
        // chain's next step, exactly as nested loops would run it.
        var log = new List<string>();
        var (inner, rInner) = Promise.Wait<int>();
        inner.Bind(x =>
        {
            log.Add("inner 1");
            return Promise.Return(x);
        }).Bind(x =>
        {
            log.Add("inner 2");
            return Promise.Return(x);
        });
        var (outer, rOuter) = Promise.Wait<int>();
        Promise<int> end = outer.Bind(x =>
        {
            log.Add("outer 1");
            rInner.Resolve(x);
            log.Add("outer 1 returns");
            return Promise.Return(x);
        }).Bind(x =>
        {
            log.Add("outer 2");
            return Promise.Return(x + 1);
        });

        rOuter.Resolve(1);

        Assert.Equal(["outer 1", "inner 1", "inner 2", "outer 1 returns", "outer 2"], log);
        Assert.Equal(2, end.Result);
    }

    /// <summary>
    /// Resolves a chain of <paramref name="length"/> steps (a Map where <paramref name="isMap"/>
    /// says so, else a Bind), each adding one, behind an older callback of its head, with the depth
    /// limit at <paramref name="maxDepth"/>; returns the order in which the steps and that sibling ran.
    /// </summary>
    private static List<string> RunChainBehindSibling(int maxDepth, int length, Func<int, bool> isMap)
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        int savedMax = rt.MaxDepth;
        rt.MaxDepth = maxDepth;
        try
        {
            var log = new List<string>();
            var (p, r) = Promise.Wait<int>();
            p.OnSuccess(_ => log.Add("sibling"));
            Promise<int> end = p;
            for (int i = 1; i <= length; i++)
            {
                int step = i;
                end = isMap(step)
                    ? end.Map(x =>
                    {
                        log.Add("m" + step);
                        return x + 1;
                    })
                    : end.Bind(x =>
                    {
                        log.Add("b" + step);
                        return Promise.Return(x + 1);
                    });
            }

            r.Resolve(0);

            Assert.Equal(length, end.Result);
            return log;
        }
        finally
        {
            rt.MaxDepth = savedMax;
        }
    }
}
