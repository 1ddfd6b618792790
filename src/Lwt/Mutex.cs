// Mutex.cs: Lwt's Lwt_mutex, a lock for cooperative code. Waiters queue FIFO; unlock hands
// ownership straight to the first waiter (the mutex stays locked) with ResolveLater, so a long
// queue of waiters does not nest their continuations on one stack (Lwt 2.3.1's fix).
//
// The queue is intrusive: a waiter is its own promise and its own queue link (Waiter below),
// and removes itself when canceled, so a Lock that waits allocates one object. (A Sequence of
// resolvers costs the promise plus a sequence node.)

using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// A mutual-exclusion lock for promises (Lwt's <c>Lwt_mutex</c>): not reentrant, no owner
/// tracking, FIFO among waiters. Single-threaded, like all promises: it orders computations on
/// one loop, it does not protect data from other threads.
/// </summary>
/// <example>
/// <code>
/// using (await mutex.LockScoped())
/// {
///     await WriteRecord(channel, record);
/// }
/// </code>
/// </example>
public sealed class Mutex
{
    private Waiter? _first;
    private Waiter? _last;

    /// <summary>True while the mutex is held (Lwt's <c>is_locked</c>).</summary>
    public bool IsLocked { get; private set; }

    /// <summary>True when nobody waits for the mutex (Lwt's <c>is_empty</c>).</summary>
    public bool IsEmpty => _first is null;

    /// <summary>
    /// Takes the mutex (Lwt's <c>lock</c>): at once if it is free, else when every earlier waiter
    /// has had it. The waiting promise is cancelable: canceling it leaves the queue. Once the lock
    /// has been handed over, canceling no longer takes it back.
    /// </summary>
    /// <returns>A promise fulfilled once the caller holds the mutex.</returns>
    public Promise Lock()
    {
        if (!IsLocked)
        {
            IsLocked = true;
            return Promise.Unit;
        }

        return new Waiter(this);
    }

    /// <summary>
    /// Releases the mutex (Lwt's <c>unlock</c>): the first waiter gets it (its callbacks run after
    /// the current callback, if any); with no waiter the mutex is free. Unlocking a free mutex
    /// does nothing, as in Lwt.
    /// </summary>
    public void Unlock()
    {
        if (!IsLocked)
        {
            return;
        }

        Waiter? next = _first;
        if (next is not null)
        {
            next.Unlink();
            new Resolver(next).ResolveLater();
        }
        else
        {
            IsLocked = false;
        }
    }

    /// <summary>Runs <paramref name="f"/> holding the mutex, and releases it however <paramref name="f"/> ends (Lwt's <c>with_lock</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The computation.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, after the release.</returns>
    /// <remarks>Canceling the result while waiting for the mutex leaves the queue; <paramref name="f"/> then never runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<T> WithLock<T>(Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Lock().Bind(() => Promise.Finalize(f, UnlockAndContinue));
    }

    /// <summary>Runs <paramref name="f"/> holding the mutex, and releases it however <paramref name="f"/> ends (Lwt's <c>with_lock</c>).</summary>
    /// <param name="f">The computation.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, after the release.</returns>
    /// <remarks>Canceling the result while waiting for the mutex leaves the queue; <paramref name="f"/> then never runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise WithLock(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Lock().Bind(() => Promise.Finalize(f, UnlockAndContinue));
    }

    /// <summary>
    /// Takes the mutex and gives a scope that releases it when disposed: <c>using (await m.LockScoped()) { ... }</c>.
    /// </summary>
    /// <returns>A promise of the scope, fulfilled once the caller holds the mutex.</returns>
    public Promise<Scope> LockScoped() => Lock().Map(() => new Scope(this));

    private Promise UnlockAndContinue()
    {
        Unlock();
        return Promise.Unit;
    }

    /// <summary>Holds a <see cref="Mutex"/> until disposed (synchronously or with <c>await using</c>).</summary>
    public readonly struct Scope : IDisposable, IAsyncDisposable, IEquatable<Scope>
    {
        private readonly Mutex? _mutex;

        internal Scope(Mutex mutex) => _mutex = mutex;

        /// <summary>Compares two scopes.</summary>
        public static bool operator ==(Scope left, Scope right) => left.Equals(right);

        /// <summary>Compares two scopes.</summary>
        public static bool operator !=(Scope left, Scope right) => !left.Equals(right);

        /// <summary>Releases the mutex.</summary>
        public void Dispose() => _mutex?.Unlock();

        /// <summary>Releases the mutex.</summary>
        /// <returns>A completed value task.</returns>
        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        /// <inheritdoc/>
        public bool Equals(Scope other) => ReferenceEquals(_mutex, other._mutex);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Scope s && Equals(s);

        /// <inheritdoc/>
        public override int GetHashCode() => _mutex is null ? 0 : _mutex.GetHashCode();
    }

    /// <summary>
    /// A Lock that waits: the cancelable promise and its link in the FIFO at once. Canceling it
    /// takes it out of the queue (a cancel callback on itself, so no extra object).
    /// </summary>
    private sealed class Waiter : Promise, ICallback
    {
        private readonly Mutex _mutex;
        private Waiter? _prev;
        private Waiter? _next;

        internal Waiter(Mutex mutex)
            : base(CancelKind.CancelThis, null)
        {
            _mutex = mutex;
            _prev = mutex._last;
            if (_prev is null)
            {
                mutex._first = this;
            }
            else
            {
                _prev._next = this;
            }

            mutex._last = this;
            AddCancelCallback(this);
        }

        /// <summary>Canceled while waiting: leave the queue (it has not been handed the mutex).</summary>
        public void OnResolved(Promise source) => Unlink();

        internal void Unlink()
        {
            Mutex m = _mutex;
            if (_prev is null && !ReferenceEquals(m._first, this))
            {
                return; // already out of the queue
            }

            if (_prev is null)
            {
                m._first = _next;
            }
            else
            {
                _prev._next = _next;
            }

            if (_next is null)
            {
                m._last = _prev;
            }
            else
            {
                _next._prev = _prev;
            }

            _prev = null;
            _next = null;
            Debug.Assert(m._first is null == m._last is null);
        }
    }
}
