using System;
using System.Diagnostics;
using System.Threading;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>
/// The pool is process-wide: these tests run one at a time (one class), restore its bounds, and
/// run alone, since they count the pool's queue, which any other test's job (file calls, lookups)
/// would change.
/// </summary>
[Collection(nameof(LeakTests))]
public class PreemptiveTests
{
    [Fact]
    public void Detach_runs_on_a_worker_and_resolves_on_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int resolvedOn = -1;
            int ranOn = Main.Run(() =>
                Preemptive.Detach(() => Environment.CurrentManagedThreadId)
                    .Map(t => { resolvedOn = Environment.CurrentManagedThreadId; return t; }));
            Assert.NotEqual(loopThread, ranOn);
            Assert.Equal(loopThread, resolvedOn);
        });

    [Fact]
    public void The_loop_averages_how_long_workers_take_not_how_long_it_took_to_hear_of_it() =>
        LoopThread.Run(() =>
        {
            // A loop that blocked (did not spin) hears of a result only after its own wake-up; were
            // that counted, quick functions would look slow and the loop would never spin again.
            EventLoop loop = EventLoop.Current;
            long oneMicrosecond = Stopwatch.Frequency / 1_000_000;
            for (int i = 0; i < 64; i++)
            {
                long started = loop.DetachStarted();
                Thread.Sleep(1);
                loop.DetachFinished(started, started + oneMicrosecond);
            }

            Assert.InRange(loop.DetachAverageTicks, 0, EventLoop.SpinTicks - 1);

            // Functions that do take long keep the loop from spinning.
            for (int i = 0; i < 64; i++)
            {
                long started = loop.DetachStarted();
                loop.DetachFinished(started, started + (1000 * oneMicrosecond));
            }

            Assert.True(loop.DetachAverageTicks >= EventLoop.SpinTicks);
        });

    // The loop skips the engine while detached results come back during its spin, as while work
    // is queued; the engine is still polled every PollInterval iterations, so I/O is not starved.
    [Fact]
    public void Back_to_back_detached_calls_do_not_starve_a_read_waiting_on_a_pipe() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                Promise<int> read = r.ReadAsync(new byte[1]);
                int roundTrips = 0;
                async Promise<int> DetachUntil(Promise done)
                {
                    while (done.IsPending && roundTrips < 100_000)
                    {
                        roundTrips += await Preemptive.Detach(() => 1);
                    }

                    return roundTrips;
                }

                // The write comes from a timer: timers too fire only when the engine is polled.
                Promise<int> detaching = DetachUntil(read);
                Promise written = Time.Sleep(TimeSpan.FromMilliseconds(5)).Bind(() => w.WriteAsync(new byte[] { 5 }));
                Assert.Equal(1, await read);
                await written;
                Assert.True(await detaching < 100_000, "the read completed only after the detached calls stopped");
            }
        }));

    [Fact]
    public void Exception_on_the_worker_rejects_the_promise_with_it() =>
        LoopThread.Run(() =>
        {
            var e = Assert.Throws<FormatException>(() => Main.Run(() => Preemptive.Detach<int>(() => throw new FormatException("worker"))));
            Assert.Equal("worker", e.Message);
        });

    [Fact]
    public void Callers_wait_in_order_when_every_worker_is_busy_and_a_waiting_caller_can_cancel() =>
        WithBounds(0, 1, () => LoopThread.Run(() =>
        {
            using var gate = new Gate();
            bool canceledRan = false;
            Promise<int> first = Preemptive.Detach(() => { gate.Wait(); return 1; });
            Promise<int> second = Preemptive.Detach(() => { canceledRan = true; return 2; });
            Promise<int> third = Preemptive.Detach(() => 3);
            Assert.Equal(2, Preemptive.QueuedCount);
            second.Cancel();
            Assert.True(second.IsCanceled);
            Assert.Equal(1, Preemptive.QueuedCount);
            gate.Set();
            Assert.Equal(4, Main.Run(() => Promise.Both(first, third).Map(t => t.Item1 + t.Item2)));
            Assert.False(canceledRan);
            Assert.Equal(0, Preemptive.QueuedCount);
        }));

    [Fact]
    public void A_started_function_cannot_be_canceled() =>
        LoopThread.Run(() =>
        {
            using var started = new ManualResetEventSlim();
            using var gate = new Gate();
            Promise<int> p = Preemptive.Detach(() => { started.Set(); gate.Wait(); return 5; });
            started.Wait();
            p.Cancel();
            Assert.True(p.IsPending);
            gate.Set();
            Assert.Equal(5, Main.Run(p));
        });

    // Lwt: test_lwt_unix.ml › "run_in_main"
    [Fact]
    public void RunInMain_runs_on_the_loop_thread_and_returns_to_the_worker() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int ranOn = Main.Run(() => Preemptive.Detach(() =>
                Preemptive.RunInMain(() => Time.Sleep(TimeSpan.FromMilliseconds(1)).Map(() => Environment.CurrentManagedThreadId))));
            Assert.Equal(loopThread, ranOn);
        });

    // Lwt: test_lwt_unix.ml › "run_in_main" (exception)
    [Fact]
    public void RunInMain_rethrows_the_rejection_on_the_worker() =>
        LoopThread.Run(() =>
        {
            string caught = Main.Run(() => Preemptive.Detach(() =>
            {
                try
                {
                    return Preemptive.RunInMain<int>(() => Promise.Fail<int>(new FormatException("main"))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (FormatException e)
                {
                    return e.Message;
                }
            }));
            Assert.Equal("main", caught);
        });

    // Lwt: test_lwt_unix.ml › "run_in_main_dont_wait"
    [Fact]
    public void RunInMainDontWait_sends_failures_to_the_handler_on_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            var (handled, r) = Promise.Wait<int>();
            Preemptive.Detach(() => Preemptive.RunInMainDontWait(
                () => Promise.Fail(new FormatException()),
                e => r.Resolve(Environment.CurrentManagedThreadId)));
            Assert.Equal(loopThread, Main.Run(handled));
        });

    [Fact]
    public void RunInMain_on_the_loop_thread_is_refused() =>
        LoopThread.Run(() => Assert.Throws<InvalidOperationException>(() => Preemptive.RunInMain(() => Promise.Return(1))));

    [Fact]
    public void Bad_bounds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Preemptive.SetBounds(-1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Preemptive.SetBounds(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Preemptive.MaxQueued = -1);
        Assert.Equal((0, 4), Preemptive.GetBounds());
    }

    [Fact]
    public void Raising_the_minimum_starts_threads() =>
        WithBounds(2, 4, () => Assert.True(Preemptive.ThreadCount >= 2));

    [Fact]
    public void Raising_the_bounds_serves_the_callers_already_waiting() =>
        WithBounds(0, 1, () => LoopThread.Run(() => Main.Run(async () =>
        {
            // Lwt's set_bounds hands the workers it starts to the waiting callers (add_worker).
            using var gate = new Gate();
            Promise first = Preemptive.Detach(() => gate.Wait());
            try
            {
                Promise<int> second = Preemptive.Detach(() => 2);
                Assert.Equal(1, Preemptive.QueuedCount);
                Preemptive.SetBounds(2, 2);
                Assert.Equal(2, await second);
                Assert.True(first.IsPending);
            }
            finally
            {
                gate.Set();
            }

            await first;
        })));

    // Lwt's worker_loop: a worker that finds more threads than the maximum is not reused, so the
    // callers queued meanwhile are served within the new maximum.
    [Fact]
    public void Lowering_the_maximum_while_callers_wait_serves_them_within_the_new_maximum() =>
        WithBounds(0, 3, () => LoopThread.Run(() => Main.Run(async () =>
        {
            using var gate = new Gate();
            int running = 0;
            int most = 0;
            Promise Job(bool wait) => Preemptive.Detach(() =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                if (wait)
                {
                    gate.Wait();
                }
                else
                {
                    Thread.Sleep(5);
                }

                Interlocked.Decrement(ref running);
            });

            Promise[] busy = [Job(true), Job(true), Job(true)];
            Promise[] queued = [Job(false), Job(false), Job(false), Job(false), Job(false), Job(false)];
            Assert.Equal(6, Preemptive.QueuedCount);
            while (Volatile.Read(ref running) < 3)
            {
                await Time.Sleep(TimeSpan.FromMilliseconds(1));
            }

            Preemptive.SetBounds(0, 1);
            most = 0;
            gate.Set();
            await Promise.Join(busy);
            await Promise.Join(queued);
            Assert.Equal(1, most);
            Assert.True(Preemptive.ThreadCount <= 1);
        })));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }

    private static void WithBounds(int min, int max, Action body)
    {
        WorkerPool.WaitUntilIdle();
        (int oldMin, int oldMax) = Preemptive.GetBounds();
        Preemptive.SetBounds(min, max);
        try
        {
            body();
        }
        finally
        {
            Preemptive.SetBounds(oldMin, oldMax);
        }
    }
}
