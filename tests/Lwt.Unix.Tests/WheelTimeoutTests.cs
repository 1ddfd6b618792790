using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

// Lwt: test/unix/test_lwt_timeout.ml, ported by intent. Lwt's wheel ticks once a second; the
// tests shorten the tick of their own thread's wheel (WheelTimeout.TickOverride) so that a
// "second" is Tick here, and keep Lwt's bounds in ticks: never early, generous when late.
public class WheelTimeoutTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    // Lower bounds get a little slack for the clock granularity; upper bounds are generous.
    private static void AssertBetween(TimeSpan elapsed, double minTicks, double maxTicks)
    {
        Assert.True(elapsed >= Tick * minTicks - TimeSpan.FromMilliseconds(2), $"fired early: {elapsed} < {minTicks} ticks");
        Assert.True(elapsed < Tick * maxTicks + TimeSpan.FromSeconds(2), $"fired far too late: {elapsed}");
    }

    private static void OnWheelThread(Action body) =>
        LoopThread.Run(() =>
        {
            WheelTimeout.TickOverride = Tick;
            body();
        });

    private static Promise<bool> TrueAfter(double ticks) => Time.Sleep(Tick * ticks).Map(static () => true);

    // Lwt: "basic" (an idle wheel fires a 1-second timeout after 2 ticks: Lwt's known over-delay)
    [Fact]
    public void Basic_fires_after_delay_plus_one_tick_on_an_idle_wheel() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout.Create(1, () => r.ResolveLater(sw.Elapsed)).Start();
            AssertBetween(Main.Run(p), 2, 3);
        });

    // Lwt: "not started"
    [Fact]
    public void Not_started_never_fires() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout t = WheelTimeout.Create(1, () => r.TryResolve(false));
            Assert.False(t.IsStarted);
            Promise.Async(() => TrueAfter(3).Map(x => { r.TryResolve(x); return true; }));
            Assert.True(Main.Run(p));
        });

    // Lwt: "double start"
    [Fact]
    public void Double_start_fires_once() =>
        OnWheelThread(() =>
        {
            int completions = 0;
            WheelTimeout t = WheelTimeout.Create(1, () => completions++);
            t.Start();
            t.Start();
            Main.Run(TrueAfter(4));
            Assert.Equal(1, completions);
        });

    // Lwt: "restart"
    [Fact]
    public void An_action_can_restart_its_timeout() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<bool>();
            int completions = 0;
            WheelTimeout? t = null;
            t = WheelTimeout.Create(1, () =>
            {
                completions++;
                if (completions < 2)
                {
                    t!.Start();
                }
                else
                {
                    r.ResolveLater(true);
                }
            });
            t.Start();
            Assert.True(Main.Run(p));
            Assert.Equal(2, completions);
        });

    // Lwt: "stop"
    [Fact]
    public void Stop_prevents_the_action() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout t = WheelTimeout.Create(1, () => r.TryResolve(false));
            t.Start();
            t.Stop();
            Assert.False(t.IsStarted);
            Promise.Async(() => TrueAfter(3).Map(x => { r.TryResolve(x); return true; }));
            Assert.True(Main.Run(p));
        });

    // Lwt: "stop when not stopped"
    [Fact]
    public void Stop_on_a_stopped_timeout_does_nothing() =>
        OnWheelThread(() =>
        {
            WheelTimeout t = WheelTimeout.Create(1, static () => { });
            t.Stop();
            t.Stop();
            Assert.False(t.IsStarted);
        });

    // Lwt: "invalid delay", "change: invalid delay", plus null arguments
    [Fact]
    public void Bad_input_throws() =>
        OnWheelThread(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => WheelTimeout.Create(0, static () => { }));
            Assert.Throws<ArgumentOutOfRangeException>(() => WheelTimeout.Create(-5, static () => { }));
            Assert.Throws<ArgumentNullException>(() => WheelTimeout.Create(1, null!));
            Assert.Throws<ArgumentNullException>(() => WheelTimeout.SetExceptionHandler(null!));
            WheelTimeout t = WheelTimeout.Create(1, static () => { });
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Change(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Change(-1));
        });

    [Fact]
    public void Using_a_timeout_on_another_thread_throws()
    {
        WheelTimeout t = LoopThread.Run(() => WheelTimeout.Create(1, static () => { }));
        LoopThread.Run(() =>
        {
            Assert.Throws<InvalidOperationException>(t.Start);
            Assert.Throws<InvalidOperationException>(t.Stop);
            Assert.Throws<InvalidOperationException>(() => t.Change(2));
        });
    }

    // Lwt: "change"
    [Fact]
    public void Change_before_start_sets_the_delay() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout t = WheelTimeout.Create(30, () => r.ResolveLater(sw.Elapsed));
            t.Change(1);
            Assert.False(t.IsStarted);
            t.Start();
            TimeSpan elapsed = Main.Run(p);
            AssertBetween(elapsed, 2, 3);
            Assert.True(elapsed < Tick * 20, $"the old delay was used: {elapsed}");
        });

    // Lwt: "change does not start"
    [Fact]
    public void Change_does_not_start() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout t = WheelTimeout.Create(1, () => r.TryResolve(false));
            t.Change(1);
            Promise.Async(() => TrueAfter(3).Map(x => { r.TryResolve(x); return true; }));
            Assert.True(Main.Run(p));
        });

    // Lwt: "change after start"
    [Fact]
    public void Change_after_start_restarts_with_the_new_delay() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout t = WheelTimeout.Create(30, () => r.ResolveLater(sw.Elapsed));
            t.Start();
            t.Change(1);
            Assert.True(t.IsStarted);
            TimeSpan elapsed = Main.Run(p);
            AssertBetween(elapsed, 2, 3);
            Assert.True(elapsed < Tick * 20, $"the old delay was used: {elapsed}");
        });

    // Lwt: "exception in action"
    [Fact]
    public void An_exception_goes_to_the_async_exception_hook_by_default() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<Exception>();
            Promise.AsyncExceptionHook = e => r.ResolveLater(e);
            WheelTimeout.Create(1, static () => throw new TimeZoneNotFoundException("x")).Start();
            Assert.IsType<TimeZoneNotFoundException>(Main.Run(p));
        });

    // Lwt: "set_exn_handler"
    [Fact]
    public void SetExceptionHandler_receives_exceptions_and_the_wheel_goes_on() =>
        OnWheelThread(() =>
        {
            var seen = new List<Exception>();
            WheelTimeout.SetExceptionHandler(seen.Add);
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout.Create(1, static () => throw new TimeZoneNotFoundException("x")).Start();
            WheelTimeout.Create(1, () => r.ResolveLater(true)).Start();
            Assert.True(Main.Run(p));
            Assert.IsType<TimeZoneNotFoundException>(Assert.Single(seen));
        });

    // Lwt: "two"
    [Fact]
    public void Two_timeouts_fire_in_delay_order() =>
        OnWheelThread(() =>
        {
            var (p1, r1) = Promise.Wait<TimeSpan>();
            var (p2, r2) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout.Create(1, () => r1.Resolve(sw.Elapsed)).Start();
            WheelTimeout.Create(2, () => r2.Resolve(sw.Elapsed)).Start();
            (TimeSpan d1, TimeSpan d2) = Main.Run(Promise.Both(p1, p2));
            AssertBetween(d1, 2, 3);
            AssertBetween(d2, 3, 4);
            Assert.True(d1 < d2);
        });

    // Lwt: "simultaneous"
    [Fact]
    public void Simultaneous_timeouts_both_fire() =>
        OnWheelThread(() =>
        {
            var (p1, r1) = Promise.Wait<TimeSpan>();
            var (p2, r2) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout.Create(1, () => r1.Resolve(sw.Elapsed)).Start();
            WheelTimeout.Create(1, () => r2.Resolve(sw.Elapsed)).Start();
            (TimeSpan d1, TimeSpan d2) = Main.Run(Promise.Both(p1, p2));
            AssertBetween(d1, 1, 3);
            AssertBetween(d2, 1, 3);
        });

    // Lwt: "two, first stopped"
    [Fact]
    public void Stopping_one_leaves_the_other() =>
        OnWheelThread(() =>
        {
            var (p1, r1) = Promise.Wait<bool>();
            var (p2, r2) = Promise.Wait<TimeSpan>();
            var sw = Stopwatch.StartNew();
            WheelTimeout t1 = WheelTimeout.Create(1, () => r1.TryResolve(false));
            t1.Start();
            WheelTimeout.Create(2, () => r2.Resolve(sw.Elapsed)).Start();
            t1.Stop();
            Promise.Async(() => TrueAfter(4).Map(x => { r1.TryResolve(x); return true; }));
            (bool notFired, TimeSpan d2) = Main.Run(Promise.Both(p1, p2));
            Assert.True(notFired);
            AssertBetween(d2, 2, 4);
        });

    [Fact]
    public void A_started_timeout_on_a_running_wheel_never_fires_early() =>
        OnWheelThread(() =>
        {
            // Keep the wheel turning, then start timeouts at arbitrary points between ticks.
            WheelTimeout.Create(10, static () => { }).Start();
            var results = new List<Promise<TimeSpan>>();
            var delays = new List<int>();
            Main.Run(Time.Sleep(Tick * 0.5));
            for (int i = 0; i < 4; i++)
            {
                int d = 1 + (i % 2);
                var (p, r) = Promise.Wait<TimeSpan>();
                var sw = Stopwatch.StartNew();
                WheelTimeout.Create(d, () => r.Resolve(sw.Elapsed)).Start();
                results.Add(p);
                delays.Add(d);
                Main.Run(Time.Sleep(Tick * 0.3));
            }

            TimeSpan[] elapsed = Main.Run(Promise.All(results));
            for (int i = 0; i < elapsed.Length; i++)
            {
                AssertBetween(elapsed[i], delays[i], delays[i] + 1);
            }
        });

    [Fact]
    public void The_wheel_stops_sleeping_when_nothing_is_scheduled() =>
        OnWheelThread(() =>
        {
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout.Create(1, () => r.ResolveLater(true)).Start();
            Assert.Equal(1, Main.Engine.TimerCount);
            Main.Run(p);
            Main.Run(TrueAfter(1.5));
            Assert.Equal(0, Main.Engine.TimerCount);
        });

    [Fact]
    public void A_new_loop_on_the_thread_gets_a_new_wheel() =>
        OnWheelThread(() =>
        {
            WheelTimeout old = WheelTimeout.Create(1, static () => { });
            old.Start();
            EventLoop.Current.Dispose();

            // The old wheel's sleep died with its loop; the thread's next loop must still fire timeouts.
            Assert.Throws<InvalidOperationException>(old.Stop);
            var (p, r) = Promise.Wait<bool>();
            WheelTimeout.Create(1, () => r.ResolveLater(true)).Start();
            Assert.True(Main.Run(p));
        });
}
