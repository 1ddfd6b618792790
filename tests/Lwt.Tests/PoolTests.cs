using System;
using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace Lwt.Tests;

public class PoolTests
{
    private sealed class DummyError : Exception
    {
    }

    private sealed class Cell
    {
        public int Value;
    }

    private static Promise<Cell> NewCell() => Promise.Return(new Cell());

    // Lwt: test_lwt_pool.ml › "basic create-use"
    [Fact]
    public void Use_of_a_fresh_pool_creates_a_member_and_runs_at_once()
    {
        var pool = new Pool<int>(1, () => Promise.Return(5));
        Assert.Equal(5, pool.Use(Promise.Return).Result);
    }

    // Lwt: test_lwt_pool.ml › "creator exception"
    [Fact]
    public void A_throwing_creator_rejects_the_use()
    {
        var pool = new Pool<int>(1, () => throw new DummyError());
        Promise<int> u = pool.Use(_ => Promise.Return(0));
        Assert.IsType<DummyError>(u.Exception);
    }

    [Fact]
    public void A_failed_creation_does_not_use_up_the_size()
    {
        bool fail = true;
        var pool = new Pool<int>(1, () => fail ? Promise.Fail<int>(new DummyError()) : Promise.Return(1));
        Assert.IsType<DummyError>(pool.Use(Promise.Return).Exception);
        fail = false;
        Assert.Equal(1, pool.Use(Promise.Return).Result);
    }

    // Lwt: test_lwt_pool.ml › "pool elements are reused"
    [Fact]
    public void Members_are_reused()
    {
        var pool = new Pool<Cell>(1, NewCell);
        pool.Use(c => { c.Value = 1; return Promise.Return(c.Value); });
        Assert.Equal(1, pool.Use(c => Promise.Return(c.Value)).Result);
    }

    // Lwt: test_lwt_pool.ml › "pool elements are validated when returned"
    [Fact]
    public void A_reused_member_that_fails_validation_is_replaced()
    {
        var pool = new Pool<Cell>(1, NewCell, validate: c => Promise.Return(c.Value == 0));
        pool.Use(c => { c.Value = 1; return Promise.Return(c.Value); });
        Assert.Equal(0, pool.Use(c => Promise.Return(c.Value)).Result);
    }

    [Fact]
    public void New_members_are_not_validated()
    {
        int validations = 0;
        var pool = new Pool<Cell>(1, NewCell, validate: _ => { validations++; return Promise.True; });
        pool.Use(c => Promise.Return(0));
        Assert.Equal(0, validations);
        pool.Use(c => Promise.Return(0));
        Assert.Equal(1, validations);
    }

    // Lwt: test_lwt_pool.ml › "validation exceptions are propagated to users"
    [Fact]
    public void A_validation_exception_reaches_the_user()
    {
        var cond = new Condition<string>();
        var pool = new Pool<Cell>(1, NewCell, validate: c => c.Value == 0 ? Promise.True : throw new DummyError());
        Promise<string> u1 = pool.Use(c => { c.Value = 1; return cond.Wait(); });
        Promise<int> u2 = pool.Use(c => Promise.Return(c.Value));
        cond.Signal("done");
        Assert.Equal("done", u1.Result);
        Assert.IsType<DummyError>(u2.Exception);
    }

    // Lwt: test_lwt_pool.ml › "multiple creation"
    [Fact]
    public void A_second_member_is_made_while_below_the_size()
    {
        var pool = new Pool<Cell>(2, NewCell);
        pool.Use(c => { c.Value = 1; return Promise.Pause(); });
        Assert.Equal(0, pool.Use(c => Promise.Return(c.Value)).Result);
        Promise.WakeupPaused();
    }

    // Lwt: test_lwt_pool.ml › "users of an empty pool will wait"
    [Fact]
    public void Users_wait_when_every_member_is_in_use()
    {
        var pool = new Pool<int>(1, () => Promise.Return(0));
        pool.Use(_ => Promise.Pause());
        Promise<int> u2 = pool.Use(Promise.Return);
        Assert.True(u2.IsPending);
        Assert.Equal(1, pool.WaitQueueLength);
        Promise.WakeupPaused();
        Assert.Equal(0, u2.Result);
        Assert.Equal(0, pool.WaitQueueLength);
    }

    [Fact]
    public void Waiters_get_members_in_fifo_order()
    {
        var pool = new Pool<int>(1, () => Promise.Return(0));
        var (hold, release) = Promise.Wait();
        pool.Use(_ => hold.Map(() => 0));
        var order = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            int k = i;
            pool.Use(_ => { order.Add(k); return Promise.Return(k); });
        }

        release.Resolve();
        Assert.Equal(new[] { 0, 1, 2, 3 }, order);
    }

    // Lwt: test_lwt_pool.ml › "on check, good elements are retained"
    [Fact]
    public void After_a_failed_use_a_member_that_passes_check_is_kept()
    {
        var pool = new Pool<Cell>(1, () => Promise.Return(new Cell { Value = 1 }), check: (c, _) => c.Value > 0);
        Promise<int> u1 = pool.Use(c => { c.Value = 2; return Promise.Fail<int>(new DummyError()); });
        Assert.IsType<DummyError>(u1.Exception);
        Assert.Equal(2, pool.Use(c => Promise.Return(c.Value)).Result);
    }

    // Lwt: test_lwt_pool.ml › "on check, bad elements are disposed of and replaced"
    [Fact]
    public void After_a_failed_use_a_member_that_fails_check_is_disposed_and_replaced()
    {
        bool disposed = false;
        var pool = new Pool<Cell>(
            1,
            () => Promise.Return(new Cell { Value = 1 }),
            check: (c, _) => c.Value > 0,
            dispose: _ => { disposed = true; return Promise.Unit; });
        pool.Use(c => { c.Value = 0; return Promise.Fail<int>(new DummyError()); });
        Assert.Equal(2, pool.Use(c => Promise.Return(++c.Value)).Result);
        Assert.True(disposed);
    }

    [Fact]
    public void Check_is_given_the_exception_of_the_failed_use()
    {
        Exception? seen = null;
        var error = new DummyError();
        var pool = new Pool<Cell>(1, NewCell, check: (_, e) => { seen = e; return true; });
        pool.Use(_ => Promise.Fail<int>(error));
        Assert.Same(error, seen);
    }

    [Fact]
    public void A_throwing_check_disposes_the_member_and_rejects_with_its_exception()
    {
        int disposed = 0;
        var pool = new Pool<Cell>(1, NewCell, check: (_, _) => throw new InvalidOperationException("check"), dispose: _ => { disposed++; return Promise.Unit; });
        Promise<int> u = pool.Use(_ => Promise.Fail<int>(new DummyError()));
        Assert.IsType<InvalidOperationException>(u.Exception);
        Assert.Equal(1, disposed);
    }

    [Fact]
    public void A_throwing_use_function_counts_as_a_failed_use()
    {
        int checks = 0;
        var pool = new Pool<Cell>(1, NewCell, check: (_, _) => { checks++; return true; });
        Promise<int> u = pool.Use<int>(_ => throw new DummyError());
        Assert.IsType<DummyError>(u.Exception);
        Assert.Equal(1, checks);
        Assert.True(pool.Use(c => Promise.Return(1)).IsFulfilled);
    }

    // Lwt: test_lwt_pool.ml › "clear disposes of all elements"
    [Fact]
    public void Clear_disposes_free_members_now_and_members_in_use_on_release()
    {
        int count = 0;
        var pool = new Pool<Cell>(2, NewCell, dispose: _ => { count++; return Promise.Unit; });
        Promise u = pool.Use(_ => Promise.Pause());
        pool.Use(_ => Promise.Unit);
        Promise cleared = pool.Clear();
        Assert.True(cleared.IsFulfilled);
        Assert.Equal(1, count);
        Promise.WakeupPaused();
        Assert.True(u.IsFulfilled);
        Assert.Equal(2, count);
    }

    [Fact]
    public void Clear_disposes_the_newest_free_member_first()
    {
        int next = 0;
        var disposed = new List<int>();
        var pool = new Pool<int>(3, () => Promise.Return(next++), dispose: n => { disposed.Add(n); return Promise.Unit; });
        var holds = new Resolver[3];
        for (int i = 0; i < 3; i++)
        {
            var (hold, release) = Promise.Wait();
            holds[i] = release;
            pool.Use(_ => hold);
        }

        // Released in order 0, 1, 2: the free queue is 0, 1, 2 and Clear goes from its end.
        foreach (Resolver r in holds)
        {
            r.Resolve();
        }

        pool.Clear();
        Assert.Equal(new[] { 2, 1, 0 }, disposed);
    }

    [Fact]
    public void A_member_failing_after_Clear_is_disposed_even_if_check_keeps_it()
    {
        int disposed = 0;
        var pool = new Pool<Cell>(1, NewCell, check: (_, _) => true, dispose: _ => { disposed++; return Promise.Unit; });
        var (hold, fail) = Promise.Wait<int>();
        Promise<int> u = pool.Use(_ => hold);
        pool.Clear();
        fail.Reject(new DummyError());
        Assert.IsType<DummyError>(u.Exception);
        Assert.Equal(1, disposed);
    }

    // Lwt: test_lwt_pool.ml › "waiter are notified on replacement"
    [Fact]
    public void After_a_validation_exception_the_next_waiter_gets_a_new_member()
    {
        var cond = new Condition<string>();
        var pool = new Pool<Cell>(1, NewCell, validate: c => c.Value == 0 ? Promise.True : throw new DummyError());
        Promise<string> u1 = pool.Use(c => { c.Value = 1; return cond.Wait(); });
        Promise<int> u2 = pool.Use(c => Promise.Return(c.Value));
        Promise<int> u3 = pool.Use(c => Promise.Return(c.Value));
        cond.Signal("done");
        Assert.Equal("done", u1.Result);
        Assert.IsType<DummyError>(u2.Exception);
        Assert.Equal(0, u3.Result);
    }

    // Lwt: test_lwt_pool.ml › "waiter are notified on replacement exception"
    [Fact]
    public void After_a_validation_exception_a_failed_replacement_reaches_the_waiter()
    {
        var cond = new Condition<string>();
        bool canCreate = true;
        var pool = new Pool<Cell>(
            1,
            () => canCreate ? NewCell() : throw new DummyError(),
            validate: c => c.Value == 0 ? Promise.True : throw new DummyError());
        Promise<string> u1 = pool.Use(c => { c.Value = 1; canCreate = false; return cond.Wait(); });
        Promise<int> u2 = pool.Use(c => Promise.Return(c.Value));
        Promise<int> u3 = pool.Use(c => Promise.Return(c.Value));
        cond.Signal("done");
        Assert.Equal("done", u1.Result);
        Assert.IsType<DummyError>(u2.Exception);
        Assert.IsType<DummyError>(u3.Exception);
    }

    // Lwt counts no member for the replacement, so the pool could grow past its size; ours does.
    [Fact]
    public void The_replacement_after_a_validation_exception_counts_toward_the_size()
    {
        int live = 0;
        var cond = new Condition<string>();
        var pool = new Pool<Cell>(
            1,
            () => { live++; return NewCell(); },
            validate: c => c.Value == 0 ? Promise.True : throw new DummyError(),
            dispose: _ => { live--; return Promise.Unit; });
        var (hold, release) = Promise.Wait<int>();
        pool.Use(c => { c.Value = 1; return cond.Wait(); });
        pool.Use(c => Promise.Return(c.Value));
        Promise<int> u3 = pool.Use(_ => hold);
        cond.Signal("done");
        Assert.True(u3.IsPending);
        Assert.Equal(1, live);

        // The member is in use by u3: a new user must wait, not create a second member.
        Promise<int> u4 = pool.Use(c => Promise.Return(5));
        Assert.True(u4.IsPending);
        Assert.Equal(1, live);
        release.Resolve(0);
        Assert.Equal(5, u4.Result);
    }

    // Lwt leaves the waiter waiting here until some later use makes a member; ours gets a new one.
    [Fact]
    public void A_waiter_gets_a_new_member_when_a_failed_use_disposes_the_last_one()
    {
        int created = 0;
        var pool = new Pool<int>(1, () => Promise.Return(created++), check: (_, _) => false);
        var (hold, fail) = Promise.Wait<int>();
        pool.Use(_ => hold);
        Promise<int> waiting = pool.Use(Promise.Return);
        fail.Reject(new DummyError());
        Assert.Equal(1, waiting.Result);
        Assert.Equal(2, created);
    }

    // Lwt: test_lwt_pool.ml › "check and validate can be used together"
    [Fact]
    public void Check_and_validate_work_together()
    {
        var cond = new Condition<string>();
        var pool = new Pool<Cell>(1, NewCell, validate: c => Promise.Return(c.Value > 0), check: (c, _) => c.Value > 1);
        pool.Use(c => { c.Value = 1; return cond.Wait(); });
        pool.Use<int>(c => { c.Value = 2; throw new DummyError(); });
        Promise<int> u3 = pool.Use(c => Promise.Return(c.Value));
        cond.Signal("done");
        Assert.Equal(2, u3.Result);
    }

    // Lwt: test_lwt_pool.ml › "verify default check behavior"
    [Fact]
    public void By_default_a_member_is_kept_after_a_failed_use()
    {
        var cond = new Condition<string>();
        var pool = new Pool<Cell>(1, NewCell);
        pool.Use(c => cond.Wait().Map<int>(_ =>
        {
            c.Value = 1;
            throw new DummyError();
        }));
        Promise<int> u2 = pool.Use(c => Promise.Return(c.Value));
        cond.Signal("done");
        Assert.Equal(1, u2.Result);
    }

    [Fact]
    public void Canceling_a_waiting_use_leaves_the_queue_and_never_runs_the_function()
    {
        var pool = new Pool<int>(1, () => Promise.Return(0));
        var (hold, release) = Promise.Wait<int>();
        pool.Use(_ => hold);
        bool ran = false;
        Promise<int> waiting = pool.Use(_ => { ran = true; return Promise.Return(1); });
        Assert.Equal(1, pool.WaitQueueLength);
        waiting.Cancel();
        Assert.True(waiting.IsCanceled);
        Assert.Equal(0, pool.WaitQueueLength);
        release.Resolve(0);
        Assert.False(ran);
        Assert.Equal(2, pool.Use(_ => Promise.Return(2)).Result);
    }

    [Fact]
    public void Canceling_a_running_use_cancels_its_promise_and_releases_the_member()
    {
        var pool = new Pool<int>(1, () => Promise.Return(0));
        var (running, _) = Promise.Cancelable<int>();
        Promise<int> u = pool.Use(_ => running);
        u.Cancel();
        Assert.True(u.IsCanceled);
        Assert.Equal(3, pool.Use(_ => Promise.Return(3)).Result);
    }

    // Leak: canceling many waiting users must not leave their waiters in the queue.
    [Fact]
    public void Canceling_many_waiters_empties_the_wait_queue()
    {
        const int n = 100_000;
        var pool = new Pool<int>(1, () => Promise.Return(0));
        var (hold, release) = Promise.Wait<int>();
        pool.Use(_ => hold);
        var waiting = new Promise<int>[n];
        for (int i = 0; i < n; i++)
        {
            waiting[i] = pool.Use(Promise.Return);
        }

        Assert.Equal(n, pool.WaitQueueLength);
        foreach (Promise<int> w in waiting)
        {
            w.Cancel();
        }

        Assert.Equal(0, pool.WaitQueueLength);
        release.Resolve(0);
        Assert.Equal(0, pool.WaitQueueLength);
        Assert.True(pool.Use(Promise.Return).IsFulfilled);
    }

    // Property: whatever users do (finish, fail, throw, time out in validation or check), the
    // pool never has more live members than its size, and every user eventually finishes.
    [Fact]
    public void Live_members_never_exceed_the_size()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 5].Array[1, 40], Gen.Bool.Array[40])
            .Sample((size, ops, validFlags) =>
            {
                int live = 0, maxLive = 0, created = 0;
                var pool = new Pool<int>(
                    size,
                    () =>
                    {
                        live++;
                        maxLive = Math.Max(maxLive, live);
                        return Promise.Return(created++);
                    },
                    validate: m => m % 7 == 6 ? throw new DummyError() : Promise.Return(validFlags[m % validFlags.Length]),
                    check: (m, _) => m % 3 != 0,
                    dispose: _ =>
                    {
                        live--;
                        return Promise.Unit;
                    });
                var holds = new List<Resolver<int>>();
                var uses = new List<Promise<int>>();
                foreach (int op in ops)
                {
                    switch (op)
                    {
                        case 0:
                        case 1:
                            var (hold, r) = Promise.Wait<int>();
                            holds.Add(r);
                            uses.Add(pool.Use(_ => hold));
                            break;
                        case 2:
                            uses.Add(pool.Use(_ => Promise.Fail<int>(new DummyError())));
                            break;
                        case 3:
                            uses.Add(pool.Use(Promise.Return));
                            break;
                        case 4 when holds.Count > 0:
                            holds[0].Resolve(1);
                            holds.RemoveAt(0);
                            break;
                        case 5 when holds.Count > 0:
                            holds[^1].Reject(new DummyError());
                            holds.RemoveAt(holds.Count - 1);
                            break;
                    }

                    Assert.True(live <= size, $"live {live} > size {size}");
                }

                foreach (Resolver<int> r in holds)
                {
                    r.Resolve(0);
                }

                Assert.True(maxLive <= size);
                Assert.All(uses, u => Assert.False(u.IsPending));
                Assert.Equal(0, pool.WaitQueueLength);
            });
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool<int>(0, () => Promise.Return(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool<int>(-1, () => Promise.Return(0)));
        Assert.Throws<ArgumentNullException>(() => new Pool<int>(1, null!));
        var pool = new Pool<int>(1, () => Promise.Return(0));
        Assert.Throws<ArgumentNullException>(() => pool.Use<int>(null!));
    }
}
