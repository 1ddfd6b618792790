// Time.cs: Lwt_unix's sleep, timeout and with_timeout. A sleep is one object: the promise is
// also its timer in the engine's heap, and canceling it takes it out of the heap.

using System;
using System.Diagnostics;
using Lwt.Internal;
using Lwt.Unix.Engine;

namespace Lwt.Unix;

/// <summary>Timers on the current thread's loop (Lwt_unix's <c>sleep</c>, <c>timeout</c>, <c>with_timeout</c>).</summary>
public static class Time
{
    /// <summary>
    /// A promise fulfilled once <paramref name="delay"/> has passed, never earlier (Lwt's
    /// <c>Lwt_unix.sleep</c>). Canceling it rejects it with <see cref="CanceledException"/> and removes its timer.
    /// </summary>
    /// <param name="delay">The delay; zero or negative fires in the next iteration.</param>
    /// <returns>The cancelable sleeping promise.</returns>
    public static Promise Sleep(TimeSpan delay)
    {
        EventLoop loop = EventLoop.Current;
        TimerHeap timers = loop.Engine.Timers;
        var sleep = new SleepPromise(loop.Runtime, timers);
        timers.Add(sleep, Engine.Engine.After(Engine.Engine.Now, Engine.Engine.ToTicks(delay)));
        return sleep;
    }

    /// <summary>
    /// A promise rejected with <see cref="TimeoutException"/> once <paramref name="delay"/> has passed
    /// (Lwt's <c>Lwt_unix.timeout</c>). Canceling it cancels the sleep.
    /// </summary>
    /// <param name="delay">The delay.</param>
    /// <returns>The promise.</returns>
    public static Promise Timeout(TimeSpan delay) =>
        Sleep(delay).Bind(static () => Promise.Fail(new TimeoutException("Lwt_unix.Timeout: the time limit passed.")));

    /// <summary>
    /// Runs <paramref name="f"/> against a timer (Lwt's <c>Lwt_unix.with_timeout</c>): if it finishes
    /// first, the timer is canceled; if the timer does, <paramref name="f"/>'s promise is canceled and
    /// the result is rejected with <see cref="TimeoutException"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="delay">The time limit.</param>
    /// <param name="f">The computation; an exception it throws rejects the result.</param>
    /// <returns>A promise of <paramref name="f"/>'s value, or rejected with <see cref="TimeoutException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<T> WithTimeout<T>(TimeSpan delay, Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise<T> timeout = Timeout(delay).Bind(static () => Promise.Return(default(T)!));
        return Promise.Pick(timeout, Promise.Apply(static g => g(), f));
    }

    /// <summary>
    /// A function that pauses (<see cref="Promise.Pause"/>) at most once per <paramref name="interval"/>
    /// and otherwise returns a fulfilled promise (Lwt's <c>Lwt_unix.auto_pause</c>): call it in a
    /// long loop to let I/O in regularly without paying for a pause on every turn.
    /// </summary>
    /// <param name="interval">The least time between two pauses.</param>
    /// <returns>The function.</returns>
    public static Func<Promise> AutoPause(TimeSpan interval)
    {
        long period = Engine.Engine.ToTicks(interval);
        long next = Engine.Engine.After(Engine.Engine.Now, period);
        return () =>
        {
            long now = Engine.Engine.Now;
            if (now < next)
            {
                return Promise.Unit;
            }

            next = Engine.Engine.After(now, period);
            return Promise.Pause();
        };
    }

    /// <summary>The promise of a sleep, and its own timer.</summary>
    private sealed class SleepPromise : Promise, ITimer
    {
        // The heap is the sleep's cancel callback: canceling the sleep tells the heap that its
        // entry is dead. Held there rather than in a field, it costs the sleep nothing: a sleep
        // is 40 bytes, the size of a plain promise.
        internal SleepPromise(PromiseRuntime runtime, TimerHeap heap)
            : base(CancelKind.CancelThis, null, runtime)
        {
            AddCancelCallback(heap);
        }

        /// <summary>A sleep is armed once, when made, and has one entry: it is live while the sleep is pending.</summary>
        public bool IsArmedIn(TimerHeap heap, long deadline) => Underlying()._status == Status.Pending;

        public void SetArmed(TimerHeap? heap, long deadline)
        {
        }

        public void OnTimer(TimerHeap heap)
        {
            Promise u = Underlying();
            if (u._status == Status.Pending)
            {
                u.FulfillUnit();
            }
        }
    }
}
