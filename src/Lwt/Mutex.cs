// Mutex.cs: Lwt's Lwt_mutex, a lock for cooperative code. Waiters queue FIFO; unlock hands
// ownership straight to the first waiter (the mutex stays locked) with ResolveLater, so a long
// queue of waiters does not nest their continuations on one stack (Lwt 2.3.1's fix).

using System;
using System.Threading.Tasks;

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
    private readonly Sequence<Resolver<bool>> _waiters = new();

    /// <summary>True while the mutex is held (Lwt's <c>is_locked</c>).</summary>
    public bool IsLocked { get; private set; }

    /// <summary>True when nobody waits for the mutex (Lwt's <c>is_empty</c>).</summary>
    public bool IsEmpty => _waiters.IsEmpty;

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

        return Promise.AddTaskRight(_waiters);
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

        if (_waiters.TryTakeLeft(out Resolver<bool> next))
        {
            next.ResolveLater(true);
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
}
