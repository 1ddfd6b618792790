using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Lwt.Internal;

/// <summary>
/// The per-thread state of the promise core: the callback nesting depth, the queue of deferred
/// callbacks, the current sequence-associated storage, the paused promises and the async
/// exception hook. Lwt keeps these in globals; we keep one set per thread because each thread
/// that runs promises is its own loop, and nothing here is ever touched from another thread.
/// </summary>
internal sealed class PromiseRuntime
{
    // The stack guard (DESIGN.md 3, "Stack safety"): a resolution or direct call that would nest
    // deeper than this is queued and run when the outermost frame returns.
    internal const int DefaultMaxDepth = 64;

    [ThreadStatic]
    private static PromiseRuntime? t_current;

    // Ids are 16 bits, so that a promise's owner fits beside its state bytes (see Promise.cs).
    private static readonly ThreadIdTable<PromiseRuntime> s_ids = new(ushort.MaxValue);

    /// <summary>The managed id of the thread this runtime belongs to.</summary>
    internal readonly int ThreadId = Environment.CurrentManagedThreadId;

    /// <summary>This runtime's id, what a pending promise stores as its owner.</summary>
    internal readonly ushort Id;

    private PromiseRuntime() => Id = s_ids.Register(this);

    /// <summary>Frames on the stack: resolution loops plus direct calls of user functions by combinators.</summary>
    internal int Depth;

    /// <summary>Lwt's <c>current_callback_nesting_depth</c>: resolution loops only.</summary>
    internal int ResolveDepth;

    /// <summary>Set in <see cref="TailDepth"/> by a callback that handed itself back.</summary>
    internal const int HandedBack = -2;

    /// <summary>
    /// The <see cref="Depth"/> of the resolution loop that is running a single callback which may
    /// hand itself back, fulfilled, instead of running its own callbacks in a nested loop
    /// (Promise.RunCallbacksNow); -1 when the innermost loop runs a list or nothing;
    /// <see cref="HandedBack"/> once the callback did. A flag rather than a reference to the
    /// promise: the loop knows the callback it ran, and an int store needs no GC write barrier.
    /// </summary>
    internal int TailDepth = -1;

    internal int MaxDepth = DefaultMaxDepth;

    /// <summary>The exception an <c>await Promise.Yield()</c> being resumed now throws: its method was canceled (MethodYield).</summary>
    internal CanceledException? CanceledYield;

    /// <summary>The current sequence-associated storage (null when empty).</summary>
    internal StorageMap? Storage;

    /// <summary>This thread's hook; null means the process-wide <see cref="DefaultHook"/>.</summary>
    internal Action<Exception>? ThreadHook;

    internal readonly PauseQueue Paused = new();

    /// <summary>Lwt draws among already resolved inputs of choose/pick with a fixed seed, so runs repeat.</summary>
    internal readonly Random Random = new(0x4c7774);

    private Deferred[] _deferred = new Deferred[16];
    private int _head;
    private int _count;
    private bool _draining;

    internal static PromiseRuntime Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? Create();
    }

    internal bool HasDeferred => _count != 0;

    /// <summary>The runtime a pending promise's owner id names: its thread's, while that thread lives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static PromiseRuntime FromId(ushort id) => s_ids[id]!;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PromiseRuntime Create() => t_current = new PromiseRuntime();

    /// <summary>Queues the callbacks of a resolved promise to run when the outermost frame leaves.</summary>
    internal void Defer(Promise source, object? callbacks, object? cancelCallbacks)
    {
        if (_count == _deferred.Length)
        {
            Grow();
        }

        _deferred[(_head + _count) & (_deferred.Length - 1)] = new Deferred(source, callbacks, cancelCallbacks);
        _count++;
    }

    private void Grow()
    {
        var bigger = new Deferred[_deferred.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _deferred[(_head + i) & (_deferred.Length - 1)];
        }

        _deferred = bigger;
        _head = 0;
    }

    /// <summary>
    /// Runs every deferred callback set, first queued first, each as a resolution loop of its own
    /// at depth one above the caller. Sets deferred while draining join the same queue.
    /// </summary>
    internal void Drain()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            DrainQueue();
        }
        finally
        {
            _draining = false;
        }
    }

    private void DrainQueue()
    {
        while (_count != 0)
        {
            Deferred d = _deferred[_head];
            _deferred[_head] = default;
            _head = (_head + 1) & (_deferred.Length - 1);
            _count--;
            d.Source.RunCallbacksNow(d.Callbacks, d.CancelCallbacks, this);
        }
    }

    /// <summary>
    /// Leaves the current resolution loop (Lwt's <c>abandon_wakeups</c>, which is its
    /// leave_resolution_loop): from the outermost one, runs the deferred callbacks first; then one
    /// level less and empty storage. Outside any loop, nothing. As in Lwt, the frames still on the
    /// stack leave the depth one lower than it should be once they return.
    /// </summary>
    internal void Abandon()
    {
        if (ResolveDepth == 0)
        {
            return;
        }

        if (ResolveDepth == 1)
        {
            Drain();
        }

        ResolveDepth--;
        Depth--;

        // The loop on the stack must not take a hand-back at a depth that no longer matches.
        TailDepth = -1;
        Storage = null;
    }

    /// <summary>The hook of threads that did not set their own (Lwt's default: print and exit with code 2).</summary>
    internal static Action<Exception> DefaultHook { get; set; } = ExitOnAsyncException;

    internal Action<Exception> AsyncExceptionHook => ThreadHook ?? DefaultHook;

    private static void ExitOnAsyncException(Exception exception)
    {
        Console.Error.WriteLine("Fatal error: exception " + exception);
        Console.Error.Flush();
        Environment.Exit(2);
    }

    private readonly struct Deferred(Promise source, object? callbacks, object? cancelCallbacks)
    {
        internal readonly Promise Source = source;
        internal readonly object? Callbacks = callbacks;
        internal readonly object? CancelCallbacks = cancelCallbacks;
    }
}
