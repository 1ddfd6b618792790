using Xunit;

namespace Lwt.Tests;

public class IgnoreResultTests
{
    [Fact]
    public void IgnoreResult_does_nothing_on_a_fulfilled_promise()
    {
        // Lwt: test_lwt.ml › "ignore_result" › "fulfilled"
        using var hook = new HookScope();
        Promise.Unit.IgnoreResult();
        Promise.Return(5).IgnoreResult();
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void IgnoreResult_rethrows_the_exception_of_an_already_rejected_promise()
    {
        // Lwt: test_lwt.ml › "ignore_result" › "rejected"
        using var hook = new HookScope();
        var ex = new TestException();
        var thrown = Assert.Throws<TestException>(() => Promise.Fail(ex).IgnoreResult());
        Assert.Same(ex, thrown);
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void IgnoreResult_ignores_a_later_fulfilment()
    {
        // Lwt: test_lwt.ml › "ignore_result" › "pending, fulfilled"
        using var hook = new HookScope();
        var (p, r) = Promise.Wait();
        p.IgnoreResult();
        r.Resolve();
        Assert.True(p.IsFulfilled);
        Assert.Empty(hook.Seen);
    }

    [Fact]
    public void IgnoreResult_sends_a_later_rejection_to_the_hook()
    {
        // Lwt: test_lwt.ml › "ignore_result" › "pending, rejected"
        using var hook = new HookScope();
        var (p, r) = Promise.Wait();
        p.IgnoreResult();
        Assert.Empty(hook.Seen);
        var ex = new TestException();
        r.Reject(ex);
        Assert.Same(ex, Assert.Single(hook.Seen));
    }

    [Fact]
    public void IgnoreResult_sends_a_later_cancellation_to_the_hook()
    {
        // Lwt: test_lwt.ml › "ignore_result" › "pending, rejected" (rejected by cancel)
        using var hook = new HookScope();
        var (p, _) = Promise.Cancelable<int>();
        p.IgnoreResult();
        p.Cancel();
        Assert.IsType<CanceledException>(Assert.Single(hook.Seen));
    }
}
