using System;
using Xunit;

namespace Lwt.Tests;

public class ConditionTests
{
    // Lwt: test_lwt_condition.ml › "basic wait"
    [Fact]
    public void Wait_is_fulfilled_by_signal()
    {
        var c = new Condition<int>();
        Promise<int> w = c.Wait();
        Assert.True(w.IsPending);
        c.Signal(1);
        Assert.Equal(1, w.Result);
    }

    // Lwt: test_lwt_condition.ml › "mutex unlocked during wait"
    [Fact]
    public void Mutex_is_released_during_wait()
    {
        var c = new Condition<int>();
        var m = new Mutex();
        m.Lock();
        Promise<int> w = c.Wait(m);
        Assert.True(w.IsPending);
        Assert.False(m.IsLocked);
    }

    // Lwt: test_lwt_condition.ml › "mutex relocked after wait"
    [Fact]
    public void Mutex_is_taken_again_before_wait_returns()
    {
        var c = new Condition<int>();
        var m = new Mutex();
        m.Lock();
        Promise<int> w = c.Wait(m);
        c.Signal(7);
        Assert.Equal(7, w.Result);
        Assert.True(m.IsLocked);
    }

    [Fact]
    public void Mutex_is_taken_again_when_the_wait_is_canceled()
    {
        var c = new Condition<int>();
        var m = new Mutex();
        m.Lock();
        Promise<int> w = c.Wait(m);
        w.Cancel();
        Assert.True(w.IsCanceled);
        Assert.True(m.IsLocked);
    }

    // Lwt: test_lwt_condition.ml › "signal is not sticky"
    [Fact]
    public void Signal_with_nobody_waiting_is_lost()
    {
        var c = new Condition<int>();
        c.Signal(1);
        Assert.True(c.Wait().IsPending);
    }

    [Fact]
    public void Signal_wakes_only_the_first_waiter()
    {
        var c = new Condition<int>();
        Promise<int> a = c.Wait();
        Promise<int> b = c.Wait();
        c.Signal(1);
        Assert.Equal(1, a.Result);
        Assert.True(b.IsPending);
    }

    // Lwt: test_lwt_condition.ml › "broadcast"
    [Fact]
    public void Broadcast_wakes_every_waiter()
    {
        var c = new Condition<int>();
        Promise<int> a = c.Wait();
        Promise<int> b = c.Wait();
        c.Broadcast(3);
        Assert.Equal(3, a.Result);
        Assert.Equal(3, b.Result);
        Assert.True(c.Wait().IsPending);
    }

    // Lwt: test_lwt_condition.ml › "broadcast exception"
    [Fact]
    public void BroadcastException_rejects_every_waiter()
    {
        var c = new Condition<int>();
        Promise<int> a = c.Wait();
        Promise<int> b = c.Wait();
        var e = new FormatException();
        c.BroadcastException(e);
        Assert.Same(e, a.Exception);
        Assert.Same(e, b.Exception);
    }

    [Fact]
    public void Canceled_waiter_is_skipped_by_signal()
    {
        var c = new Condition<int>();
        Promise<int> a = c.Wait();
        Promise<int> b = c.Wait();
        a.Cancel();
        c.Signal(5);
        Assert.True(a.IsCanceled);
        Assert.Equal(5, b.Result);
    }

    [Fact]
    public void BroadcastException_rejects_null()
    {
        var c = new Condition<int>();
        Assert.Throws<ArgumentNullException>("exception", () => c.BroadcastException(null!));
    }
}
