// Engine.cs: what an event engine is (Lwt's Lwt_engine.t): descriptor watches and timers, and one
// iteration that waits for I/O or the next deadline, then runs what became ready. Timers are kept
// here, in one heap shared by every engine kind; a kind only says how to wait for descriptors.

using System;
using System.Collections.Generic;
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
    public int ReadableCount => Watches.ReadableCount;

    /// <summary>How many writable watches are registered (Lwt's <c>writable_count</c>).</summary>
    public int WritableCount => Watches.WritableCount;

    /// <summary>Which kind of engine this is (Lwt's <c>id</c>).</summary>
    public abstract EngineKind Kind { get; }

    internal TimerHeap Timers { get; } = new();

    /// <summary>The loop that owns this engine, told around every wait that may block (see <see cref="IWaitGate"/>).</summary>
    internal IWaitGate? Gate { get; set; }

    private protected abstract DescriptorWatches Watches { get; }

    /// <summary>Now on the monotonic clock, in <see cref="Stopwatch"/> ticks.</summary>
    internal static long Now => Stopwatch.GetTimestamp();

    /// <summary>Calls <paramref name="callback"/> on every iteration while <paramref name="fd"/> is readable (Lwt's <c>on_readable</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="callback">Receives the event; may stop it.</param>
    /// <returns>The event, to stop it.</returns>
    /// <exception cref="UnixException">The descriptor cannot be watched (closed, not pollable).</exception>
    public EngineEvent OnReadable(int fd, Action<EngineEvent> callback) => Watches.Watch(fd, callback, writable: false);

    /// <summary>Calls <paramref name="callback"/> on every iteration while <paramref name="fd"/> is writable (Lwt's <c>on_writable</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="callback">Receives the event; may stop it.</param>
    /// <returns>The event, to stop it.</returns>
    /// <exception cref="UnixException">The descriptor cannot be watched (closed, not pollable).</exception>
    public EngineEvent OnWritable(int fd, Action<EngineEvent> callback) => Watches.Watch(fd, callback, writable: true);

    /// <summary>Calls every readable and writable callback of <paramref name="fd"/> now, as if it were ready (Lwt's <c>fake_io</c>).</summary>
    /// <param name="fd">The descriptor.</param>
    public void FakeIO(int fd) => Watches.FakeIO(fd);

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
        var timer = new TimerEvent(ToTicks(delay), repeat, callback);
        Timers.Add(timer, After(Now, timer.Period));
        return timer;
    }

    // The callbacks of the descriptors found ready by the last wait, reused from one iteration to the next.
    private readonly List<DescriptorWatches.IoEvent> _ready = [];

    /// <summary>
    /// One iteration (Lwt's <c>iter</c>): waits for descriptors to be ready, at most until the next
    /// timer (not at all unless <paramref name="block"/>), runs the timers due, then the callbacks of
    /// the ready descriptors (those stopped meanwhile, by a timer's callback say, are skipped).
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

        if (timeout != 0 && Gate is { } gate)
        {
            if (!gate.EnterBlockingWait())
            {
                timeout = 0;
            }

            try
            {
                Wait(timeout, _ready);
            }
            finally
            {
                gate.LeaveBlockingWait();
            }
        }
        else
        {
            Wait(timeout, _ready);
        }

        // Lwt's order (its select and poll engines, and libev's pending queue): the timers due
        // when the wait returned, then the descriptors' callbacks. A timer that a callback
        // starts waits for the next iteration, even with no delay, as Lwt's new sleepers do.
        if (Timers.Count != 0)
        {
            Timers.FireExpired(Now);
        }

        RunReady(_ready);
    }

    /// <summary>
    /// Whether this engine receives signal <paramref name="signal"/> itself, so that the loop must
    /// not install its own handler for it (Lwt's <c>forwards_signal</c>); false for the engines here.
    /// </summary>
    /// <param name="signal">The signal number.</param>
    /// <returns>False.</returns>
    public virtual bool ForwardsSignal(int signal) => false;

    /// <summary>
    /// Moves every watch and timer of this engine to <paramref name="target"/> (Lwt's
    /// <c>transfer</c>). Event handles stay valid and now stop their event on the target; timers
    /// keep their deadlines (Lwt restarts them with their full delay).
    /// </summary>
    /// <param name="target">The engine that takes over.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="UnixException">The target refused a descriptor.</exception>
    public void Transfer(Engine target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(target, this))
        {
            return;
        }

        Watches.TransferTo(target.Watches);
        Timers.MoveAllTo(target.Timers);
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
        Watches.Clear();
    }

    /// <summary>Runs the callbacks collected after a wait (skipping those stopped meanwhile), then forgets them.</summary>
    private static void RunReady(List<DescriptorWatches.IoEvent> ready)
    {
        try
        {
            foreach (DescriptorWatches.IoEvent e in ready)
            {
                e.Invoke();
            }
        }
        finally
        {
            ready.Clear();
        }
    }

    /// <summary>Waits at most <paramref name="timeoutMs"/> (-1: no limit) for descriptors and adds the callbacks of those ready to <paramref name="ready"/>.</summary>
    private protected abstract void Wait(int timeoutMs, List<DescriptorWatches.IoEvent> ready);

    internal static long ToTicks(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(delay.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    /// <summary>
    /// <paramref name="ticks"/> after <paramref name="from"/>, saturated: a delay of centuries
    /// (<see cref="TimeSpan.MaxValue"/>, "forever") is a deadline never reached, not one that
    /// overflows into the past and fires at once.
    /// </summary>
    internal static long After(long from, long ticks) => ticks > long.MaxValue - from ? long.MaxValue : from + ticks;

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

    private sealed class TimerEvent(long period, bool repeat, Action<EngineEvent> callback)
        : EngineEvent(callback), ITimer
    {
        private TimerHeap? _heap;
        private long _deadline;

        internal long Period { get; } = period;

        public bool IsArmedIn(TimerHeap heap, long deadline) => _heap == heap && _deadline == deadline;

        public void SetArmed(TimerHeap? heap, long deadline)
        {
            _heap = heap;
            _deadline = deadline;
        }

        public void OnTimer(TimerHeap heap)
        {
            if (repeat)
            {
                heap.Add(this, After(Now, Period));
            }
            else
            {
                IsStopped = true;
            }

            Callback(this);
        }

        private protected override void OnStop()
        {
            if (_heap is { } heap)
            {
                _heap = null;
                heap.Disarmed();
            }
        }
    }
}

/// <summary>
/// What an engine asks its loop around a wait that may block, so that a thread posting work to
/// the loop writes its wake-up descriptor only while the loop really sleeps.
/// </summary>
internal interface IWaitGate
{
    /// <summary>Called before a wait that may block.</summary>
    /// <returns>False when work was posted meanwhile: the wait must not block.</returns>
    bool EnterBlockingWait();

    /// <summary>Called after that wait.</summary>
    void LeaveBlockingWait();
}
