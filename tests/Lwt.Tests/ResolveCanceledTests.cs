using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>Resolving a promise that was canceled is a silent no-op (test_lwt.ml › "resolve canceled").</summary>
public class ResolveCanceledTests
{
    [Fact]
    public void Resolve_after_cancel_does_nothing_and_promise_stays_canceled()
    {
        // Lwt: test_lwt.ml › "resolve canceled" › "wakeup: canceled"
        var (p, r) = Promise.Cancelable();
        p.Cancel();
        r.Resolve();
        Assert.True(p.IsCanceled);
        Assert.IsType<CanceledException>(p.Exception);
    }

    [Fact]
    public void ResolveLater_after_cancel_does_nothing_and_promise_stays_canceled()
    {
        // Lwt: test_lwt.ml › "resolve canceled" › "wakeup_later: canceled"
        var (p, r) = Promise.Cancelable();
        p.Cancel();
        r.ResolveLater();
        Assert.True(p.IsCanceled);
    }

    [Fact]
    public void Reject_after_cancel_does_nothing_and_keeps_the_cancellation()
    {
        // Lwt: test_lwt.ml › "resolve canceled" (wakeup_exn variant)
        var (p, r) = Promise.Cancelable<int>();
        p.Cancel();
        var canceled = p.Exception;
        r.Reject(new TestException());
        r.RejectLater(new TestException());
        r.ResolveWith(Result<int, Exception>.Ok(1));
        r.ResolveLaterWith(Result<int, Exception>.Ok(1));
        r.Resolve(1);
        r.ResolveLater(1);
        Assert.Same(canceled, p.Exception);
    }

    [Fact]
    public void TryResolve_after_cancel_returns_false()
    {
        // Lwt: test_lwt.ml › "resolve canceled" (Try forms)
        var (p, r) = Promise.Cancelable<int>();
        p.Cancel();
        Assert.False(r.TryResolve(1));
        Assert.False(r.TryReject(new TestException()));
        Assert.True(p.IsCanceled);
    }

    [Fact]
    public void Resolve_after_rejecting_with_CanceledException_is_also_a_no_op()
    {
        // Lwt: test_lwt.ml › "resolve canceled" (wakeup_exn r Canceled is the same as cancel, spec 1.2)
        var (p, r) = Promise.Wait<int>();
        r.Reject(new CanceledException());
        r.Resolve(1);
        Assert.True(p.IsCanceled);
    }

    [Fact]
    public void Resolve_after_cancel_does_not_run_callbacks_again()
    {
        // Lwt: test_lwt.ml › "resolve canceled" › "wakeup: canceled" (callbacks ran once, for the cancel)
        var (p, r) = Promise.Cancelable<int>();
        int runs = 0;
        p.OnTermination(() => runs++);
        p.Cancel();
        r.Resolve(1);
        Assert.Equal(1, runs);
    }
}
