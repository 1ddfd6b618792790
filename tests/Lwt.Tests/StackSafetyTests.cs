// StackSafetyTests.cs: long chains and loops must neither overflow the stack (which would kill
// the test process; DESIGN.md 3, "Stack safety") nor keep memory proportional to their length
// (proxying, Lwt bug #549). Lwt itself overflows on some of these (LWT-SEMANTICS.md 1.4); the
// port bounds nesting with its depth guard instead.

using System;
using System.Runtime.CompilerServices;
using Lwt.Tests.Infrastructure;
using Xunit;

namespace Lwt.Tests;

[Collection(MemoryCollection.Name)]
public class StackSafetyTests
{
    private const int Million = 1_000_000;

    [Fact]
    public void Ten_million_nested_Binds_on_resolved_promises_complete_in_bounded_memory()
    {
        // Lwt: "tailrec" > "tailrec": Bind on a resolved promise calls its function in tail position.
        const int N = 10_000_000;
        long early = 0, late = 0;

        Promise<long> Loop(long accumulator, int n)
        {
            if (n == N - 1_000)
            {
                early = MemoryCollection.LiveBytes();
            }
            else if (n == 1_000)
            {
                late = MemoryCollection.LiveBytes();
            }

            return n == 0 ? Promise.Return(accumulator) : Promise.Return(n).Bind(s => Loop(accumulator + s, n - 1));
        }

        Promise<long> result = Loop(0, N);

        Assert.Equal((long)N * (N + 1) / 2, result.Result);
        Assert.True(late - early < MemoryCollection.GrowthBudgetBytes, $"live memory grew by {late - early} bytes over the recursion");
    }

    [Fact]
    public void A_chain_of_a_million_pending_Maps_and_Binds_resolved_from_its_head_gives_the_right_value()
    {
        // Lwt's own resolution overflows its stack on such a chain; here the depth guard queues the excess.
        var (head, r) = Promise.Wait<int>();
        Promise<int> q = head;
        for (int i = 0; i < Million; i++)
        {
            q = i % 2 == 0 ? q.Map(x => x + 1) : q.Bind(x => Promise.Return(x + 1));
        }

        Assert.True(q.IsPending);
        r.Resolve(0);

        Assert.Equal(Million, q.Result);
    }

    [Fact]
    public void A_chain_of_a_million_pending_Binds_rejected_from_its_head_rejects_its_end_with_the_same_exception()
    {
        var (head, r) = Promise.Wait<int>();
        Promise<int> q = head;
        for (int i = 0; i < Million; i++)
        {
            q = q.Bind(x => Promise.Return(x + 1));
        }

        var error = new FailureException("head");
        r.Reject(error);

        Assert.Same(error, q.Exception);
    }

    [Fact]
    public void A_recursive_Bind_loop_over_a_million_fresh_pending_promises_runs_in_bounded_memory()
    {
        // Lwt bug #549 and "bind" > "proxy chain": each iteration's bind result becomes a proxy of
        // the first one, so the loop keeps a constant number of live promises.
        var next = new StrongBox<Resolver<int>>();
        long early = 0, late = 0;

        Promise<int> Loop(int i)
        {
            if (i == 1_000)
            {
                early = MemoryCollection.LiveBytes();
            }
            else if (i == Million - 1)
            {
                late = MemoryCollection.LiveBytes();
            }

            if (i == Million)
            {
                return Promise.Return(i);
            }

            var (p, r) = Promise.Wait<int>();
            next.Value = r;
            return p.Bind(_ => Loop(i + 1));
        }

        Promise<int> result = Loop(0);
        int resolutions = 0;
        while (result.IsPending && resolutions <= Million)
        {
            next.Value.Resolve(resolutions++);
        }

        Assert.Equal(Million, resolutions);
        Assert.Equal(Million, result.Result);
        Assert.True(late - early < MemoryCollection.GrowthBudgetBytes, $"live memory grew by {late - early} bytes over the loop");
    }

    [Fact]
    public void A_recursive_Catch_loop_over_a_million_fresh_pending_promises_runs_in_bounded_memory()
    {
        // The same proxying for catch results (LWT-SEMANTICS.md 1.5).
        var next = new StrongBox<Resolver<int>>();
        long early = 0, late = 0;

        Promise<int> Loop(int i)
        {
            if (i == 1_000)
            {
                early = MemoryCollection.LiveBytes();
            }
            else if (i == Million - 1)
            {
                late = MemoryCollection.LiveBytes();
            }

            if (i == Million)
            {
                return Promise.Return(i);
            }

            var (p, r) = Promise.Wait<int>();
            next.Value = r;
            return p.Catch(_ => Loop(i + 1));
        }

        Promise<int> result = Loop(0);
        int rejections = 0;
        while (result.IsPending && rejections <= Million)
        {
            rejections++;
            next.Value.Reject(new FailureException("again"));
        }

        Assert.Equal(Million, rejections);
        Assert.Equal(Million, result.Result);
        Assert.True(late - early < MemoryCollection.GrowthBudgetBytes, $"live memory grew by {late - early} bytes over the loop");
    }

    [Fact]
    public void A_million_async_methods_each_awaiting_the_previous_one_all_resume_without_overflow()
    {
        var (head, r) = Promise.Wait<int>();
        Promise<int> last = head;
        for (int i = 0; i < Million; i++)
        {
            last = AddOne(last);
        }

        Assert.True(last.IsPending);
        r.Resolve(0);

        Assert.Equal(Million, last.Result);
    }

    [Fact]
    public void Canceling_the_end_of_a_million_long_Bind_chain_cancels_its_head_without_overflow()
    {
        // Lwt: "cancel bind" tests, at a length where a recursive walk would overflow.
        var (head, _) = Promise.Cancelable<int>();
        Promise<int> q = head;
        for (int i = 0; i < Million; i++)
        {
            q = i % 2 == 0 ? q.Bind(x => Promise.Return(x + 1)) : q.Map(x => x + 1);
        }

        q.Cancel();

        Assert.True(head.IsCanceled);
        Assert.True(q.IsCanceled);
    }

    [Fact]
    public void Canceling_the_head_of_a_million_long_Bind_chain_rejects_its_end_without_overflow()
    {
        var (head, _) = Promise.Cancelable<int>();
        Promise<int> q = head;
        for (int i = 0; i < Million; i++)
        {
            q = q.Bind(x => Promise.Return(x + 1));
        }

        head.Cancel();

        Assert.True(q.IsCanceled);
    }

    [Fact]
    public void Canceling_the_last_of_a_million_nested_async_methods_reaches_the_promise_the_first_awaits()
    {
        // The first method turns the cancellation into a value, so the million resumptions that
        // follow are ordinary ones (a rejection rethrown through every level would make the same
        // exception's stack trace grow at each await: quadratic, in .NET as with Task).
        var (head, _) = Promise.Cancelable<int>();
        Promise<int> last = ValueOrZeroIfCanceled(head);
        for (int i = 0; i < Million; i++)
        {
            last = AddOne(last);
        }

        last.Cancel();

        Assert.True(head.IsCanceled);
        Assert.Equal(Million, last.Result);

        static async Promise<int> ValueOrZeroIfCanceled(Promise<int> p)
        {
            try
            {
                return await p;
            }
            catch (CanceledException)
            {
                return 0;
            }
        }
    }

    [Fact]
    public void Canceling_the_last_of_a_thousand_nested_async_methods_rejects_every_one_of_them()
    {
        var (head, _) = Promise.Cancelable<int>();
        var methods = new Promise<int>[1_000];
        Promise<int> last = head;
        for (int i = 0; i < methods.Length; i++)
        {
            last = methods[i] = AddOne(last);
        }

        last.Cancel();

        Assert.True(head.IsCanceled);
        Assert.All(methods, m => Assert.True(m.IsCanceled));
    }

    private static async Promise<int> AddOne(Promise<int> p) => await p + 1;
}
