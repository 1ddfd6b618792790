using System;
using System.Collections.Generic;
using System.Diagnostics;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class SleepAndTimeoutTests
{
    // Lwt: test_sleep_and_timeout.ml › "sleep"
    [Fact]
    public void Sleep_never_resolves_early() =>
        LoopThread.Run(() =>
        {
            var sw = Stopwatch.StartNew();
            Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(30)));
            Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(30), $"woke after {sw.Elapsed}");
        });

    [Fact]
    public void Sleep_is_pending_until_the_loop_runs() =>
        LoopThread.Run(() =>
        {
            Promise s = Time.Sleep(TimeSpan.Zero);
            Assert.True(s.IsPending);
            Main.Run(s);
            Assert.True(s.IsFulfilled);
        });

    [Fact]
    public void Delays_of_centuries_never_fire() =>
        LoopThread.Run(() =>
        {
            // Lwt's sleep of max_float never fires; a deadline that overflowed would fire at once.
            Promise forever = Time.Sleep(TimeSpan.MaxValue);
            Promise<int> bounded = Time.WithTimeout(TimeSpan.MaxValue, () => Time.Sleep(TimeSpan.FromMilliseconds(30)).Map(() => 1));
            int fired = 0;
            Lwt.Unix.Engine.EngineEvent timer = EventLoop.Current.Engine.OnTimer(TimeSpan.MaxValue, repeat: true, _ => fired++);
            Assert.Equal(1, Main.Run(bounded));
            Main.Run(Time.Sleep(TimeSpan.FromMilliseconds(20)));
            Assert.True(forever.IsPending);
            Assert.Equal(0, fired);
            forever.Cancel();
            timer.Stop();
        });

    [Fact]
    public void Ten_thousand_sleeps_resolve_in_deadline_order() =>
        LoopThread.Run(() =>
        {
            // A sleep's deadline is its creation time plus its delay. The test cannot read the clock at
            // the same instant as Sleep, so it brackets it: [before, after] + delay. Two sleeps are out
            // of order only if the earlier-fired one's deadline is surely later than the next one's.
            var order = new List<(long Earliest, long Latest)>();
            var all = new List<Promise>();
            var rng = new Random(7);
            for (int i = 0; i < 10_000; i++)
            {
                int d = rng.Next(0, 50);
                long delay = d * Stopwatch.Frequency / 1000;
                long before = Stopwatch.GetTimestamp();
                Promise sleep = Time.Sleep(TimeSpan.FromMilliseconds(d));
                long after = Stopwatch.GetTimestamp();
                all.Add(sleep.Map(() => { order.Add((before + delay, after + delay + 1)); return 0; }));
            }

            Main.Run(Promise.Join(all));
            Assert.Equal(10_000, order.Count);
            for (int i = 1; i < order.Count; i++)
            {
                Assert.True(order[i - 1].Earliest <= order[i].Latest, $"out of order at {i}");
            }
        });

    [Fact]
    public void Canceling_a_sleep_removes_its_timer() =>
        LoopThread.Run(() =>
        {
            Engine.Engine engine = Main.Engine;
            int before = engine.TimerCount;
            Promise s = Time.Sleep(TimeSpan.FromHours(1));
            Assert.Equal(before + 1, engine.TimerCount);
            s.Cancel();
            Assert.True(s.IsCanceled);
            Assert.Equal(before, engine.TimerCount);
        });

    [Fact]
    public void A_sleep_is_one_object_of_a_plain_promise_size() =>
        LoopThread.Run(() =>
        {
            // Grow the heap first (it keeps its chunks), so that only the sleeps themselves are counted.
            var warm = new Promise[3000];
            for (int i = 0; i < warm.Length; i++)
            {
                warm[i] = Time.Sleep(TimeSpan.FromHours(1));
            }

            foreach (Promise p in warm)
            {
                p.Cancel();
            }

            var sleeps = new Promise[1000];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < sleeps.Length; i++)
            {
                sleeps[i] = Time.Sleep(TimeSpan.FromHours(1));
            }

            long perSleep = (GC.GetAllocatedBytesForCurrentThread() - before) / sleeps.Length;
            Assert.Equal(40, perSleep);
            foreach (Promise p in sleeps)
            {
                p.Cancel();
            }
        });

    [Fact]
    public void Canceling_a_join_of_many_sleeps_removes_every_timer() =>
        LoopThread.Run(() =>
        {
            // One cancel walk rejects every sleep first, then runs their cancel callbacks one by
            // one; the heap is rebuilt while some of those callbacks have yet to run.
            Engine.Engine engine = Main.Engine;
            int before = engine.TimerCount;
            var sleeps = new Promise[500];
            for (int i = 0; i < sleeps.Length; i++)
            {
                sleeps[i] = Time.Sleep(TimeSpan.FromHours(1));
            }

            Promise all = Promise.Join(sleeps);
            Promise survivor = Time.Sleep(TimeSpan.FromMilliseconds(1));
            all.Cancel();
            Assert.All(sleeps, s => Assert.True(s.IsCanceled));
            Assert.Equal(before + 1, engine.TimerCount);
            Main.Run(survivor);
            Assert.Equal(before, engine.TimerCount);
        });

    [Fact]
    public void Canceling_a_sleep_that_a_bind_result_follows_removes_its_timer() =>
        LoopThread.Run(() =>
        {
            // The sleep, returned by the bind's function while pending, becomes a proxy of the
            // bind's result: canceling the result reaches the sleep's timer all the same.
            Engine.Engine engine = Main.Engine;
            int before = engine.TimerCount;
            var (head, r) = Promise.Wait();
            Promise followed = head.Bind(() => Time.Sleep(TimeSpan.FromHours(1)));
            r.Resolve();
            Assert.Equal(before + 1, engine.TimerCount);
            followed.Cancel();
            Assert.True(followed.IsCanceled);
            Assert.Equal(before, engine.TimerCount);
        });

    [Fact]
    public void Sleeps_moved_to_a_new_engine_fire_there_and_canceling_one_removes_it_from_the_new_engine() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            Promise canceled = Time.Sleep(TimeSpan.FromHours(1));
            Promise fires = Time.Sleep(TimeSpan.FromMilliseconds(5));
            loop.SetEngine(new Engine.PollEngine());
            Assert.Equal(2, Main.Engine.TimerCount);
            loop.SetEngine(new Engine.SelectEngine());
            Assert.Equal(2, Main.Engine.TimerCount);
            canceled.Cancel();
            Assert.Equal(1, Main.Engine.TimerCount);
            Main.Run(fires);
            Assert.Equal(0, Main.Engine.TimerCount);
            Assert.True(canceled.IsCanceled);
        });

    [Fact]
    public void Canceling_a_sleep_left_in_an_engine_that_was_replaced_without_transfer_does_not_touch_the_new_engine() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            Engine.Engine old = Main.Engine;
            Promise left = Time.Sleep(TimeSpan.FromHours(1));
            Assert.Equal(1, old.TimerCount);
            loop.SetEngine(new Engine.PollEngine(), transfer: false, destroy: false);
            try
            {
                Promise moved = Time.Sleep(TimeSpan.FromHours(1));
                Assert.Equal(1, Main.Engine.TimerCount);
                left.Cancel();
                Assert.Equal(0, old.TimerCount);
                Assert.Equal(1, Main.Engine.TimerCount);
                moved.Cancel();
                Assert.Equal(0, Main.Engine.TimerCount);
            }
            finally
            {
                old.Dispose();
            }
        });

    // Lwt: test_sleep_and_timeout.ml › "timeout"
    [Fact]
    public void Timeout_rejects_with_TimeoutException() =>
        LoopThread.Run(() => Assert.Throws<TimeoutException>(() => Main.Run(() => Time.Timeout(TimeSpan.FromMilliseconds(5)))));

    // Lwt: test_sleep_and_timeout.ml › "with_timeout : no timeout"
    [Fact]
    public void WithTimeout_gives_the_value_and_cancels_the_timer_when_the_work_wins() =>
        LoopThread.Run(() =>
        {
            int before = Main.Engine.TimerCount;
            Assert.Equal(4, Main.Run(() => Time.WithTimeout(TimeSpan.FromSeconds(10), () => Time.Sleep(TimeSpan.FromMilliseconds(1)).Map(() => 4))));
            Assert.Equal(before, Main.Engine.TimerCount);
        });

    // Lwt: test_sleep_and_timeout.ml › "with_timeout : timeout"
    [Fact]
    public void WithTimeout_cancels_the_work_and_rejects_when_time_runs_out() =>
        LoopThread.Run(() =>
        {
            var (work, _) = Promise.Cancelable<int>();
            Assert.Throws<TimeoutException>(() => Main.Run(() => Time.WithTimeout(TimeSpan.FromMilliseconds(5), () => work)));
            Assert.True(work.IsCanceled);
        });

    [Fact]
    public void Engine_timer_repeats_until_stopped() =>
        LoopThread.Run(() =>
        {
            int fired = 0;
            var (done, r) = Promise.Wait();
            Main.Engine.OnTimer(TimeSpan.FromMilliseconds(1), repeat: true, ev =>
            {
                if (++fired == 3)
                {
                    ev.Stop();
                    r.Resolve();
                }
            });
            Main.Run(done);
            Assert.Equal(3, fired);
            Assert.Equal(0, Main.Engine.TimerCount);
        });
}

public class AutoPauseTests
{
    // Lwt: test_sleep_and_timeout.ml › "auto_pause"
    [Fact]
    public void AutoPause_pauses_only_once_the_interval_has_passed() =>
        LoopThread.Run(() =>
        {
            Func<Promise> autoPause = Time.AutoPause(TimeSpan.FromMilliseconds(20));
            Assert.True(autoPause().IsFulfilled);
            Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(25)));
            Promise p = autoPause();
            Assert.True(p.IsPending);
            Assert.True(autoPause().IsFulfilled);
            Main.Run(p);
        });

    // Lwt: test_sleep_and_timeout.ml › "pause"
    [Fact]
    public void Pause_is_not_immediate() =>
        LoopThread.Run(() =>
        {
            Promise p = Promise.Pause();
            Assert.True(p.IsPending);
            Main.Run(p);
            Assert.True(p.IsFulfilled);
        });

    [Fact]
    public void AbandonYieldedAndPaused_leaves_yielded_promises_pending() =>
        LoopThread.Run(() =>
        {
            Promise p = Main.Yield();
            Main.AbandonYieldedAndPaused();
            Assert.Equal(0, Promise.PausedCount);
            Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(1)));
            Assert.True(p.IsPending);
        });
}
