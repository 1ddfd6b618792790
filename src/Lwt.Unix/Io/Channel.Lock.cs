// Channel.Lock.cs: the serialization of operations on one wrapper (Lwt's Idle / Busy_primitive /
// Busy_atomic / Closed / Invalid states and its queue of waiting operations), and Atomic.
//
// An operation that cannot be served by its fast path calls Acquire, does its work, and calls
// Release in a finally block. Release hands the wrapper to the oldest waiter with ResolveLater
// (Lwt's wakeup_later), so the handover does not nest the next operation inside this one. A
// waiter that was canceled is skipped. When the channel has been closed meanwhile, the waiters
// are rejected instead of woken.

using System;
using System.Collections.Generic;

namespace Lwt.Io;

public abstract partial class Channel
{
    internal WrapperState _state;
    private readonly Channel? _outer;
    private Channel? _inner;
    private Queue<Resolver>? _waiters;

    internal enum WrapperState : byte
    {
        Idle,
        Busy,
        BusyAtomic,
        Closed,
        Invalid,
    }

    /// <summary>True when the wrapper is idle and the channel open: a fast path may run now.</summary>
    internal bool CanRunNow => _state == WrapperState.Idle && !_core.IsClosed;

    /// <summary>True for the temporary wrapper given to an <c>Atomic</c> function.</summary>
    internal bool IsTemporary => _outer is not null;

    /// <summary>The temporary wrapper of the <c>Atomic</c> call running now, if any.</summary>
    internal Channel? Inner => _inner;

    /// <summary>The channel itself, or for a temporary wrapper the channel it stands for.</summary>
    internal Channel Root
    {
        get
        {
            Channel c = this;
            while (c._outer is not null)
            {
                c = c._outer;
            }

            return c;
        }
    }

    /// <summary>Takes the wrapper for one operation: fulfilled at once when it is idle, else when the operations before this one are done.</summary>
    internal Promise Acquire()
    {
        // Lwt looks at an expired temporary's state before the channel's.
        if (_state == WrapperState.Invalid)
        {
            return Promise.Fail(InvalidTemporary());
        }

        if (_core.IsClosed)
        {
            return Promise.Fail(Closed());
        }

        switch (_state)
        {
            case WrapperState.Idle:
                _state = WrapperState.Busy;
                return Promise.Unit;
            case WrapperState.Closed:
                return Promise.Fail(Closed());
            default:
                (Promise wait, Resolver resolver) = Promise.Cancelable();
                (_waiters ??= new Queue<Resolver>()).Enqueue(resolver);
                return AcquireQueued(wait);
        }
    }

    private async Promise AcquireQueued(Promise wait)
    {
        await wait;

        // The wrapper was handed over to us; the channel may have been closed since.
        if (_core.IsClosed)
        {
            Release();
            throw Closed();
        }
    }

    /// <summary>Ends the current operation: wakes the next waiter, or makes the wrapper idle.</summary>
    internal void Release()
    {
        if (_state == WrapperState.Invalid)
        {
            return;
        }

        if (_core.IsClosed)
        {
            RejectWaiters();
            _state = IsTemporary ? WrapperState.Invalid : WrapperState.Closed;
            return;
        }

        if (_waiters is not null)
        {
            while (_waiters.TryDequeue(out Resolver next))
            {
                if (next.Promise.IsPending)
                {
                    // ResolveLater fulfills the waiter at once and defers only its callbacks, so a
                    // cancel arriving in between finds it resolved and cannot strand the wrapper.
                    _state = WrapperState.Busy;
                    next.ResolveLater();
                    return;
                }
            }
        }

        _state = WrapperState.Idle;
        OnIdle();
    }

    private void RejectWaiters(bool expired = false)
    {
        for (Channel? c = this; c is not null; c = c._inner)
        {
            if (c._waiters is null)
            {
                continue;
            }

            while (c._waiters.TryDequeue(out Resolver next))
            {
                next.TryReject(expired ? c.InvalidTemporary() : c.Closed());
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> with exclusive use of the channel (Lwt's <c>atomic</c>): waits like
    /// any operation, then gives f a temporary channel whose operations run without queueing while
    /// operations on this channel wait until f's promise resolves. The temporary channel is invalid
    /// afterwards.
    /// </summary>
    private protected async Promise<T> AtomicCore<TChannel, T>(Func<TChannel, Promise<T>> f, TChannel temporary)
        where TChannel : Channel
    {
        await Acquire();
        _state = WrapperState.BusyAtomic;
        _inner = temporary;
        try
        {
            return await f(temporary);
        }
        finally
        {
            temporary.Invalidate();
            _inner = null;
            _state = WrapperState.Busy;
            Release();
        }
    }

    private void Invalidate()
    {
        // Lwt: what is queued on a temporary when atomic's function ends fails with "no more valid".
        RejectWaiters(expired: true);
        _state = WrapperState.Invalid;
    }
}
