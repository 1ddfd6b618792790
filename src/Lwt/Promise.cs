// Promise.cs: the promise core. Start reading here.
//
// READING GUIDE (the model and its invariants; LWT-SEMANTICS.md section 1 is the spec)
//
// 1. A promise is a cell that is pending, fulfilled, rejected, or a proxy. Users see the first
//    three (PromiseState); a proxy is an internal forwarding state (see 5). The promise and the
//    write end of it are the same object: a Resolver is a struct that wraps the promise, so
//    Promise.Wait() allocates one object.
//
// 2. Fields (this file). `_payload` is overloaded by state, to keep a promise small:
//      pending   -> its callbacks: null, one ICallback, or a CallbackList
//      rejected  -> the Exception
//      proxy     -> the Promise it forwards to
//      fulfilled -> null (Promise<T> keeps the value in its own `_value` field)
//    `_cancelKind` and `_cancel` matter only while pending: `_cancel` holds what cancellation goes
//    on to (one input, several, an async method's box; in a box itself, what it awaits now) or,
//    for promises that cancellation stops at, their cancel callbacks; a rare promise that has
//    both gets a small holder object. One field instead of two keeps every promise 8 bytes smaller.
//    `_ownerId` names the thread that made a pending promise (PromiseRuntime.FromId): 16 bits,
//    not a reference, so that it shares a word with the two state bytes and Promise<int> is
//    40 bytes, not 48 (and storing it needs no GC write barrier).
//
// 3. Resolving (Resolve/Reject here and in Promise.T.cs) changes the state first, then runs the
//    callbacks at once, on the caller's stack, depth-first: cancel callbacks first when the
//    rejection is a CanceledException, then the others, most recently added first (Lwt's LIFO
//    order). Resolving an already resolved promise throws, except when it was canceled: then it
//    is a silent no-op, so that "resolve after cancel" is safe.
//
// 4. Stack safety (PromiseRuntime). A .NET stack overflow kills the process, so every frame that
//    runs user code (a resolution loop, or a combinator calling its function directly because the
//    input is already resolved) counts depth. Past PromiseRuntime.MaxDepth the work is queued and
//    run by the outermost frame when it returns, first queued first. Below the limit the order is
//    exactly Lwt's; past it, that part of the work runs after its caller returns. The same queue
//    implements Lwt's wakeup_later. A Bind, TryBind or Map result fulfilled as its callback's
//    last act hands itself back to the loop running that callback (RunCallbacksNow), which runs
//    its callbacks as one more counted level: same order, same deferral point, one stack frame
//    per chain.
//
// 5. Proxying (Follow). When a bind-like combinator's function returns a promise that is still
//    pending, the returned promise becomes a proxy of the combinator's own result: its callbacks
//    move over and every later operation on it acts on the target. Underlying() follows proxies
//    with path compression. This is what makes `async` loops and recursive Bind chains run in
//    constant memory (Lwt bug #549). Internal promises always resolve `Underlying()`, never
//    `this`, because they may have become proxies meanwhile.
//
// 6. Cancellation (Promise.Cancel.cs). Cancel walks back from a promise through what it depends
//    on (_cancelKind/CancelTarget: one input, several inputs, the promise an async method awaits)
//    to the cancelable promises, rejects them with CanceledException, then lets the rejection
//    flow forward through the ordinary callbacks.
//
// 7. Threads. Everything here runs on one thread, the loop's; there are no locks or atomics.
//    A pending promise remembers the thread that made it (its runtime's id), and the public
//    entry points that change or wait on a pending promise refuse any other thread with a clear
//    exception. Ids of dead threads are handed on only when all 65 535 have been used.
//    Crossing threads is what Interop/ (marshalling through the loop's SynchronizationContext) is for.
//
// Where the rest lives: Promise.T.cs (the typed promise), Resolver.cs, Promise.Create.cs
// (trivial and initial promises), Promise.Bind.cs, Promise.Catch.cs, Promise.Finalize.cs,
// Promise.On.cs, Promise.Join.cs, Promise.Choose.cs, Promise.Pick.cs, Promise.Cancel.cs,
// Promise.Pause.cs, Promise.Storage.cs, Promise.Async.cs, Promise.Wrap.cs, Promise.Linq.cs,
// CompilerServices/ (async method builders, awaiters) and Interop/ (Task, CancellationToken).

using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Lwt.CompilerServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// A promise without a value (Lwt's <c>unit Lwt.t</c>): a computation that will be fulfilled or
/// rejected later, on the thread that made it. <see cref="Promise{T}"/> adds a value.
/// </summary>
/// <remarks>
/// Promises are single-threaded: make, resolve, await and combine them on one thread (the event
/// loop's). Canceling a promise (<see cref="Cancel"/>) rejects the cancelable promises it depends
/// on with <see cref="CanceledException"/>. An <c>async Promise</c> method returns one.
/// </remarks>
[AsyncMethodBuilder(typeof(AsyncPromiseMethodBuilder))]
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class Promise
{
    internal Status _status;
    internal CancelKind _cancelKind;
    internal ushort _ownerId;
    internal object? _payload;
    internal object? _cancel;

    /// <summary>Makes a pending promise owned by the current thread.</summary>
    internal Promise(CancelKind cancelKind, object? cancelTarget)
        : this(cancelKind, cancelTarget, PromiseRuntime.Current)
    {
    }

    /// <summary>Makes a pending promise owned by <paramref name="owner"/>'s thread, which must be the current one.</summary>
    internal Promise(CancelKind cancelKind, object? cancelTarget, PromiseRuntime owner)
    {
        Debug.Assert(owner == PromiseRuntime.Current);
        _cancelKind = cancelKind;
        _cancel = cancelKind >= CancelKind.One ? cancelTarget : null;
        _ownerId = owner.Id;
    }

    /// <summary>Makes a fulfilled promise.</summary>
    internal Promise()
    {
        _status = Status.Fulfilled;
    }

    /// <summary>Makes a rejected promise.</summary>
    internal Promise(Exception exception)
    {
        _status = Status.Rejected;
        _payload = exception;
    }

    internal enum Status : byte
    {
        Pending = 0,
        Fulfilled = 1,
        Rejected = 2,
        Proxy = 3,
    }

    internal enum CancelKind : byte
    {
        /// <summary>Cancel stops here (Lwt's <c>wait</c>, <c>no_cancel</c>).</summary>
        NotCancelable = 0,

        /// <summary>Cancel rejects this promise (Lwt's <c>task</c>, pause, protected...).</summary>
        CancelThis = 1,

        /// <summary>Cancel goes on to the one promise in <c>CancelTarget</c> (bind-like results).</summary>
        One = 2,

        /// <summary>Cancel goes on to each promise of the <c>Promise[]</c> in <c>CancelTarget</c>, in order.</summary>
        Many = 3,

        /// <summary>Cancel goes on to what the async method's box in <c>CancelTarget</c> awaits now (a promise that merged a box).</summary>
        Awaited = 4,

        /// <summary>
        /// This promise is an async method's box: cancel goes on to the promise it awaits now, which
        /// <c>_cancel</c> holds (or the holder's target, when the box also has cancel callbacks).
        /// </summary>
        Awaiting = 5,
    }

    /// <summary>The state of the promise (Lwt's <c>Lwt.state</c>).</summary>
    public PromiseState State => (PromiseState)Underlying()._status;

    /// <summary>True while the promise is pending (Lwt's <c>Lwt.is_sleeping</c>).</summary>
    public bool IsPending => Underlying()._status == Status.Pending;

    /// <summary>True once the promise is fulfilled.</summary>
    public bool IsFulfilled => Underlying()._status == Status.Fulfilled;

    /// <summary>True once the promise is rejected (canceled included).</summary>
    public bool IsRejected => Underlying()._status == Status.Rejected;

    /// <summary>True once the promise is rejected with a <see cref="CanceledException"/>.</summary>
    public bool IsCanceled => Underlying() is { _status: Status.Rejected, _payload: CanceledException };

    /// <summary>The exception of a rejected promise; null when pending or fulfilled.</summary>
    public Exception? Exception
    {
        get
        {
            Promise u = Underlying();
            return u._status == Status.Rejected ? (Exception)u._payload! : null;
        }
    }

    /// <summary>
    /// Lwt's <c>Lwt.poll</c> for a promise without a value: false while pending, true once
    /// fulfilled, and rethrows the exception (with its original stack trace) once rejected.
    /// </summary>
    /// <returns>Whether the promise is fulfilled.</returns>
    public bool TryGetResult()
    {
        Promise u = Underlying();
        if (u._status == Status.Rejected)
        {
            ExceptionDispatchInfo.Throw((Exception)u._payload!);
        }

        return u._status == Status.Fulfilled;
    }

    /// <summary>
    /// Throws unless the promise is fulfilled: <see cref="InvalidOperationException"/> while it is
    /// pending, and the rejection itself (not wrapped) once it is rejected.
    /// </summary>
    public void ThrowIfNotFulfilled()
    {
        Promise u = Underlying();
        if (u._status != Status.Fulfilled)
        {
            ThrowNotFulfilled(u, "Promise.ThrowIfNotFulfilled");
        }
    }

    /// <summary>Gets an awaiter, so that <c>await promise</c> works in any async method.</summary>
    /// <returns>The awaiter.</returns>
    public PromiseAwaiter GetAwaiter() => new(this);

    /// <summary>What cancellation goes on to (One, Many, Awaited kinds; an async method's box for itself); null for the other kinds.</summary>
    internal object? CancelTarget => _cancelKind == CancelKind.Awaiting ? this : StoredCancelTarget;

    /// <summary>
    /// For an async method's box (<see cref="CancelKind.Awaiting"/>): the promise it awaits now (or
    /// last awaited, already resolved, while it runs), or null; or, while it awaits
    /// <see cref="Yield"/>, one of <see cref="MethodYield"/>'s marks. It lives in <c>_cancel</c>,
    /// which a box has no other use for, rather than in a field of the box: every suspending call
    /// is then 8 bytes smaller.
    /// </summary>
    internal object? AwaitedNow => _cancel is CancelTargetAndCallbacks both ? both.Target : _cancel;

    /// <summary>What <c>_cancel</c> holds beside the cancel callbacks, for the kinds that forward cancellation.</summary>
    private object? StoredCancelTarget =>
        _cancelKind < CancelKind.One ? null
        : _cancel is CancelTargetAndCallbacks both ? both.Target
        : _cancel;

    /// <summary>The cancel callbacks of this pending promise: null, one ICallback, or a CallbackList.</summary>
    internal object? CancelCallbacks =>
        _cancelKind >= CancelKind.One ? (_cancel as CancelTargetAndCallbacks)?.Callbacks : _cancel;

    /// <summary>True when this object holds a value field that readers may reach through a proxy.</summary>
    internal virtual bool CarriesValue => false;

    /// <summary>
    /// Whether this pending promise may become a proxy of <paramref name="outer"/>: only when
    /// whoever reads this promise's value would find it in <paramref name="outer"/>.
    /// </summary>
    internal virtual bool CanProxyInto(Promise outer) => true;

    private string DebuggerDisplay => Underlying()._status switch
    {
        Status.Pending => "Pending",
        Status.Fulfilled => "Fulfilled",
        _ => "Rejected: " + ((Exception)Underlying()._payload!).GetType().Name,
    };

    /// <summary>The end of the proxy chain, compressing the path on the way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Promise Underlying() => _status != Status.Proxy ? this : UnderlyingSlow();

    private Promise UnderlyingSlow()
    {
        Promise target = (Promise)_payload!;
        while (target._status == Status.Proxy)
        {
            target = (Promise)target._payload!;
        }

        Promise p = this;
        while (p._status == Status.Proxy && !ReferenceEquals(p._payload, target))
        {
            Promise next = (Promise)p._payload!;
            p._payload = target;
            p = next;
        }

        return target;
    }

    /// <summary>Refuses a call from a thread other than the one that made this pending promise.</summary>
    /// <returns>The current thread's runtime, this promise's owner.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal PromiseRuntime CheckThread(string operation)
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        if (_ownerId != rt.Id)
        {
            ThrowHelper.WrongThread(operation, OwnerRuntime);
        }

        return rt;
    }

    /// <summary>The runtime of the thread that made this pending promise; null for one made resolved.</summary>
    internal PromiseRuntime? OwnerRuntime => _ownerId == 0 ? null : PromiseRuntime.FromId(_ownerId);

    /// <summary>Adds a callback to this pending, underlying promise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddCallback(ICallback callback)
    {
        Debug.Assert(_status == Status.Pending);
        _payload = _payload is null ? callback : CallbackList.Append(_payload, callback);
    }

    /// <summary>Adds a cancel callback to this pending, underlying promise.</summary>
    internal void AddCancelCallback(ICallback callback)
    {
        Debug.Assert(_status == Status.Pending);
        SetCancel(_cancelKind, StoredCancelTarget, CallbackList.Append(CancelCallbacks, callback));
    }

    /// <summary>Records the promise an async method's box now awaits (null while it awaits something else; a <see cref="MethodYield"/> mark while it yields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAwaited(object? awaited)
    {
        if (_cancel is CancelTargetAndCallbacks both)
        {
            both.Target = awaited;
        }
        else
        {
            _cancel = awaited;
        }
    }

    /// <summary>Fulfills this pending, underlying promise without a value and runs its callbacks.</summary>
    internal void FulfillUnit(bool later = false)
    {
        if (TakeCallbacksFulfilled() is { } callbacks)
        {
            RunCallbacks(callbacks, null, later);
        }
    }

    /// <summary>Marks this pending, underlying promise fulfilled (its value, if any, already set) and returns its callbacks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected object? TakeCallbacksFulfilled()
    {
        Debug.Assert(_status == Status.Pending);
        object? callbacks = _payload;
        _status = Status.Fulfilled;
        _payload = null;
        _cancel = null;
        return callbacks;
    }

    /// <summary>
    /// Whether this promise, a callback that has just fulfilled itself as its last act, may leave
    /// its <paramref name="callbacks"/> (still in its payload) to the loop that runs it; records
    /// the hand-back when it may, and otherwise empties the payload for the caller to run them.
    /// See <see cref="RunCallbacksNow"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected bool HandBack(object callbacks, PromiseRuntime rt)
    {
        // Only the lone callback a loop runs finds the loop's depth recorded: bind-like promises
        // are run by loops alone, and loops they start inside restore the record on leaving.
        if (rt.TailDepth != rt.Depth)
        {
            _payload = null;
            return false;
        }

        Debug.Assert(ReferenceEquals(_payload, callbacks) && this is ICallback);
        rt.TailDepth = PromiseRuntime.HandedBack;
        return true;
    }

    /// <summary>
    /// <see cref="FulfillUnit(PromiseRuntime, bool)"/> as the last act of a callback run by a
    /// resolution loop, which may then run this promise's callbacks itself. A typed promise sets
    /// its value first (<see cref="Promise{T}.FulfillInTail"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void FulfillUnitInTail(PromiseRuntime rt)
    {
        Debug.Assert(_status == Status.Pending);
        object? callbacks = _payload;
        _status = Status.Fulfilled;
        _cancel = null;
        if (callbacks is not null && !HandBack(callbacks, rt))
        {
            RunCallbacks(callbacks, null, false, rt);
        }
    }

    /// <summary><see cref="FulfillUnit(bool)"/> by a caller that holds the owner's runtime (the current one).</summary>
    internal void FulfillUnit(PromiseRuntime rt, bool later = false)
    {
        if (TakeCallbacksFulfilled() is { } callbacks)
        {
            RunCallbacks(callbacks, null, later, rt);
        }
    }

    /// <summary>Rejects this pending, underlying promise and runs its callbacks.</summary>
    internal void RejectCore(Exception exception, bool later = false)
    {
        Debug.Assert(_status == Status.Pending);
        object? callbacks = _payload;
        object? cancelCallbacks = exception is CanceledException ? CancelCallbacks : null;
        _status = Status.Rejected;
        _payload = exception;
        _cancel = null;
        if (callbacks is not null || cancelCallbacks is not null)
        {
            RunCallbacks(callbacks, cancelCallbacks, later);
        }
    }

    /// <summary>Resolves this pending, underlying promise the way <paramref name="source"/> is resolved.</summary>
    internal virtual void ResolveFrom(Promise source)
    {
        if (source._status == Status.Fulfilled)
        {
            FulfillUnit();
        }
        else
        {
            RejectCore((Exception)source._payload!);
        }
    }

    /// <summary>
    /// Runs the callbacks taken from this promise at resolution, or queues them when the stack is
    /// too deep, or when <paramref name="later"/> (Lwt's wakeup_later) is asked inside a callback.
    /// </summary>
    // A pending promise is only ever resolved on its own thread, so its owner is the current runtime.
    internal void RunCallbacks(object? callbacks, object? cancelCallbacks, bool later = false) =>
        RunCallbacks(callbacks, cancelCallbacks, later, PromiseRuntime.FromId(_ownerId));

    /// <summary>
    /// <see cref="RunCallbacks(object?, object?, bool)"/> with the owner's runtime already at hand,
    /// which spares the id table lookup, a chain of dependent loads on the hottest path.
    /// </summary>
    internal void RunCallbacks(object? callbacks, object? cancelCallbacks, bool later, PromiseRuntime rt)
    {
        Debug.Assert(rt == PromiseRuntime.Current);
        if (rt.Depth >= rt.MaxDepth || (later && rt.ResolveDepth > 0))
        {
            rt.Defer(this, callbacks, cancelCallbacks);
            return;
        }

        RunCallbacksNow(callbacks, cancelCallbacks, rt);
    }

    /// <summary>
    /// One resolution loop: Lwt's enter/run/leave, draining deferred work at the outermost level.
    /// A single callback that fulfills itself as its very last act (a Bind result fulfilled by
    /// what its function returned) may hand itself back (<see cref="HandBack"/>): the loop
    /// then runs its callbacks itself, counting one more level of depth exactly as the nested
    /// loop would have, so the order and the deferral point stay Lwt's while a chain of binds
    /// costs no stack frame per step.
    /// </summary>
    internal void RunCallbacksNow(object? callbacks, object? cancelCallbacks, PromiseRuntime rt)
    {
        rt.Depth++;
        rt.ResolveDepth++;
        StorageMap? saved = rt.Storage;
        int savedTail = rt.TailDepth;
        int levels = 1;
        try
        {
            if (cancelCallbacks is not null)
            {
                rt.TailDepth = -1;
                Unsafe.As<ICallback>(cancelCallbacks).OnResolved(this);
            }

            Promise source = this;
            while (callbacks is not null)
            {
                // Only a lone callback may hand back: in a list, others still have to run after it.
                rt.TailDepth = callbacks.GetType() == typeof(CallbackList) ? -1 : rt.Depth;
                Unsafe.As<ICallback>(callbacks).OnResolved(source);
                if (rt.TailDepth != PromiseRuntime.HandedBack)
                {
                    break;
                }

                // What handed itself back is the callback just run, now fulfilled.
                Debug.Assert(callbacks is Promise { _status: Status.Fulfilled });
                Promise next = Unsafe.As<Promise>(callbacks);
                callbacks = next._payload;
                next._payload = null;
                if (rt.Depth >= rt.MaxDepth)
                {
                    rt.Defer(next, callbacks, null);
                    break;
                }

                rt.Depth++;
                rt.ResolveDepth++;
                levels++;
                source = next;
            }
        }
        finally
        {
            rt.TailDepth = savedTail;

            // Storage is almost always empty: storing a null constant needs no GC write barrier.
            if (saved is null)
            {
                rt.Storage = null;
            }
            else
            {
                rt.Storage = saved;
            }

            rt.Depth -= levels;
            rt.ResolveDepth -= levels;
        }

        if (rt.ResolveDepth == 0 && rt.HasDeferred)
        {
            rt.Drain();
        }
    }

    /// <summary>
    /// Makes <paramref name="outer"/> (a combinator's result) follow <paramref name="inner"/> (what
    /// the user's function returned): resolve it now, or merge the two (proxying, guide point 5).
    /// </summary>
    internal static void Follow(Promise outer, Promise inner)
    {
        outer = outer.Underlying();
        inner = inner.Underlying();
        if (ReferenceEquals(outer, inner) || outer._status != Status.Pending)
        {
            // Returning the combinator's own result from its function leaves it pending forever, as in Lwt.
            return;
        }

        if (inner._status != Status.Pending)
        {
            outer.ResolveFrom(inner);
            return;
        }

        if (!inner.CanProxyInto(outer))
        {
            outer.SetCancel(CancelKind.One, inner, outer.CancelCallbacks);
            inner.AddCallback(new ForwardCallback(outer));
            return;
        }

        outer._payload = CallbackList.Concat(outer._payload, inner._payload);
        bool box = inner._cancelKind == CancelKind.Awaiting;
        outer.SetCancel(box ? CancelKind.Awaited : inner._cancelKind, inner.CancelTarget, CallbackList.Concat(outer.CancelCallbacks, inner.CancelCallbacks));
        inner._status = Status.Proxy;
        inner._payload = outer;
        if (box)
        {
            // The box runs on and awaits more promises; the outer promise asks it what, as before.
            inner._cancel = inner.AwaitedNow;
        }
        else
        {
            inner._cancel = null;
            inner._cancelKind = CancelKind.NotCancelable;
        }
    }

    /// <summary>
    /// <see cref="Follow"/> for a bind-like combinator's own result (a promise without a value)
    /// and what its function returned, with the common case first: a function that returned a
    /// fulfilled promise while the result is still pending (not a proxy) just fulfills it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void FollowReturnedUnit(Promise returned, PromiseRuntime rt)
    {
        Debug.Assert(!CarriesValue);
        if (returned._status == Status.Fulfilled && _status == Status.Pending)
        {
            FulfillUnitInTail(rt);
        }
        else
        {
            Follow(this, returned);
        }
    }

    /// <summary>
    /// Runs a combinator's function directly (its input is already resolved) as one stack frame
    /// of the guard, draining deferred work when this was the outermost frame. Returns false,
    /// without running anything, when the stack is already as deep as allowed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryEnterDirect(out PromiseRuntime rt)
    {
        rt = PromiseRuntime.Current;
        if (rt.Depth >= rt.MaxDepth)
        {
            return false;
        }

        rt.Depth++;
        return true;
    }

    /// <summary>Leaves a frame entered by <see cref="TryEnterDirect"/> after its function returned normally.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LeaveDirect(PromiseRuntime rt)
    {
        if (--rt.Depth == 0 && rt.HasDeferred)
        {
            rt.Drain();
        }
    }

    [DoesNotReturn]
    internal static void ThrowNotFulfilled(Promise underlying, string operation)
    {
        if (underlying._status == Status.Rejected)
        {
            ExceptionDispatchInfo.Throw((Exception)underlying._payload!);
        }

        if (underlying._ownerId != PromiseRuntime.Current.Id)
        {
            ThrowHelper.WrongThread(operation, underlying.OwnerRuntime);
        }

        throw new InvalidOperationException(operation + ": the promise is still pending; await it or wait until it is resolved.");
    }

    /// <summary>Sets how cancellation treats this pending promise, and its cancel callbacks.</summary>
    internal void SetCancel(CancelKind kind, object? target, object? callbacks)
    {
        _cancelKind = kind;
        _cancel = kind < CancelKind.One ? callbacks
            : callbacks is null ? target
            : new CancelTargetAndCallbacks(target, callbacks);
    }

    /// <summary>The rare pending promise that both forwards cancellation and has cancel callbacks.</summary>
    private sealed class CancelTargetAndCallbacks(object? target, object callbacks)
    {
        /// <summary>Settable for an async method's box, whose target is whatever it awaits now.</summary>
        internal object? Target { get; set; } = target;

        internal object Callbacks { get; } = callbacks;
    }

    /// <summary>Resolves a promise that could not be merged with what it follows.</summary>
    private sealed class ForwardCallback(Promise target) : ICallback
    {
        public void OnResolved(Promise source)
        {
            Promise t = target.Underlying();
            if (t._status == Status.Pending)
            {
                t.ResolveFrom(source);
            }
        }
    }
}
