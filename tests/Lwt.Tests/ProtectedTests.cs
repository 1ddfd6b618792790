using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Xunit;

namespace Lwt.Tests;

public class ProtectedTests
{
    [Fact]
    public void Protected_of_a_fulfilled_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "protected" › "fulfilled"
        var p = Promise.Return("x");
        var q = p.Protected();
        Assert.Same(p, q);
        LwtAssert.Fulfilled("x", q);
    }

    [Fact]
    public void Protected_of_a_rejected_promise_is_the_promise_itself()
    {
        // Lwt: test_lwt.ml › "protected" › "rejected"
        var ex = new TestException();
        var p = Promise.Fail(ex);
        var q = p.Protected();
        Assert.Same(p, q);
        LwtAssert.Rejected(ex, q);
    }

    [Fact]
    public void Protected_of_a_pending_promise_is_a_new_pending_promise()
    {
        // Lwt: test_lwt.ml › "protected" › "pending"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.Protected();
        Assert.NotSame(p, q);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void Protected_promise_is_fulfilled_like_its_input()
    {
        // Lwt: test_lwt.ml › "protected" › "pending, fulfilled"
        var (p, r) = Promise.Cancelable<string>();
        var q = p.Protected();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", q);
    }

    [Fact]
    public void Protected_promise_canceled_does_not_cancel_its_input()
    {
        // Lwt: test_lwt.ml › "protected" › "pending, canceled"
        var (p, _) = Promise.Cancelable<string>();
        var q = p.Protected();
        q.Cancel();
        LwtAssert.Pending(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Protected_promise_canceled_stays_canceled_when_the_input_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "protected" › "pending, canceled, fulfilled"
        var (p, r) = Promise.Cancelable<string>();
        var q = p.Protected();
        q.Cancel();
        r.Resolve("foo");
        LwtAssert.Fulfilled("foo", p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Protected_promise_that_became_a_proxy_still_follows_its_input()
    {
        // Lwt: test_lwt.ml › "protected" › "pending, proxy"
        var (p1, r1) = Promise.Cancelable<string>();
        var p2 = p1.Protected();
        var (p3, r3) = Promise.Wait();
        var outer = p3.Bind(() => p2);
        r3.Resolve();
        r1.Resolve("foo");
        LwtAssert.Fulfilled("foo", p2);
        LwtAssert.Fulfilled("foo", outer);
    }

    [Fact]
    public void Protected_promise_is_rejected_like_its_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (protected follows the eventual result)
        var ex = new TestException();
        var (p, r) = Promise.Wait<int>();
        var q = p.Protected();
        r.Reject(ex);
        LwtAssert.Rejected(ex, q);
    }

    [Fact]
    public void Protected_promise_is_canceled_when_its_input_is_canceled_another_way()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (p can still be canceled by other paths; p' mirrors it)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Protected();
        p.Cancel();
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Protected_promise_of_a_bind_stops_cancellation_before_the_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (the backwards search stops at p')
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Protected().Map(x => x + 1);
        q.Cancel();
        LwtAssert.Canceled(q);
        LwtAssert.Pending(p);
    }

    [Fact]
    public void Protected_promise_of_a_unit_promise_is_canceled_alone()
    {
        // Lwt: test_lwt.ml › "protected" › "pending, canceled" (unit promise)
        var (p, r) = Promise.Cancelable();
        var q = p.Protected();
        q.Cancel();
        LwtAssert.Canceled(q);
        LwtAssert.Pending(p);
        r.Resolve();
        LwtAssert.Fulfilled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Protected_promises_canceled_in_a_loop_do_not_stay_attached_to_the_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.4 (Lwt bugs #56/#181: canceled protected promise detached)
        var (p, r) = Promise.Wait<int>();
        var refs = new List<WeakReference>();
        for (int i = 0; i < 10_000; i++)
        {
            refs.Add(ProtectAndCancel(p));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int alive = refs.FindAll(w => w.IsAlive).Count;
        Assert.True(alive <= 100, $"{alive} canceled protected promises are still reachable");
        r.Resolve(1);
        LwtAssert.Fulfilled(1, p);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ProtectAndCancel(Promise<int> p)
    {
        var q = p.Protected();
        q.Cancel();
        return new WeakReference(q);
    }
}
