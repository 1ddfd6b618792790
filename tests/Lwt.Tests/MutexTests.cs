using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class MutexTests
{
    [Fact]
    public void Lock_on_a_free_mutex_is_immediate_and_locks_it()
    {
        var m = new Mutex();
        Promise p = m.Lock();
        Assert.True(p.IsFulfilled);
        Assert.True(m.IsLocked);
        Assert.True(m.IsEmpty);
    }

    [Fact]
    public void Second_lock_waits_until_unlock_hands_over_ownership()
    {
        var m = new Mutex();
        m.Lock();
        Promise second = m.Lock();
        Assert.True(second.IsPending);
        Assert.False(m.IsEmpty);
        m.Unlock();
        Assert.True(second.IsFulfilled);
        Assert.True(m.IsLocked);
        m.Unlock();
        Assert.False(m.IsLocked);
    }

    [Fact]
    public void Waiters_get_the_mutex_in_fifo_order()
    {
        var m = new Mutex();
        var order = new List<int>();
        m.Lock();
        for (int i = 0; i < 5; i++)
        {
            int k = i;
            m.Lock().OnSuccess(() => order.Add(k));
        }

        for (int i = 0; i < 5; i++)
        {
            m.Unlock();
        }

        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Fact]
    public void Unlocking_a_free_mutex_does_nothing()
    {
        var m = new Mutex();
        m.Unlock();
        Assert.False(m.IsLocked);
        Assert.True(m.Lock().IsFulfilled);
    }

    // Lwt: test_lwt_mutex.ml › "cancel"
    [Fact]
    public void Canceled_waiter_never_gets_the_mutex()
    {
        var m = new Mutex();
        var (wait1, resume1) = Promise.Wait();
        Promise thread1 = m.WithLock(() => wait1);
        bool thread2Locked = false;
        Promise<bool> thread2 = m.Lock().Map(() => thread2Locked = true);
        thread2.Cancel();
        Assert.True(thread2.IsCanceled);

        resume1.Resolve();
        Assert.True(thread1.IsFulfilled);
        Promise thread3 = m.Lock();
        Assert.True(thread3.IsFulfilled);
        Assert.False(thread2Locked);
    }

    // Lwt: test_lwt_mutex.ml › "cancel while queued by unlock"
    [Fact]
    public void Waiter_handed_the_mutex_inside_a_callback_can_no_longer_be_canceled()
    {
        var m = new Mutex();
        var (wait1, resume1) = Promise.Wait();
        Promise thread1 = m.WithLock(() => wait1);
        bool thread2Ran = false;
        Promise<bool> thread2 = m.Lock().Map(() =>
        {
            thread2Ran = true;
            m.Unlock();
            return true;
        });

        var (top, wakeTop) = Promise.Wait();
        bool passed = false, queued = false;
        Promise<bool> whileWaking = top.Bind(() =>
        {
            resume1.Resolve();
            return thread1.Map(() =>
            {
                passed = m.IsLocked;
                queued = !thread2Ran;
                thread2.Cancel();
                return true;
            });
        });

        wakeTop.Resolve();
        Assert.True(whileWaking.IsFulfilled);
        Assert.True(passed);
        Assert.True(queued);
        Assert.True(thread2Ran);
        Assert.True(thread2.IsFulfilled);
        Assert.False(m.IsLocked);
    }

    [Fact]
    public void WithLock_releases_the_mutex_when_the_function_fails()
    {
        var m = new Mutex();
        Promise<int> p = m.WithLock<int>(() => throw new FormatException("boom"));
        Assert.IsType<FormatException>(p.Exception);
        Assert.False(m.IsLocked);
    }

    [Fact]
    public void WithLock_runs_functions_one_at_a_time()
    {
        var m = new Mutex();
        var (a, ra) = Promise.Wait();
        var log = new List<string>();
        m.WithLock(() => { log.Add("a start"); return a.Map(() => { log.Add("a end"); return 0; }); });
        m.WithLock(() => { log.Add("b start"); return Promise.Return(1); });
        Assert.Equal(new[] { "a start" }, log);
        ra.Resolve();
        Assert.Equal(new[] { "a start", "a end", "b start" }, log);
    }

    [Fact]
    public async System.Threading.Tasks.Task LockScoped_releases_on_dispose()
    {
        var m = new Mutex();
        using (await m.LockScoped().AsTask())
        {
            Assert.True(m.IsLocked);
        }

        Assert.False(m.IsLocked);
    }

    [Fact]
    public void Canceling_many_waiters_leaves_no_waiter_registered()
    {
        var m = new Mutex();
        m.Lock();
        var waiters = new List<Promise>();
        for (int i = 0; i < 100_000; i++)
        {
            waiters.Add(m.Lock());
        }

        foreach (Promise w in waiters)
        {
            w.Cancel();
        }

        Assert.True(m.IsEmpty);
        m.Unlock();
        Assert.False(m.IsLocked);
    }

    [Fact]
    public void WithLock_rejects_null_function()
    {
        var m = new Mutex();
        Assert.Throws<ArgumentNullException>("f", () => m.WithLock((Func<Promise>)null!));
        Assert.Throws<ArgumentNullException>("f", () => m.WithLock((Func<Promise<int>>)null!));
    }

    [Fact]
    public void Canceling_waiters_anywhere_in_the_queue_keeps_the_others_in_order()
    {
        var m = new Mutex();
        Assert.True(m.Lock().IsFulfilled);
        Promise[] w = [m.Lock(), m.Lock(), m.Lock(), m.Lock(), m.Lock()];
        w[0].Cancel(); // head
        w[2].Cancel(); // middle
        w[4].Cancel(); // tail
        m.Unlock();
        Assert.True(w[1].IsFulfilled);
        Assert.True(w[3].IsPending);
        m.Unlock();
        Assert.True(w[3].IsFulfilled);
        Assert.True(m.IsEmpty);
        m.Unlock();
        Assert.False(m.IsLocked);
        w[3].Cancel(); // resolved already: nothing to unlink
        Assert.True(m.Lock().IsFulfilled);
    }
}
