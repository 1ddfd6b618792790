// EventLoop.cs: the loop of one thread (Lwt_main's loop, with Lwt_unix's notification pipe).
// Iteration order is Lwt's (LWT-SEMANTICS.md 3.2): enter hooks, one engine iteration (I/O and
// timers; blocking only when nothing is paused and nothing was posted), wake the paused
// promises, leave hooks. The only structure other threads touch is the inbound queue, behind an
// eventfd; the loop's SynchronizationContext posts there, so `await task` inside the loop, Task
// interop and CancellationToken callbacks all come back to the loop thread.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Lwt.Internal;
using Lwt.Unix.Engine;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// The event loop of the current thread: its engine (I/O and timers), its hooks, and the queue
/// through which other threads hand it work. Get it with <see cref="Current"/>; run it with
/// <see cref="Main.Run{T}(Func{Promise{T}})"/>. Everything but <see cref="PostFromAnyThread"/>
/// must be used on the loop's own thread.
/// </summary>
public sealed unsafe class EventLoop : IDisposable, IWaitGate
{
    // While work is queued (paused promises), the loop does not ask the engine on every iteration:
    // a syscall per Pause would cost more than the pause itself. It still polls, without blocking,
    // every this many iterations, so that I/O and timers are never starved (tokio uses 61) -- and
    // only if there is something to poll: a descriptor besides its own wake-up eventfd, or a timer due.
    internal const int PollInterval = 61;

    // How long the loop spins for the result of a detached function before it blocks: 20 µs.
    internal static readonly long SpinTicks = Stopwatch.Frequency / 50_000;

    // Spinning for another thread is only worth it when that thread can run meanwhile: with one
    // CPU (affinity or a container's quota, which ProcessorCount reflects) the spinner holds the
    // very CPU the other side needs, and a detached call cost 42 µs instead of 3.
    internal static readonly bool SpinningCanPay = Environment.ProcessorCount > 1;

    [ThreadStatic]
    private static EventLoop? t_current;

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _inbound = new();
    private readonly PromiseRuntime _runtime = PromiseRuntime.Current;
    private readonly LoopSynchronizationContext _context;
    private readonly int _eventFd;
    private EngineEvent _wakeWatch;
    private List<IIterationEnd> _iterationEnd = [];
    private List<IIterationEnd> _iterationEndRunning = [];
    private int _wakeRequested;

    // Set after each post, cleared before each drain: one plain read per iteration tells whether
    // anything was posted, where ConcurrentQueue.IsEmpty would walk the queue's segments.
    private bool _inboundPending;

    // True while the engine may block in its wait. A poster from another thread writes the
    // eventfd only then: both sides store their flag, fence, and read the other's (Dekker), so
    // either the loop sees the post before it blocks or the poster sees the loop asleep.
    private bool _sleeping;

    // Detached functions of this loop still running (Preemptive.Detach): their results are about
    // to be posted, so the loop spins briefly before blocking instead of paying a wake-up.
    private int _detachesInFlight;
    private long _detachAverageTicks;
    private int _skippedPolls;
    private bool _spunBeforeWait;
    private bool _disposed;

    private EventLoop()
    {
        ThreadId = Environment.CurrentManagedThreadId;
        Engine = new EpollEngine();
        _context = new LoopSynchronizationContext(this);
        _eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_eventFd < 0)
        {
            throw UnixException.FromLastError("eventfd");
        }

        _wakeWatch = Engine.OnReadable(_eventFd, _ => DrainInbound(woken: true));
        Engine.Gate = this;
    }

    /// <summary>The loop of the calling thread, made on first use.</summary>
    public static EventLoop Current => t_current ??= new EventLoop();

    /// <summary>The engine (Lwt's <c>Lwt_engine.get</c>): epoll on Linux unless <see cref="SetEngine"/> chose another.</summary>
    public Engine.Engine Engine { get; private set; }

    /// <summary>The promise runtime of the loop's thread, kept so the loop reads no thread-static.</summary>
    internal PromiseRuntime Runtime => _runtime;

    /// <summary>The children this loop started and the waits on them, made on first use.</summary>
    internal ChildWatcher? Children { get; set; }

    /// <summary>The thread this loop belongs to.</summary>
    public int ThreadId { get; }

    /// <summary>The context the loop installs while it runs; posting to it runs work on the loop thread.</summary>
    public SynchronizationContext SynchronizationContext => _context;

    /// <summary>Functions run at the start of each iteration, in order (Lwt's <c>Enter_iter_hooks</c>).</summary>
    public Sequence<Action> EnterIterationHooks { get; } = new();

    /// <summary>Functions run at the end of each iteration, in order (Lwt's <c>Leave_iter_hooks</c>).</summary>
    public Sequence<Action> LeaveIterationHooks { get; } = new();

    /// <summary>Functions run, first to last, when the program exits (Lwt's <c>Exit_hooks</c>); see <see cref="Main.AtExit"/>.</summary>
    public Sequence<Func<Promise>> ExitHooks { get; } = new();

    /// <summary>How many iterations the loop ran.</summary>
    public long Iterations { get; private set; }

    /// <summary>True while <see cref="Main.Run{T}(Func{Promise{T}})"/> runs on this loop.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>
    /// Queues <paramref name="callback"/> to run on the loop thread, in its next iteration, and wakes
    /// the loop if it is waiting. The one member callable from any thread.
    /// </summary>
    /// <param name="callback">The work.</param>
    /// <param name="state">Its argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loop has been disposed.</exception>
    public void PostFromAnyThread(SendOrPostCallback callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);

        // A disposed loop's eventfd number may already belong to another descriptor: writing to
        // it would corrupt that one. Late posters (GC finalisers, Tasks completing after the loop
        // ended) get an exception instead. A post racing with Dispose itself is not covered.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        _inbound.Enqueue((callback, state));
        Volatile.Write(ref _inboundPending, true);
        if (Environment.CurrentManagedThreadId != ThreadId)
        {
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _sleeping) && Interlocked.Exchange(ref _wakeRequested, 1) == 0)
            {
                ulong one = 1;
                Libc.write(_eventFd, &one, sizeof(ulong));
            }
        }
    }

    /// <summary>
    /// <see cref="PostFromAnyThread"/> for posters that outlive loops (signal delivery,
    /// notifications, workers): false, and nothing posted, when the loop is disposed.
    /// </summary>
    internal bool TryPostFromAnyThread(SendOrPostCallback callback, object? state)
    {
        if (Volatile.Read(ref _disposed))
        {
            return false;
        }

        try
        {
            PostFromAnyThread(callback, state);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes <paramref name="engine"/> this loop's engine (Lwt's <c>Lwt_engine.set</c>). With
    /// <paramref name="transfer"/>, every watch and timer of the old engine moves to the new one
    /// (see <see cref="Engine.Engine.Transfer"/>); with <paramref name="destroy"/>, the old engine is disposed.
    /// </summary>
    /// <param name="engine">The new engine, e.g. a <see cref="PollEngine"/>.</param>
    /// <param name="transfer">Whether to move the old engine's events.</param>
    /// <param name="destroy">Whether to dispose the old engine.</param>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    public void SetEngine(Engine.Engine engine, bool transfer = true, bool destroy = true)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Engine.Engine old = Engine;
        if (ReferenceEquals(old, engine))
        {
            return;
        }

        if (transfer)
        {
            old.Transfer(engine);
        }
        else
        {
            // The loop's own wake-up watch always comes along, or posts could no longer wake it.
            _wakeWatch.Stop();
            _wakeWatch = engine.OnReadable(_eventFd, _ => DrainInbound(woken: true));
        }

        old.Gate = null;
        engine.Gate = this;
        Engine = engine;
        if (destroy)
        {
            old.Dispose();
        }
    }

    /// <summary>Stops the engine and releases the loop's descriptors. The thread gets a fresh loop on next use.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Children?.Dispose();
        _wakeWatch.Stop();
        Libc.close(_eventFd);
        Engine.Dispose();
        if (ReferenceEquals(t_current, this))
        {
            t_current = null;
        }
    }

    /// <summary>Runs iterations until <paramref name="promise"/> is resolved (Lwt's <c>Lwt_main.run</c>).</summary>
    internal void Run(Promise promise)
    {
        while (promise.IsPending)
        {
            Iterate();
        }
    }

    /// <summary>Enters the loop: refuses nesting, installs the context; the returned scope undoes it.</summary>
    internal RunScope Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException(
                "Main.Run: nested calls are not allowed (Lwt 5 rule): Main.Run was called from code that the loop of this " +
                "thread is already running. Await the promise instead.");
        }

        IsRunning = true;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        return new RunScope(this, previous);
    }

    /// <summary>Lwt's <c>finished ()</c> before its exit hooks: the running loop lets a nested run in.</summary>
    internal void LeaveForExitHooks() => IsRunning = false;

    /// <summary>Back to the running state once the exit hooks are done (the outer run's scope leaves it).</summary>
    internal void ReenterAfterExitHooks() => IsRunning = true;

    /// <summary>One iteration, in Lwt's order.</summary>
    internal void Iterate()
    {
        Iterations++;
        if (!EnterIterationHooks.IsEmpty)
        {
            RunHooks(EnterIterationHooks);
        }

        bool work = _runtime.Paused.Count != 0 || Volatile.Read(ref _inboundPending);
        if (!work && !(++_skippedPolls < PollInterval && SpinForDetachedResult()))
        {
            _skippedPolls = 0;
            Engine.Iterate(block: true);
        }
        else if (++_skippedPolls >= PollInterval)
        {
            _skippedPolls = 0;
            if (Engine.ReadableCount + Engine.WritableCount > 1 || Engine.Timers.NextDeadline <= Lwt.Unix.Engine.Engine.Now)
            {
                Engine.Iterate(block: false);
            }
        }

        if (Volatile.Read(ref _inboundPending))
        {
            DrainInbound(woken: false);
        }

        Promise.WakeupPaused(_runtime);
        if (_iterationEnd.Count != 0)
        {
            RunIterationEnd();
        }

        if (!LeaveIterationHooks.IsEmpty)
        {
            RunHooks(LeaveIterationHooks);
        }
    }

    /// <summary>
    /// Calls <paramref name="item"/> once at the end of the current iteration, after the paused
    /// promises are woken (Lwt's "after a pause()"): descriptors use it to drop engine watches
    /// nobody waits on any more, without a register/unregister pair per operation.
    /// </summary>
    internal void AtIterationEnd(IIterationEnd item) => _iterationEnd.Add(item);

    private void RunIterationEnd()
    {
        // Swap first: what the callbacks schedule runs at the end of the next iteration.
        (_iterationEnd, _iterationEndRunning) = (_iterationEndRunning, _iterationEnd);
        try
        {
            foreach (IIterationEnd item in _iterationEndRunning)
            {
                item.OnIterationEnd();
            }
        }
        finally
        {
            _iterationEndRunning.Clear();
        }
    }

    /// <summary>Counts a detached function of this loop until its result has been posted back.</summary>
    /// <returns>The start time, for <see cref="DetachFinished"/>.</returns>
    internal long DetachStarted()
    {
        _detachesInFlight++;
        return Stopwatch.GetTimestamp();
    }

    /// <summary>The running average of <see cref="DetachFinished"/>, in Stopwatch ticks; the loop spins for results while it is below <see cref="SpinTicks"/>.</summary>
    internal long DetachAverageTicks => _detachAverageTicks;

    /// <summary>Uncounts a detached function and keeps a running average of how long they take.</summary>
    /// <param name="started">What <see cref="DetachStarted"/> returned.</param>
    /// <param name="finished">When the worker was done with it (Stopwatch ticks).</param>
    /// <remarks>
    /// The average runs from the hand-over to the worker's end, not to the moment this loop takes
    /// the result: that moment includes the loop's own wake-up when it did not spin, which would
    /// keep the average above the spin and the loop from spinning again (write_small was bimodal,
    /// 0.94 or 1.76 × BufferedStream, by which side of that the first flushes fell).
    /// </remarks>
    internal void DetachFinished(long started, long finished)
    {
        _detachesInFlight--;
        _detachAverageTicks += (finished - started - _detachAverageTicks) / 8;
    }

    // Spinning pays only when results come back within the spin: functions that take longer
    // (a write that really goes to the disk) would burn the whole spin for nothing.
    private bool SpinPays => SpinningCanPay && _detachesInFlight > 0 && _detachAverageTicks < SpinTicks;

    /// <summary>
    /// Before the engine's blocking wait: spins for a detached function's result when they come
    /// back within the spin. True when one came: the iteration runs it without polling the engine,
    /// as when work was queued (the engine is still polled every <see cref="PollInterval"/>
    /// iterations), which spares a system call per round trip to a worker.
    /// </summary>
    private bool SpinForDetachedResult()
    {
        if (!SpinPays)
        {
            return false;
        }

        bool posted = SpinUntilPosted();
        _spunBeforeWait = !posted;
        return posted;
    }

    bool IWaitGate.EnterBlockingWait()
    {
        // The loop spun already in this iteration (SpinForDetachedResult); an engine iterated by
        // itself (Engine.Iterate) spins here.
        bool spun = _spunBeforeWait;
        _spunBeforeWait = false;
        if (!spun && SpinPays && SpinUntilPosted())
        {
            return false;
        }

        Volatile.Write(ref _sleeping, true);
        Interlocked.MemoryBarrier();
        return !Volatile.Read(ref _inboundPending);
    }

    void IWaitGate.LeaveBlockingWait() => Volatile.Write(ref _sleeping, false);

    /// <summary>
    /// Spins up to SpinTicks for a post: a detached function that takes a few microseconds
    /// (a cached file read, a lookup in a warm cache) comes back sooner than a futex and eventfd
    /// wake-up would take, as the .NET thread pool's own spinning assumes.
    /// </summary>
    private bool SpinUntilPosted()
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        do
        {
            if (Volatile.Read(ref _inboundPending))
            {
                return true;
            }

            Thread.SpinWait(20);
        }
        while (Stopwatch.GetTimestamp() < deadline);

        return false;
    }

    /// <summary>Something to call once at the end of an iteration; see <see cref="AtIterationEnd"/>.</summary>
    internal interface IIterationEnd
    {
        void OnIterationEnd();
    }

    private static void RunHooks(Sequence<Action> hooks) => hooks.IterLeft(static h => h());

    /// <summary>
    /// Runs the posted work. The eventfd is read when the engine reported it readable
    /// (<paramref name="woken"/>), which must always consume it or a level-triggered engine would
    /// report it again forever, and otherwise only when a poster asked for a wake-up.
    /// </summary>
    private void DrainInbound(bool woken)
    {
        if (woken || Volatile.Read(ref _wakeRequested) != 0)
        {
            ulong count;
            Libc.read(_eventFd, &count, sizeof(ulong));
            Volatile.Write(ref _wakeRequested, 0);
        }

        Volatile.Write(ref _inboundPending, false);

        // Only what is queued now: work posted by this work waits for the next iteration.
        int n = _inbound.Count;
        try
        {
            while (n-- > 0 && _inbound.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            // A callback that throws escapes Main.Run; what was queued behind it runs when the
            // loop runs again, which it would not notice with the flag down and the eventfd read.
            if (!_inbound.IsEmpty)
            {
                Volatile.Write(ref _inboundPending, true);
            }
        }
    }

    internal readonly struct RunScope(EventLoop loop, SynchronizationContext? previous) : IDisposable
    {
        public void Dispose()
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            loop.IsRunning = false;
        }
    }

    /// <summary>The loop's SynchronizationContext: Post queues to the loop; Send runs inline on the loop thread only.</summary>
    private sealed class LoopSynchronizationContext(EventLoop loop) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => loop.PostFromAnyThread(d, state);

        public override void Send(SendOrPostCallback d, object? state)
        {
            if (Environment.CurrentManagedThreadId != loop.ThreadId)
            {
                throw new InvalidOperationException("The event loop's SynchronizationContext cannot Send from another thread: it would block that thread on the loop. Use Post.");
            }

            d(state);
        }

        public override SynchronizationContext CreateCopy() => this;
    }
}
