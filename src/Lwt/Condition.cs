// Condition.cs: Lwt's Lwt_condition. Waiters queue FIFO; Signal wakes the first one (not sticky:
// with nobody waiting it is lost) and Broadcast all of them, always with ResolveLater.

using System;

namespace Lwt;

/// <summary>
/// A condition variable for promises (Lwt's <c>Lwt_condition</c>): <see cref="Wait"/> until
/// another computation signals a value.
/// </summary>
/// <typeparam name="T">The type of the value signaled.</typeparam>
public sealed class Condition<T>
{
    private readonly Sequence<Resolver<T>> _waiters = new();

    /// <summary>
    /// Waits for the next <see cref="Signal"/> or <see cref="Broadcast"/> (Lwt's <c>wait</c>). With a
    /// <paramref name="mutex"/> (which the caller holds), releases it while waiting and takes it
    /// again before the promise resolves, also when the wait fails or is canceled.
    /// </summary>
    /// <param name="mutex">A mutex the caller holds, or null.</param>
    /// <returns>A cancelable promise of the value signaled.</returns>
    public Promise<T> Wait(Mutex? mutex = null)
    {
        Promise<T> waiter = Promise.AddTaskRight(_waiters);
        if (mutex is null)
        {
            return waiter;
        }

        mutex.Unlock();
        return waiter.Finalize(mutex.Lock);
    }

    /// <summary>Wakes the first waiter with <paramref name="value"/> (Lwt's <c>signal</c>); does nothing if nobody waits.</summary>
    /// <param name="value">The value.</param>
    public void Signal(T value)
    {
        if (_waiters.TryTakeLeft(out Resolver<T> first))
        {
            first.ResolveLater(value);
        }
    }

    /// <summary>Wakes every current waiter with <paramref name="value"/>, first waiter first (Lwt's <c>broadcast</c>).</summary>
    /// <param name="value">The value.</param>
    public void Broadcast(T value)
    {
        var all = new Sequence<Resolver<T>>();
        _waiters.TransferRight(all);
        all.IterLeft(r => r.ResolveLater(value));
    }

    /// <summary>Rejects every current waiter with <paramref name="exception"/> (Lwt's <c>broadcast_exn</c>).</summary>
    /// <param name="exception">The rejection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public void BroadcastException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var all = new Sequence<Resolver<T>>();
        _waiters.TransferRight(all);
        all.IterLeft(r => r.RejectLater(exception));
    }
}
