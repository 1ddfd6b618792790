using System;
using System.Runtime.CompilerServices;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

// Lwt has no test file for Lwt_gc; these pin its contract: the function runs on the loop, after
// collection, with the value; finalise_or_exit runs it once, at exit or on collection.
public class GcTests
{
    private sealed class Resource
    {
        public int Id { get; init; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WatchAFreshResource(Func<Resource, Promise> f, bool orExit)
    {
        var r = new Resource { Id = 42 };
        if (orExit)
        {
            Gc.FinaliseOrExit(f, r);
        }
        else
        {
            Gc.Finalise(f, r);
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static int RunUntil(Promise<int> p)
    {
        Collect();
        return Main.Run(Promise.Pick(p, Time.Sleep(TimeSpan.FromSeconds(5)).Map(static () => -1)));
    }

    [Fact]
    public void Finalise_runs_the_function_on_the_loop_with_the_value() =>
        LoopThread.Run(() =>
        {
            var (p, r) = Promise.Wait<int>();
            int loopThread = Environment.CurrentManagedThreadId;
            WatchAFreshResource(
                res =>
                {
                    Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
                    r.Resolve(res.Id);
                    return Promise.Unit;
                },
                orExit: false);
            Assert.Equal(42, RunUntil(p));
        });

    [Fact]
    public void FinaliseOrExit_runs_on_collection_and_not_again_at_exit() =>
        LoopThread.Run(() =>
        {
            var (p, r) = Promise.Wait<int>();
            int calls = 0;
            WatchAFreshResource(
                res =>
                {
                    calls++;
                    r.TryResolve(res.Id);
                    return Promise.Unit;
                },
                orExit: true);
            Assert.Equal(42, RunUntil(p));
            Main.RunExitHooks();
            Assert.Equal(1, calls);
        });

    [Fact]
    public void FinaliseOrExit_runs_at_exit_when_the_value_is_alive_and_waits_for_it() =>
        LoopThread.Run(() =>
        {
            var alive = new Resource { Id = 7 };
            int calls = 0;
            bool finished = false;
            Gc.FinaliseOrExit(
                res =>
                {
                    calls += res.Id;
                    return Time.Sleep(TimeSpan.FromMilliseconds(20)).Map(() => finished = true);
                },
                alive);
            Main.RunExitHooks();
            Assert.Equal(7, calls);
            Assert.True(finished);
            GC.KeepAlive(alive);
        });

    [Fact]
    public void A_pending_finaliser_is_waited_for_at_exit() =>
        LoopThread.Run(() =>
        {
            var (called, r) = Promise.Wait<int>();
            bool finished = false;
            WatchAFreshResource(
                res =>
                {
                    r.Resolve(res.Id);
                    return Time.Sleep(TimeSpan.FromMilliseconds(30)).Map(() => finished = true);
                },
                orExit: false);
            Assert.Equal(42, RunUntil(called));
            Assert.False(finished);
            Main.RunExitHooks();
            Assert.True(finished);
        });

    [Fact]
    public void Bad_input_throws() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentNullException>(() => Gc.Finalise<Resource>(null!, new Resource()));
            Assert.Throws<ArgumentNullException>(() => Gc.Finalise(static (Resource _) => Promise.Unit, null!));
            Assert.Throws<ArgumentNullException>(() => Gc.FinaliseOrExit<Resource>(null!, new Resource()));
            Assert.Throws<ArgumentNullException>(() => Gc.FinaliseOrExit(static (Resource _) => Promise.Unit, null!));
        });
}
