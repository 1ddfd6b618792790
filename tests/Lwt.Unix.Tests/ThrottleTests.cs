using System;
using System.Diagnostics;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

// Lwt has no test file for Lwt_throttle; these pin the rules of lwt_throttle.ml (LWT-SEMANTICS.md
// 8.10) with the window shortened from one second to Period.
public class ThrottleTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private static Throttle<string> Make(int rate, int max) => new(rate, max, 0) { Period = Period };

    [Fact]
    public void Rate_grants_are_immediate_then_callers_wait_for_the_next_window() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 2, max: 10);
            var sw = Stopwatch.StartNew();
            Assert.True(t.Wait("a").Result);
            Assert.True(t.Wait("a").Result);
            Promise<bool> third = t.Wait("a");
            Promise<bool> fourth = t.Wait("a");
            Promise<bool> fifth = t.Wait("a");
            Assert.True(third.IsPending);
            Assert.Equal(3, t.WaitingCount);
            Assert.True(Main.Run(third));
            Assert.True(sw.Elapsed >= Period - TimeSpan.FromMilliseconds(2), $"released early: {sw.Elapsed}");
            Assert.True(fourth.IsFulfilled);
            Assert.True(fifth.IsPending);
            Assert.True(Main.Run(fifth));
            Assert.True(sw.Elapsed >= 2 * Period - TimeSpan.FromMilliseconds(2), $"released early: {sw.Elapsed}");
        });

    [Fact]
    public void Released_callers_use_the_grants_of_their_window() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 10);
            Assert.True(t.Wait("a").Result);
            Promise<bool> second = t.Wait("a");
            Assert.True(Main.Run(second));
            Assert.True(t.Wait("a").IsPending);
        });

    [Fact]
    public void Keys_are_independent() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 10);
            Assert.True(t.Wait("a").Result);
            Assert.True(t.Wait("b").Result);
            Assert.True(t.Wait("a").IsPending);
            Assert.True(t.Wait("B").IsFulfilled);
        });

    [Fact]
    public void Comparer_decides_what_is_the_same_key() =>
        LoopThread.Run(() =>
        {
            var t = new Throttle<string>(1, 10, 4, StringComparer.OrdinalIgnoreCase) { Period = Period };
            Assert.True(t.Wait("a").Result);
            Assert.True(t.Wait("A").IsPending);
        });

    [Fact]
    public void Past_max_waiters_the_answer_is_false_at_once() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 2);
            Assert.True(t.Wait("a").Result);
            Promise<bool> w1 = t.Wait("a");
            Promise<bool> w2 = t.Wait("b").Bind(_ => t.Wait("b"));
            Assert.True(w1.IsPending);
            Assert.True(w2.IsPending);
            Promise<bool> refused = t.Wait("c").Bind(_ => t.Wait("c"));
            Assert.True(refused.IsFulfilled);
            Assert.False(refused.Result);
            Main.Run(Promise.Join(w1, w2));
        });

    [Fact]
    public void A_canceled_waiter_does_not_use_a_grant() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 10);
            Assert.True(t.Wait("a").Result);
            Promise<bool> canceled = t.Wait("a");
            Promise<bool> next = t.Wait("a");
            canceled.Cancel();
            Assert.True(canceled.IsCanceled);
            Assert.True(Main.Run(next));
        });

    [Fact]
    public void The_cleaner_stops_when_nothing_is_tracked() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 10);
            Assert.True(t.Wait("a").Result);
            Assert.Equal(1, Main.Engine.TimerCount);
            Main.Run(Time.Sleep(Period * 2.5));
            Assert.Equal(0, Main.Engine.TimerCount);
            Assert.True(t.Wait("a").Result);
        });

    [Fact]
    public void Bad_input_throws() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new Throttle<string>(0, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Throttle<string>(-1, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Throttle<string>(1, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Throttle<string>(1, 1, -1));
            Assert.Throws<ArgumentNullException>(() => new Throttle<string>(1, 1, 0).Wait(null!));
        });

    [Fact]
    public void Waiters_are_released_on_a_new_loop_after_the_old_one_was_disposed() =>
        LoopThread.Run(() =>
        {
            Throttle<string> t = Make(rate: 1, max: 10);
            Assert.True(t.Wait("a").Result);
            EventLoop.Current.Dispose();
            Promise<bool> waiting = t.Wait("a");
            Assert.True(Main.Run(waiting));
        });
}
