// Engine.cs: what an event engine is (Lwt's Lwt_engine.t): descriptor watches and timers, and one
// iteration that waits for I/O or the next deadline, then runs what became ready. Timers are kept
// here, in one heap shared by every engine kind; a kind only says how to wait for descriptors.

using System;
using System.Diagnostics;

namespace Lwt.Unix.Engine;

/// <summary>
/// An event engine (Lwt's <c>Lwt_engine.t</c>): readable/writable watches on descriptors (level
/// triggered: the callback runs on every iteration while the descriptor is ready, until stopped),
/// timers, and <see cref="Iterate"/>. The loop owns one; everything here runs on the loop's thread.
/// </summary>
public abstract class Engine : IDisposable
{
    private protected Engine()
    {
    }

    /// <summary>How many timers are running (Lwt's <c>timer_count</c>), sleeps included.</summary>
    public int TimerCount => Timers.Count;

    /// <summary>How many readable watches are registered (Lwt's <c>readable_count</c>).</summary>
    public abstract int ReadableCount { get; }

    /// <summary>How many writable watches are registered (Lwt's <c>writable_count</c>).</summary>
    public abstract int WritableCount { get; }

    internal TimerHeap Timers { get; } = new();

    /// <summary>Now on the monotonic clock, in <see cref="Stopwatch"/> ticks.</summary>
    internal static long Now => Stopwatch.GetTimestamp();

    /// <summary>Calls <paramref name="callback"/> on every iteration while <paramref name="fd"/> is readable (Lwt's <c>on_readable</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="callback">Receives the event; may stop it.</param>
    /// <returns>The event, to stop it.</returns>
    /// <exception cref="UnixException">The descriptor cannot be watched (closed, not pollable).</exception>
    public abstract EngineEvent OnReadable(int fd, Action<EngineEvent> callback);

    /// <summary>Calls <paramref name="callback"/> on every iteration while <paramref name="fd"/> is writable (Lwt's <c>on_writable</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="callback">Receives the event; may stop it.</param>
    /// <returns>The event, to stop it.</returns>
    /// <exception cref="UnixException">The descriptor cannot be watched (closed, not pollable).</exception>
    public abstract EngineEvent OnWritable(int fd, Action<EngineEvent> callback);

    /// <summary>Calls every readable and writable callback of <paramref name="fd"/> now, as if it were ready (Lwt's <c>fake_io</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    public abstract void FakeIO(int fd);

    /// <summary>
    /// Calls <paramref name="callback"/> after <paramref name="delay"/>, once or, with
    /// <paramref name="repeat"/>, every <paramref name="delay"/> until stopped (Lwt's <c>on_timer</c>).
    /// A timer never fires early.
    /// </summary>
    /// <param name="delay">The delay; negative counts as zero.</param>
    /// <param name="repeat">Whether to fire again every <paramref name="delay"/>.</param>
    /// <param name="callback">Receives the event; may stop it.</param>
    /// <returns>The event, to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public EngineEvent OnTimer(TimeSpan delay, bool repeat, Action<EngineEvent> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TimerEvent(this, ToTicks(delay), repeat, callback);
        Timers.Add(timer, Now + timer.Period);
        return timer;
    }

    /// <summary>
    /// One iteration (Lwt's <c>iter</c>): waits for descriptors to be ready, at most until the next
    /// timer (not at all unless <paramref name="block"/>), runs the ready callbacks, then the timers due.
    /// </summary>
    /// <param name="block">Whether to wait when nothing is ready.</param>
    public void Iterate(bool block)
    {
        int timeout = 0;
        if (block)
        {
            long next = Timers.NextDeadline;
            timeout = next == long.MaxValue ? -1 : MillisecondsUntil(next);
        }

        WaitAndDispatch(timeout);
        if (Timers.Count != 0)
        {
            Timers.FireExpired(Now);
        }
    }

    /// <summary>Stops everything and releases the engine's resources (Lwt's <c>destroy</c>).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the engine's resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Waits at most <paramref name="timeoutMs"/> (-1: no limit) for descriptors, then runs the ready callbacks.</summary>
    private protected abstract void WaitAndDispatch(int timeoutMs);

    internal static long ToTicks(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(delay.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    /// <summary>Rounded up, so that waiting that long never wakes before the deadline.</summary>
    private static int MillisecondsUntil(long deadline)
    {
        long ticks = deadline - Now;
        if (ticks <= 0)
        {
            return 0;
        }

        double ms = Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
        return ms >= int.MaxValue ? int.MaxValue : (int)ms;
    }

    private sealed class TimerEvent(Engine engine, long period, bool repeat, Action<EngineEvent> callback)
        : EngineEvent(callback), ITimer
    {
        internal long Period { get; } = period;

        public int HeapIndex { get; set; } = -1;

        public void OnTimer()
        {
            if (repeat)
            {
                engine.Timers.Add(this, Now + Period);
            }
            else
            {
                IsStopped = true;
            }

            Callback(this);
        }

        private protected override void OnStop() => engine.Timers.Remove(this);
    }
}
