// AsyncMethodTests.cs: `async Promise` and `async Promise<T>` methods (DESIGN.md 3, async/await):
// synchronous completion, resumption inside Resolve in Lwt's callback order, exceptions and their
// stack traces, cancellation of what the method awaits, proxies, long loops in bounded memory,
// the allocation budget, and the single-thread rule.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Lwt.CompilerServices;
using Lwt.Tests.Infrastructure;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

[Collection(MemoryCollection.Name)]
public class AsyncMethodTests
{
    // ---- Synchronous completion -------------------------------------------------------------

    [Fact]
    public void An_async_method_awaiting_a_fulfilled_promise_returns_a_fulfilled_promise()
    {
        Promise<int> m = AddOne(Promise.Return(41));

        Assert.True(m.IsFulfilled);
        Assert.Equal(42, m.Result);
    }

    [Fact]
    public void An_async_Promise_method_that_completes_synchronously_returns_Promise_Unit_itself()
    {
        Assert.Same(Promise.Unit, AwaitTwice(Promise.Unit));
        Assert.Same(Promise.Unit, AwaitTwice(Promise.Return(1234)));
    }

    [Fact]
    public void An_async_method_awaiting_a_rejected_promise_returns_a_rejected_promise_synchronously()
    {
        var error = new FailureException("already rejected");

        Promise<int> m = AddOne(Promise.Fail<int>(error));

        Assert.True(m.IsRejected);
        Assert.Same(error, m.Exception);
    }

    // ---- Suspension and resumption order ----------------------------------------------------

    [Fact]
    public void An_async_method_suspends_on_a_pending_promise_and_resumes_inside_Resolve()
    {
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();

        Promise<int> m = LogAround(p, "m", log);
        Assert.True(m.IsPending);
        Assert.Equal(["m start"], log);

        log.Add("resolving");
        r.Resolve(3);
        log.Add("resolved");

        Assert.Equal(["m start", "resolving", "m resumed with 3", "resolved"], log);
        Assert.Equal(3, m.Result);
    }

    [Fact]
    public void Nested_async_methods_all_resume_inside_one_Resolve_innermost_first()
    {
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();

        Promise<int> outer = Outer(p, log);
        Assert.True(outer.IsPending);

        r.Resolve(1);
        log.Add("resolved");

        Assert.Equal(["inner start", "outer start", "inner resumed with 1", "outer resumed with 2", "resolved"], log);
        Assert.Equal(3, outer.Result);

        static async Promise<int> Inner(Promise<int> p, List<string> log)
        {
            log.Add("inner start");
            int v = await p;
            log.Add("inner resumed with " + v);
            return v + 1;
        }

        static async Promise<int> Outer(Promise<int> p, List<string> log)
        {
            Promise<int> inner = Inner(p, log);
            log.Add("outer start");
            int v = await inner;
            log.Add("outer resumed with " + v);
            return v + 1;
        }
    }

    [Fact]
    public void An_awaiting_method_resumes_in_Lwt_LIFO_order_among_the_callbacks_of_the_same_promise()
    {
        // LWT-SEMANTICS.md 1.3: callbacks of one promise run most recently attached first, whatever attached them.
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();

        p.OnSuccess(() => log.Add("callback 1"));
        Promise<int> m1 = LogAround(p, "m1", log);
        p.OnSuccess(() => log.Add("callback 2"));
        Promise<int> m2 = LogAround(p, "m2", log);
        log.Clear();

        r.Resolve(7);

        Assert.Equal(["m2 resumed with 7", "callback 2", "m1 resumed with 7", "callback 1"], log);
        Assert.Equal(7, m1.Result);
        Assert.Equal(7, m2.Result);
    }

    [Fact]
    public void A_callback_attached_to_the_method_promise_runs_inside_the_Resolve_that_completes_the_method()
    {
        var log = new List<string>();
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = AddOne(p);
        m.OnSuccess(v => log.Add("m fulfilled with " + v));

        r.Resolve(1);
        log.Add("resolved");

        Assert.Equal(["m fulfilled with 2", "resolved"], log);
    }

    [Fact]
    public void An_async_method_awaiting_several_pending_promises_resumes_once_per_resolution()
    {
        var (a, ra) = Promise.Wait<int>();
        var (b, rb) = Promise.Wait<int>();
        Promise<int> m = Sum(a, b);

        rb.Resolve(20);
        Assert.True(m.IsPending);
        ra.Resolve(1);

        Assert.Equal(21, m.Result);

        static async Promise<int> Sum(Promise<int> x, Promise<int> y) => await x + await y;
    }

    // ---- Exceptions ---------------------------------------------------------------------------

    [Fact]
    public void An_exception_before_the_first_await_rejects_the_promise_instead_of_escaping_the_call()
    {
        var (p, _) = Promise.Wait();

        Promise m = ThrowBeforeAwait(p);
        Promise<int> n = ThrowBeforeAwaitWithValue(p);

        Assert.True(m.IsRejected);
        Assert.Equal("before the first await", Assert.IsType<FailureException>(m.Exception).Message);
        Assert.True(n.IsRejected);
        Assert.Equal("before the first await", Assert.IsType<FailureException>(n.Exception).Message);

        static async Promise ThrowBeforeAwait(Promise p)
        {
            Fail("before the first await");
            await p;
        }

        static async Promise<int> ThrowBeforeAwaitWithValue(Promise p)
        {
            Fail("before the first await");
            await p;
            return 1;
        }
    }

    [Fact]
    public void An_exception_after_an_await_rejects_the_promise_when_the_method_resumes()
    {
        var (p, r) = Promise.Wait<int>();

        Promise<int> m = ThrowAfterAwait(p);
        Assert.True(m.IsPending);
        r.Resolve(5);

        Assert.True(m.IsRejected);
        Assert.Equal("after 5", Assert.IsType<FailureException>(m.Exception).Message);

        static async Promise<int> ThrowAfterAwait(Promise<int> p)
        {
            int v = await p;
            Fail("after " + v);
            return v;
        }
    }

    [Fact]
    public void A_rejection_awaited_through_two_levels_keeps_the_stack_trace_of_the_throwing_method()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<int> top = TopLevel(p);

        r.Resolve(1);

        FailureException ex = Assert.Throws<FailureException>(() => top.Result);
        Assert.Equal("leaf 1", ex.Message);
        Assert.Contains(nameof(ThrowingLeafMethod), ex.StackTrace, StringComparison.Ordinal);
        Assert.Contains(nameof(MiddleLevel), ex.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void A_try_catch_in_an_async_method_catches_the_rejection_of_a_pending_promise()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = ValueOrMinusOne(p);

        r.Reject(new FailureException("boom"));

        Assert.Equal(-1, m.Result);
    }

    [Fact]
    public void A_try_catch_in_an_async_method_catches_the_rejection_of_an_already_rejected_promise()
    {
        Promise<int> m = ValueOrMinusOne(Promise.FailWith<int>("boom"));

        Assert.Equal(-1, m.Result);
    }

    [Fact]
    public void A_rejection_the_method_does_not_catch_propagates_as_the_same_exception_object()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = ValueOrMinusOne(p);
        var error = new InvalidOperationException("not caught");

        r.Reject(error);

        Assert.Same(error, m.Exception);
    }

    // ---- Cancellation ------------------------------------------------------------------------

    [Fact]
    public void Canceling_an_async_method_cancels_the_promise_it_awaits()
    {
        var (p, _) = Promise.Cancelable<int>();
        Promise<int> m = AddOne(p);

        m.Cancel();

        Assert.True(p.IsCanceled);
        Assert.True(m.IsCanceled);
    }

    [Fact]
    public void A_canceled_async_method_can_catch_CanceledException_and_continue()
    {
        var (first, _) = Promise.Cancelable<int>();
        var (second, rSecond) = Promise.Wait<int>();
        Promise<string> m = CatchCancelAndContinue(first, second);

        m.Cancel();

        Assert.True(first.IsCanceled);
        Assert.True(m.IsPending);
        rSecond.Resolve(5);
        Assert.Equal("continued with 5", m.Result);

        static async Promise<string> CatchCancelAndContinue(Promise<int> first, Promise<int> second)
        {
            try
            {
                await first;
                return "not canceled";
            }
            catch (CanceledException)
            {
            }

            int v = await second;
            return "continued with " + v;
        }
    }

    [Fact]
    public void Canceling_an_async_method_reaches_the_promise_it_awaits_now_not_the_one_it_awaited_before()
    {
        var (first, rFirst) = Promise.Cancelable<int>();
        var (second, _) = Promise.Cancelable<int>();
        Promise<int> m = AwaitBoth(first, second);

        rFirst.Resolve(1);
        m.Cancel();

        Assert.True(first.IsFulfilled);
        Assert.True(second.IsCanceled);
        Assert.True(m.IsCanceled);
    }

    [Fact]
    public void Canceling_an_async_method_while_it_runs_between_two_awaits_does_nothing()
    {
        // Lwt: canceling a bind whose function is running has no target yet; nothing happens.
        var (first, rFirst) = Promise.Cancelable<int>();
        var (second, _) = Promise.Cancelable<int>();
        var self = new Promise<int>[1];
        Promise<int> m = CancelSelfThenAwait(first, second, self);
        self[0] = m;

        rFirst.Resolve(1);

        Assert.True(first.IsFulfilled);
        Assert.True(m.IsPending);
        Assert.True(second.IsPending);
        m.Cancel();
        Assert.True(second.IsCanceled);
        Assert.True(m.IsCanceled);

        static async Promise<int> CancelSelfThenAwait(Promise<int> first, Promise<int> second, Promise<int>[] self)
        {
            int a = await first;
            self[0].Cancel();
            return a + await second;
        }
    }

    [Fact]
    public void Canceling_an_async_method_that_awaits_a_Wait_promise_does_nothing()
    {
        // Lwt: "cancel" > "wait": canceling a chain that ends in a wait promise has no effect.
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = AddOne(p);

        m.Cancel();

        Assert.True(p.IsPending);
        Assert.True(m.IsPending);
        r.Resolve(1);
        Assert.Equal(2, m.Result);
    }

    [Fact]
    public void Canceling_a_resolved_async_method_does_nothing()
    {
        var (p, r) = Promise.Cancelable<int>();
        Promise<int> m = AddOne(p);
        r.Resolve(1);

        m.Cancel();

        Assert.Equal(2, m.Result);
    }

    // ---- Proxies -----------------------------------------------------------------------------

    [Fact]
    public void Awaiting_a_promise_that_becomes_a_proxy_resumes_when_the_proxy_target_resolves()
    {
        // Lwt: "bind" > "proxy chain": p3 becomes a proxy of p4 when r1 is resolved.
        var (p1, r1) = Promise.Wait<int>();
        var (p3, r3) = Promise.Wait<int>();
        Promise<int> p4 = p1.Bind(_ => p3);
        Promise<int> awaitedBefore = AddOne(p3);

        r1.Resolve(0);
        Promise<int> awaitedAfter = AddOne(p3);
        Promise<int> awaitedOuter = AddOne(p4);
        Assert.True(awaitedBefore.IsPending);
        Assert.True(awaitedAfter.IsPending);
        r3.Resolve(10);

        Assert.Equal(11, awaitedBefore.Result);
        Assert.Equal(11, awaitedAfter.Result);
        Assert.Equal(11, awaitedOuter.Result);
    }

    [Fact]
    public void Canceling_an_async_method_reaches_a_cancelable_promise_it_awaits_through_a_proxy()
    {
        var (p1, r1) = Promise.Wait<int>();
        var (p3, _) = Promise.Cancelable<int>();
        Promise<int> p4 = p1.Bind(_ => p3);
        r1.Resolve(0);
        Promise<int> m = AddOne(p3);

        m.Cancel();

        Assert.True(p3.IsCanceled);
        Assert.True(p4.IsCanceled);
        Assert.True(m.IsCanceled);
    }

    [Fact]
    public void Canceling_a_bind_merged_with_an_async_method_reaches_what_the_method_awaits_now()
    {
        // The method's promise is merged into the bind's result (proxying); cancellation of the
        // result must follow the method from its first await to its second.
        var (head, rHead) = Promise.Wait<int>();
        var (first, rFirst) = Promise.Cancelable<int>();
        var (second, _) = Promise.Cancelable<int>();
        Promise<int> bound = head.Bind(_ => AwaitBoth(first, second));

        rHead.Resolve(0);
        rFirst.Resolve(1);
        bound.Cancel();

        Assert.True(first.IsFulfilled);
        Assert.True(second.IsCanceled);
        Assert.True(bound.IsCanceled);
    }

    [Fact]
    public void An_OnCancel_callback_on_an_async_methods_promise_leaves_cancel_going_to_what_it_awaits_now()
    {
        // The box keeps what it awaits where its cancel callbacks also live; adding one must not
        // lose the first, and the box's later awaits must update it.
        var (first, rFirst) = Promise.Cancelable<int>();
        var (second, _) = Promise.Cancelable<int>();
        Promise<int> m = AwaitBoth(first, second);
        var log = new List<string>();
        m.OnCancel(() => log.Add("m canceled"));
        second.OnCancel(() => log.Add("second canceled"));

        rFirst.Resolve(1);
        m.Cancel();

        Assert.True(first.IsFulfilled);
        Assert.True(second.IsCanceled);
        Assert.True(m.IsCanceled);
        Assert.Equal(["second canceled", "m canceled"], log);
    }

    [Fact]
    public void Canceling_an_async_method_with_an_OnCancel_callback_reaches_the_promise_it_awaits_first()
    {
        var (first, _) = Promise.Cancelable<int>();
        Promise<int> m = AddOne(first);
        bool ran = false;
        m.OnCancel(() => ran = true);

        m.Cancel();

        Assert.True(first.IsCanceled);
        Assert.True(m.IsCanceled);
        Assert.True(ran);
    }

    [Fact]
    public void A_bind_merged_with_an_async_method_that_has_OnCancel_callbacks_keeps_them_and_follows_its_awaits()
    {
        var (head, rHead) = Promise.Wait<int>();
        var (first, rFirst) = Promise.Cancelable<int>();
        var (second, _) = Promise.Cancelable<int>();
        Promise<int> m = AwaitBoth(first, second);
        bool ran = false;
        m.OnCancel(() => ran = true);
        Promise<int> bound = head.Bind(_ => m);

        rHead.Resolve(0);
        rFirst.Resolve(1);
        bound.Cancel();

        Assert.True(second.IsCanceled);
        Assert.True(bound.IsCanceled);
        Assert.True(m.IsCanceled);
        Assert.True(ran);
    }

    // ---- Long loops in bounded memory --------------------------------------------------------

    [Fact]
    public void An_async_loop_over_a_million_paused_promises_completes_in_bounded_memory()
    {
        const int N = 1_000_000;
        long early = 0, late = 0;
        Promise<int> m = PauseLoop(N, i =>
        {
            if (i == 1_000)
            {
                early = MemoryCollection.LiveBytes();
            }
            else if (i == N - 1)
            {
                late = MemoryCollection.LiveBytes();
            }
        });

        int wakeups = 0;
        while (m.IsPending && wakeups <= N)
        {
            Promise.WakeupPaused();
            wakeups++;
        }

        Assert.Equal(N, m.Result);
        Assert.Equal(N, wakeups);
        Assert.True(late - early < MemoryCollection.GrowthBudgetBytes, $"live memory grew by {late - early} bytes over the loop");

        static async Promise<int> PauseLoop(int n, Action<int> atIteration)
        {
            int i = 0;
            for (; i < n; i++)
            {
                atIteration(i);
                await Promise.Pause();
            }

            return i;
        }
    }

    [Fact]
    public void An_async_loop_over_a_million_fresh_pending_promises_completes_in_bounded_memory()
    {
        const int N = 1_000_000;
        var next = new StrongBox<Resolver<int>>();
        long early = 0, late = 0;
        Promise<long> m = ResolverLoop(N, next, i =>
        {
            if (i == 1_000)
            {
                early = MemoryCollection.LiveBytes();
            }
            else if (i == N - 1)
            {
                late = MemoryCollection.LiveBytes();
            }
        });

        for (int i = 0; m.IsPending && i <= N; i++)
        {
            next.Value.Resolve(i);
        }

        Assert.Equal((long)N * (N - 1) / 2, m.Result);
        Assert.True(late - early < MemoryCollection.GrowthBudgetBytes, $"live memory grew by {late - early} bytes over the loop");

        static async Promise<long> ResolverLoop(int n, StrongBox<Resolver<int>> next, Action<int> atIteration)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                atIteration(i);
                var (p, r) = Promise.Wait<int>();
                next.Value = r;
                sum += await p;
            }

            return sum;
        }
    }

    // ---- Allocations (measured on this thread only, nothing awaited between measurements) -----
    //
    // The C# compiler makes an async method's state machine a class in Debug builds (for Edit and
    // Continue) and a struct only in Release, so in a Debug build of this assembly every async
    // method call allocates that class whatever the builder does. The budget is the builder's, so
    // the tests below drive hand-written struct state machines (what Roslyn emits in Release)
    // through AsyncPromiseMethodBuilder, and check real async methods too when this assembly is
    // optimized (dotnet test -c Release).

    [Fact]
    public void Awaiting_resolved_promises_in_a_method_that_completes_synchronously_allocates_nothing()
    {
        Promise unit = Promise.Unit;
        Promise<int> five = Promise.Return(5);
        Promise<int> thousand = Promise.Return(1000);

        long bytes = AllocatedBytes(10_000, () =>
        {
            _ = AwaitOnceAsInRelease(unit);
            _ = AwaitOnceAsInRelease(five);
            _ = AddOneAsInRelease(five); // 6 comes from the cache of small results
        });

        Assert.True(bytes == 0, $"30000 synchronously completing async calls allocated {bytes} bytes");
        Assert.Same(Promise.Unit, AwaitOnceAsInRelease(unit));
        Assert.Equal(1001, AddOneAsInRelease(thousand).Result);
    }

    [Fact]
    public void Awaiting_resolved_promises_in_a_real_async_method_allocates_nothing_when_compiled_with_optimizations()
    {
        Assert.SkipUnless(IsOptimized, "this assembly is a Debug build, whose async state machines are classes; run with -c Release");
        Promise unit = Promise.Unit;
        Promise<int> thousand = Promise.Return(1000);

        long bytes = AllocatedBytes(10_000, () =>
        {
            _ = AwaitTwice(unit);
            _ = AwaitAndReturnSmall(thousand);
        });

        Assert.True(bytes == 0, $"20000 synchronously completing async calls allocated {bytes} bytes");

        static async Promise<int> AwaitAndReturnSmall(Promise<int> p) => await p - 995;
    }

    [Fact]
    public void An_async_Promise_method_that_suspends_once_allocates_one_object_beyond_the_awaited_promise()
    {
        const int N = 10_000;
        long waitOnly = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait();
            r.Resolve();
            GC.KeepAlive(p);
        });
        long withMethod = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait();
            Promise m = AwaitOnceAsInRelease(p);
            r.Resolve();
            Assert.True(m.IsFulfilled);
        });

        AssertOneObjectPerCall(N, waitOnly, withMethod, "async Promise");
    }

    [Fact]
    public void An_async_Promise_of_T_method_that_suspends_once_allocates_one_object_beyond_the_awaited_promise()
    {
        const int N = 10_000;
        long waitOnly = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait<int>();
            r.Resolve(3);
            GC.KeepAlive(p);
        });
        long withMethod = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait<int>();
            Promise<int> m = AddOneAsInRelease(p);
            r.Resolve(3);
            Assert.True(m.IsFulfilled);
        });

        AssertOneObjectPerCall(N, waitOnly, withMethod, "async Promise<int>");
    }

    [Fact]
    public void A_real_async_method_that_suspends_once_allocates_one_object_when_compiled_with_optimizations()
    {
        Assert.SkipUnless(IsOptimized, "this assembly is a Debug build, whose async state machines are classes; run with -c Release");
        const int N = 10_000;
        long waitOnly = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait<int>();
            r.Resolve(3);
            GC.KeepAlive(p);
        });
        long withMethod = AllocatedBytes(N, static () =>
        {
            var (p, r) = Promise.Wait<int>();
            Promise<int> m = AddOne(p);
            r.Resolve(3);
            Assert.True(m.IsFulfilled);
        });

        AssertOneObjectPerCall(N, waitOnly, withMethod, "async Promise<int>");
    }

    // ---- Threads -----------------------------------------------------------------------------

    [Fact]
    public void Awaiting_another_threads_pending_promise_in_a_Task_method_faults_the_task_and_registers_nothing()
    {
        var (p, r) = Promise.Wait<int>();
        int resumed = 0;

        Exception? fault = TestThread.Run(() =>
        {
            async System.Threading.Tasks.Task<int> AwaitIt()
            {
                int v = await p;
                return v;
            }

            System.Threading.Tasks.Task<int> t = AwaitIt();
            Interlocked.Increment(ref resumed);
            return t.Exception?.InnerException;
        });

        var e = Assert.IsType<InvalidOperationException>(fault);
        Assert.Contains("thread", e.Message, StringComparison.Ordinal);
        r.Resolve(1);
        Assert.Equal(1, resumed);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void An_async_Promise_method_awaiting_another_threads_pending_promise_is_rejected_with_InvalidOperationException()
    {
        var (p, r) = Promise.Wait<int>();

        (bool threwAtCall, Exception? rejection) = TestThread.Run(() =>
        {
            Promise<int> m;
            try
            {
                m = AddOne(p);
            }
            catch (InvalidOperationException)
            {
                return (true, null);
            }

            return (false, m.Exception);
        });

        Assert.False(threwAtCall);
        Assert.IsType<InvalidOperationException>(rejection);
        r.Resolve(1);
        Assert.Equal(1, p.Result);
    }

    // ---- Helpers -----------------------------------------------------------------------------

    private static async Promise<int> AddOne(Promise<int> p) => await p + 1;

    private static async Promise<int> AwaitBoth(Promise<int> a, Promise<int> b) => await a + await b;

    private static async Promise AwaitTwice(Promise p)
    {
        await p;
        await p;
    }

    private static async Promise<int> LogAround(Promise<int> p, string name, List<string> log)
    {
        log.Add(name + " start");
        int v = await p;
        log.Add(name + " resumed with " + v);
        return v;
    }

    private static async Promise<int> ValueOrMinusOne(Promise<int> p)
    {
        try
        {
            return await p;
        }
        catch (FailureException)
        {
            return -1;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Promise<int> ThrowingLeafMethod(Promise<int> p)
    {
        int v = await p;
        Fail("leaf " + v);
        return v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Promise<int> MiddleLevel(Promise<int> p) => await ThrowingLeafMethod(p) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Promise<int> TopLevel(Promise<int> p) => await MiddleLevel(p) + 1;

    private static void Fail(string message) => throw new FailureException(message);

    internal static bool IsOptimized =>
        typeof(AsyncMethodTests).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;

    /// <summary>Bytes this thread allocates running <paramref name="round"/> <paramref name="rounds"/> times, best of three, after a warm-up.</summary>
    private static long AllocatedBytes(int rounds, Action round)
    {
        for (int i = 0; i < 100; i++)
        {
            round();
        }

        long best = long.MaxValue;
        for (int attempt = 0; attempt < 3 && best != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < rounds; i++)
            {
                round();
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }

    /// <summary>
    /// The method itself may allocate one object, its box (promise + state machine, about 100 bytes);
    /// a second object of any kind costs 24 bytes or more. With the awaited promise, 200 bytes at most.
    /// </summary>
    private static void AssertOneObjectPerCall(int n, long waitOnly, long withMethod, string what)
    {
        long total = withMethod / n;
        long method = (withMethod - waitOnly) / n;
        Assert.True(total <= 200, $"a suspending {what} call and its awaited promise allocated {total} bytes per call (budget 200)");
        Assert.True(method > 0 && method < 128, $"a suspending {what} call allocated {method} bytes per call beyond its awaited promise (one box is under 128)");
    }

    /// <summary>What Roslyn emits in Release for <c>async Promise M(Promise p) { await p; }</c>.</summary>
    private static Promise AwaitOnceAsInRelease(Promise p)
    {
        var machine = new AwaitOnceMachine { Builder = AsyncPromiseMethodBuilder.Create(), P = p, State = -1 };
        machine.Builder.Start(ref machine);
        return machine.Builder.Task;
    }

    /// <summary>What Roslyn emits in Release for <c>async Promise&lt;int&gt; M(Promise&lt;int&gt; p) =&gt; await p + 1;</c>.</summary>
    private static Promise<int> AddOneAsInRelease(Promise<int> p)
    {
        var machine = new AddOneMachine { Builder = AsyncPromiseMethodBuilder<int>.Create(), P = p, State = -1 };
        machine.Builder.Start(ref machine);
        return machine.Builder.Task;
    }

#pragma warning disable CA1031, CA1815 // The shape of compiler-generated state machines.
    private struct AwaitOnceMachine : IAsyncStateMachine
    {
        public int State;
        public AsyncPromiseMethodBuilder Builder;
        public Promise P;
        private PromiseAwaiter _awaiter;

        public void MoveNext()
        {
            try
            {
                PromiseAwaiter awaiter;
                if (State != 0)
                {
                    awaiter = P.GetAwaiter();
                    if (!awaiter.IsCompleted)
                    {
                        State = 0;
                        _awaiter = awaiter;
                        Builder.AwaitUnsafeOnCompleted(ref awaiter, ref this);
                        return;
                    }
                }
                else
                {
                    awaiter = _awaiter;
                    _awaiter = default;
                    State = -1;
                }

                awaiter.GetResult();
            }
            catch (Exception e)
            {
                State = -2;
                Builder.SetException(e);
                return;
            }

            State = -2;
            Builder.SetResult();
        }

        public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => Builder.SetStateMachine(stateMachine);
    }

    private struct AddOneMachine : IAsyncStateMachine
    {
        public int State;
        public AsyncPromiseMethodBuilder<int> Builder;
        public Promise<int> P;
        private PromiseAwaiter<int> _awaiter;

        public void MoveNext()
        {
            int result;
            try
            {
                PromiseAwaiter<int> awaiter;
                if (State != 0)
                {
                    awaiter = P.GetAwaiter();
                    if (!awaiter.IsCompleted)
                    {
                        State = 0;
                        _awaiter = awaiter;
                        Builder.AwaitUnsafeOnCompleted(ref awaiter, ref this);
                        return;
                    }
                }
                else
                {
                    awaiter = _awaiter;
                    _awaiter = default;
                    State = -1;
                }

                result = awaiter.GetResult() + 1;
            }
            catch (Exception e)
            {
                State = -2;
                Builder.SetException(e);
                return;
            }

            State = -2;
            Builder.SetResult(result);
        }

        public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => Builder.SetStateMachine(stateMachine);
    }
#pragma warning restore CA1031, CA1815
}
