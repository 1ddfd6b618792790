using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class MainRunTests
{
    [Fact]
    public void Run_returns_the_value_of_a_resolved_promise() =>
        Assert.Equal(3, LoopThread.Run(() => Main.Run(() => Promise.Return(3))));

    [Fact]
    public void Run_rethrows_the_rejection_itself() =>
        LoopThread.Run(() => Assert.Throws<FormatException>(() => Main.Run(() => Promise.Fail<int>(new FormatException()))));

    // Lwt: test_lwt_engine.ml › "Lwt_main.run: nested call"
    [Fact]
    public void Nested_run_fails_with_a_clear_exception() =>
        LoopThread.Run(() =>
        {
            var e = Assert.Throws<InvalidOperationException>(() =>
                Main.Run(() => Time.Sleep(TimeSpan.Zero).Map(() => Main.Run(() => Promise.Return(1)))));
            Assert.Contains("nested", e.Message, StringComparison.OrdinalIgnoreCase);
        });

    [Fact]
    public void Sequential_runs_are_allowed() =>
        LoopThread.Run(() =>
        {
            Assert.Equal(1, Main.Run(() => Promise.Return(1)));
            Assert.Equal(2, Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(1)).Map(() => 2)));
        });

    [Fact]
    public void Yield_resolves_in_a_later_iteration() =>
        LoopThread.Run(() =>
        {
            Promise y = null!;
            Main.Run(() =>
            {
                y = Main.Yield();
                Assert.True(y.IsPending);
                return y;
            });
            Assert.True(y.IsFulfilled);
        });

    [Fact]
    public void A_long_pause_loop_completes_without_blocking() =>
        LoopThread.Run(() =>
        {
            int n = Main.Run(() => PauseLoop(100_000));
            Assert.Equal(100_000, n);
        });

    [Fact]
    public void A_method_awaiting_Promise_Yield_resumes_once_per_iteration() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            long[] seen = Main.Run(async () =>
            {
                var iterations = new long[4];
                for (int i = 0; i < iterations.Length; i++)
                {
                    await Promise.Yield();
                    iterations[i] = loop.Iterations;
                }

                return iterations;
            });
            Assert.Equal([seen[0], seen[0] + 1, seen[0] + 2, seen[0] + 3], seen);
        });

    [Fact]
    public void A_method_yielding_in_a_loop_does_not_starve_a_socket_read() =>
        LoopThread.Run(() =>
        {
            // The polling rule: with yields queued the loop still polls the engine every
            // PollInterval iterations, so the read completes within a few of those.
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                int yields = Main.Run(async () =>
                {
                    Promise<int> read = a.ReadAsync(new byte[1]);
                    await b.WriteAsync(new byte[] { 7 });
                    int n = 0;
                    while (read.IsPending && n < 100_000)
                    {
                        await Promise.Yield();
                        n++;
                    }

                    Assert.Equal(1, await read);
                    return n;
                });
                Assert.InRange(yields, 0, 4 * EventLoop.PollInterval);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Await_of_a_task_inside_the_loop_comes_back_to_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int resumedOn = Main.Run(async () =>
            {
                await Task.Delay(5);
                return Environment.CurrentManagedThreadId;
            });
            Assert.Equal(loopThread, resumedOn);
        });

    [Fact]
    public void Await_of_a_task_with_ConfigureAwait_false_still_comes_back_to_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            // A promise is only touched on its thread: an async Promise method whose awaiter
            // ignores the context (ConfigureAwait(false)) is posted back to the loop.
            int loopThread = Environment.CurrentManagedThreadId;
            (int first, int second) = Main.Run(async () =>
            {
                await Task.Delay(5).ConfigureAwait(false);
                int first = Environment.CurrentManagedThreadId;
                await Task.Run(() => { }).ConfigureAwait(false);
                await Main.Yield();
                return (first, Environment.CurrentManagedThreadId);
            });
            Assert.Equal(loopThread, first);
            Assert.Equal(loopThread, second);
        });

    [Fact]
    public void FromTask_resolves_on_the_loop_thread_when_the_task_completes_elsewhere() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            (int value, int thread) = Main.Run(() => Promise.FromTask(Task.Run(() => 42)).Map(v => (v, Environment.CurrentManagedThreadId)));
            Assert.Equal(42, value);
            Assert.Equal(loopThread, thread);
        });

    [Fact]
    public void Cancellation_token_canceled_on_another_thread_cancels_on_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            using var cts = new CancellationTokenSource();
            var (p, _) = Promise.Cancelable<int>();
            int loopThread = Environment.CurrentManagedThreadId;
            int canceledOn = -1;
            p.OnCancel(() => canceledOn = Environment.CurrentManagedThreadId);
            Assert.Throws<CanceledException>(() => Main.Run(() =>
            {
                p.WithCancellation(cts.Token);
                _ = Task.Run(cts.Cancel);
                return p;
            }));
            Assert.Equal(loopThread, canceledOn);
        });

    [Fact]
    public void A_token_canceled_after_its_loop_is_disposed_does_not_throw() =>
        LoopThread.Run(() =>
        {
            using var cts = new CancellationTokenSource();
            var (p, _) = Promise.Cancelable<int>();
            Main.Run(() =>
            {
                p.WithCancellation(cts.Token);
                return Main.Yield();
            });
            EventLoop.Current.Dispose();
            Task.Run(cts.Cancel).Wait();
            Assert.True(p.IsPending);
        });

    [Fact]
    public void PostFromAnyThread_wakes_a_waiting_loop() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            var (p, r) = Promise.Wait<int>();
            _ = Task.Run(() => loop.PostFromAnyThread(_ => r.Resolve(7), null));
            Assert.Equal(7, Main.Run(p));
        });

    // The loop and a poster race between "about to block" and "posted": whatever the interleaving,
    // every post is run and the loop never sleeps on one (a lost wake-up would hang this test).
    [Fact]
    public void Posts_racing_with_the_loop_going_to_sleep_are_never_lost() =>
        LoopThread.Run(() =>
        {
            const int Posts = 20_000;
            EventLoop loop = EventLoop.Current;
            var (done, r) = Promise.Wait<int>();
            int ran = 0;
            _ = Task.Run(() =>
            {
                var random = new Random(7);
                for (int i = 0; i < Posts; i++)
                {
                    // Gaps from none to a few microseconds catch the loop awake, spinning or asleep.
                    Thread.SpinWait(random.Next(0, 2_000));
                    loop.PostFromAnyThread(_ =>
                    {
                        if (++ran == Posts)
                        {
                            r.Resolve(ran);
                        }
                    }, null);
                }
            });
            Assert.Equal(Posts, Main.Run(done));
        });

    // Detached functions come back whether the loop is still spinning for them or already asleep.
    [Fact]
    public void Detached_functions_come_back_whether_the_loop_spins_or_sleeps() =>
        LoopThread.Run(() =>
        {
            int sum = Main.Run(async () =>
            {
                int total = 0;
                for (int i = 0; i < 2_000; i++)
                {
                    int delay = i % 3 == 0 ? 0 : i % 3 == 1 ? 50 : 5_000;
                    total += await Preemptive.Detach(() =>
                    {
                        Thread.SpinWait(delay);
                        return 1;
                    });
                }

                return total;
            });
            Assert.Equal(2_000, sum);
        });

    [Fact]
    public void Iteration_hooks_run_in_order_every_iteration() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            var log = new List<string>();
            SequenceNode<Action> enter = loop.EnterIterationHooks.AddRight(() => log.Add("enter"));
            SequenceNode<Action> leave = loop.LeaveIterationHooks.AddRight(() => log.Add("leave"));
            Main.Run(() => Main.Yield().Bind(() => Main.Yield()));
            enter.Remove();
            leave.Remove();
            Assert.Equal(new[] { "enter", "leave", "enter", "leave" }, log);
        });

    // Lwt: an exception escaping a callback (here: a hook that rethrows) escapes Lwt_main.run.
    [Fact]
    public void Exception_from_a_callback_escapes_run_and_the_loop_can_run_again() =>
        LoopThread.Run(() =>
        {
            Promise.AsyncExceptionHook = static e => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            Assert.Throws<FormatException>(() => Main.Run(() =>
            {
                Promise y = Main.Yield();
                y.OnSuccess(() => throw new FormatException());
                return Time.Sleep(TimeSpan.FromSeconds(5));
            }));
            Assert.Equal(5, Main.Run(() => Main.Yield().Map(() => 5)));
        });

    [Fact]
    public void Exit_hooks_run_last_registered_first_and_failures_are_ignored() =>
        LoopThread.Run(() =>
        {
            var log = new List<int>();
            Main.AtExit(() => { log.Add(1); return Promise.Unit; });
            Main.AtExit(() => Promise.Fail(new FormatException()));
            Main.AtExit(() => { log.Add(3); return Main.Yield(); });
            Main.RunExitHooks();
            Assert.Equal(new[] { 3, 1 }, log);
        });

    [Fact]
    public void Exit_hooks_run_from_inside_the_running_loop()
    {
        // Lwt's at_exit handler abandons the wakeups, leaves the running state and runs the hooks
        // in a loop of their own, so calling exit from a callback still runs them (#758).
        LoopThread.Run(() =>
        {
            var log = new List<string>();
            Main.AtExit(async () =>
            {
                await Time.Sleep(TimeSpan.FromMilliseconds(5));
                log.Add("hook");
            });
            Main.Run(async () =>
            {
                await Main.Yield();
                Main.RunExitHooks();
                log.Add("after");
            });
            Assert.Equal(["hook", "after"], log);
        });
    }

    private static async Promise<int> PauseLoop(int n)
    {
        int i = 0;
        for (; i < n; i++)
        {
            await Main.Yield();
        }

        return i;
    }
}

public class SetEngineTests
{
    // Lwt: set_engine.ml (Lwt_engine.set then id)
    [Fact]
    public void The_loop_runs_on_a_poll_engine_after_SetEngine_with_its_timers_and_posts() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            Promise sleep = Time.Sleep(TimeSpan.FromMilliseconds(5));
            loop.SetEngine(new Engine.PollEngine());
            Assert.Equal(Engine.EngineKind.Poll, Main.Engine.Kind);
            Main.Run(sleep);
            var (posted, r) = Promise.Wait<int>();
            _ = System.Threading.Tasks.Task.Run(() => loop.PostFromAnyThread(_ => r.Resolve(3), null));
            Assert.Equal(3, Main.Run(posted));
        });

    [Fact]
    public void SetEngine_without_transfer_still_wakes_on_posts() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            loop.SetEngine(new Engine.PollEngine(), transfer: false);
            var (posted, r) = Promise.Wait<int>();
            _ = System.Threading.Tasks.Task.Run(() => loop.PostFromAnyThread(_ => r.Resolve(4), null));
            Assert.Equal(4, Main.Run(posted));
        });

    [Fact]
    public void The_default_engine_is_epoll() =>
        LoopThread.Run(() => Assert.Equal(Engine.EngineKind.Epoll, Main.Engine.Kind));
}
