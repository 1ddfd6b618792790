// BoundedPushSource.cs: the source of Stream.CreateBounded (Lwt's Push_bounded). At most Size
// elements wait in the queue; a push beyond that parks its element in a single slot and returns
// a pending promise, fulfilled (later, Lwt's wakeup_later) when a reader makes room, at which point
// the parked element goes into the queue first. Only one push may be parked: another one fails
// with Full. Closing rejects the parked push with Closed; canceling it drops its element.

using System;
using System.Diagnostics;
using Lwt.Internal;

namespace Lwt;

/// <summary>The source of a bounded stream; <see cref="BoundedPush{T}"/> is its public face.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class BoundedPushSource<T>(int size) : StreamSource<T>
{
    private T _parkedValue = default!;

    /// <summary>The push waiting for room, or null.</summary>
    private ParkedPush? _parked;

#pragma warning disable CS0414, IDE0052 // Written, never read: the field exists to keep its object alive.
    private object? _reference;
#pragma warning restore CS0414, IDE0052

    internal int Size { get; private set; } = size;

    internal int Count { get; private set; }

    internal bool IsBlocked => _parked is not null;

    internal override bool CanClone => false;

    internal override bool TryFill(out Exception? error)
    {
        error = null;
        return false;
    }

    internal void Resize(int size)
    {
        Size = size;
        if (Count < Size && _parked is not null)
        {
            Count++;
            Unpark();
        }
    }

    internal Promise Push(T value)
    {
        if (IsClosed)
        {
            return Promise.Fail(new StreamClosedException("BoundedPush.Push: the stream is closed."));
        }

        if (_parked is not null)
        {
            return Promise.Fail(new StreamFullException("BoundedPush.Push: another push is already waiting for room."));
        }

        if (Count >= Size)
        {
            _parkedValue = value;
            _parked = new ParkedPush(this);
            return _parked;
        }

        Enqueue(value);
        Count++;
        NotifyWaiters(null, later: true);
        return Promise.Unit;
    }

    internal void Close()
    {
        if (IsClosed)
        {
            return;
        }

        EnqueueEnd();
        if (_parked is { } parked)
        {
            _parked = null;
            _parkedValue = default!;
            parked.RejectLater(new StreamClosedException("BoundedPush.Push: the stream was closed while the push waited for room."));
        }

        NotifyWaiters(null, later: true);
        ResolveClosed();
    }

    internal void SetReference(object? reference) => _reference = reference;

    internal override void OnConsumed()
    {
        if (_parked is null)
        {
            Count--;
        }
        else
        {
            Unpark();
        }
    }

    /// <summary>
    /// Moves the parked element into the queue (the count is unchanged: one left, one came in)
    /// and fulfills its push. Unlike Lwt, also wakes waiting readers: after a Resize they could
    /// otherwise wait for an element that is already there.
    /// </summary>
    private void Unpark()
    {
        ParkedPush parked = _parked!;
        Enqueue(_parkedValue);
        _parked = null;
        _parkedValue = default!;
        parked.ResolveLater();
        NotifyWaiters(null, later: true);
    }

    /// <summary>The promise of a push waiting for room; canceling it withdraws the element.</summary>
    private sealed class ParkedPush : Promise, ICallback
    {
        private readonly BoundedPushSource<T> _source;

        internal ParkedPush(BoundedPushSource<T> source)
            : base(CancelKind.CancelThis, null)
        {
            _source = source;
            AddCancelCallback(this);
        }

        /// <summary>Canceled: drop the element if it is still parked.</summary>
        public void OnResolved(Promise source)
        {
            if (ReferenceEquals(_source._parked, this))
            {
                _source._parked = null;
                _source._parkedValue = default!;
            }
        }

        // The user may have made this promise a proxy (by returning it from a Bind), so resolve
        // the end of its chain, as a Resolver would.
        internal void ResolveLater()
        {
            Promise u = Underlying();
            Debug.Assert(u._status == Status.Pending);
            u.FulfillUnit(later: true);
        }

        internal void RejectLater(Exception exception)
        {
            Promise u = Underlying();
            Debug.Assert(u._status == Status.Pending);
            u.RejectCore(exception, later: true);
        }
    }
}
