// StreamSource.cs: what the clones of a stream share (Lwt's 'a source plus the queue's tail and
// the closed promise): where new elements come from, the tail of the queue, and the readers
// waiting for the tail to be filled.
//
// Waiting readers form one intrusive FIFO list, so a pending read costs exactly one object (the
// promise it returns) and canceling it unlinks it in O(1). Lwt instead has every reader wait on a
// shared "new element" signal through its own protected promise; the observable rules are the
// same (every waiter wakes, re-reads the node it holds, and concurrent readers see the same
// element), except that we wake waiters in the order they came rather than Lwt's LIFO callback
// order.
//
// The source never references a Stream: a pusher keeps the source alive, and the source holds
// only the tail of the queue, so a dropped stream and its unread elements can be collected while
// its push function lives on (Lwt's "push and GC" test). Waiting readers do reference their
// stream, as in Lwt.

using System;
using System.Diagnostics;

namespace Lwt;

/// <summary>The shared part of a stream and its clones; the subclasses are where elements come from.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal abstract class StreamSource<T>
{
    private readonly Resolver _close;
    private IStreamWaiter? _head;
    private IStreamWaiter? _tail;
    private long _epoch;

    protected StreamSource()
    {
        (Closed, _close) = Promise.Wait();
    }

    /// <summary>The sentinel at the end of the queue.</summary>
    internal StreamNode<T> Last { get; private set; } = new();

    /// <summary>Fulfilled once the end of the stream is enqueued (Lwt's <c>closed</c>).</summary>
    internal Promise Closed { get; }

    /// <summary>True once the end is enqueued.</summary>
    internal bool IsClosed { get; private set; }

    /// <summary>How many readers are waiting (for the leak tests and the debugger).</summary>
    internal int WaiterCount { get; private set; }

    /// <summary>Whether streams over this source may be cloned (Lwt refuses bounded ones).</summary>
    internal virtual bool CanClone => true;

    /// <summary>
    /// Tries to get one more element (or the end) into the queue without waiting: a function
    /// source calls its function. Returns false when the caller must wait (a push source, or a
    /// call already in flight); returns true when something was enqueued, or when it failed, in
    /// which case <paramref name="error"/> is set and nothing was enqueued.
    /// </summary>
    internal abstract bool TryFill(out Exception? error);

    /// <summary>A reader moved past an element (bounded sources count them).</summary>
    internal virtual void OnConsumed()
    {
    }

    /// <summary>Fills the sentinel with <paramref name="value"/> and adds a new sentinel.</summary>
    internal void Enqueue(T value)
    {
        Debug.Assert(!IsClosed);
        StreamNode<T> node = Last;
        node.Value = value;
        Last = new StreamNode<T>();
        node.Next = Last;
    }

    /// <summary>Enqueues the end marker; the caller then resolves <see cref="Closed"/> and wakes readers in Lwt's order.</summary>
    internal void EnqueueEnd()
    {
        Debug.Assert(!IsClosed);
        StreamNode<T> node = Last;
        node.IsEnd = true;
        Last = new StreamNode<T>();
        node.Next = Last;
        IsClosed = true;
    }

    /// <summary>Fulfills <see cref="Closed"/> at once (Lwt's <c>wakeup close</c>).</summary>
    internal void ResolveClosed() => _close.Resolve();

    /// <summary>Adds a waiting reader at the end of the list.</summary>
    internal void AddWaiter(IStreamWaiter waiter)
    {
        Debug.Assert(!waiter.IsLinked);
        waiter.Epoch = _epoch;
        waiter.IsLinked = true;
        waiter.PreviousWaiter = _tail;
        waiter.NextWaiter = null;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.NextWaiter = waiter;
        }

        _tail = waiter;
        WaiterCount++;
    }

    /// <summary>Takes a waiting reader out of the list (it was canceled); does nothing if it is not in it.</summary>
    internal void RemoveWaiter(IStreamWaiter waiter)
    {
        if (!waiter.IsLinked)
        {
            return;
        }

        IStreamWaiter? previous = waiter.PreviousWaiter;
        IStreamWaiter? next = waiter.NextWaiter;
        if (previous is null)
        {
            _head = next;
        }
        else
        {
            previous.NextWaiter = next;
        }

        if (next is null)
        {
            _tail = previous;
        }
        else
        {
            next.PreviousWaiter = previous;
        }

        waiter.PreviousWaiter = null;
        waiter.NextWaiter = null;
        waiter.IsLinked = false;
        WaiterCount--;
    }

    /// <summary>
    /// Wakes every reader that was waiting when this was called, first come first: each re-reads
    /// the node it holds, or fails with <paramref name="error"/>. A reader that must wait again,
    /// or one that starts waiting meanwhile, is left for the next call: the epoch tells them apart.
    /// <paramref name="later"/> is Lwt's wakeup_later (push sources use it so that a long chain of
    /// readers cannot grow the stack).
    /// </summary>
    internal void NotifyWaiters(Exception? error, bool later)
    {
        long epoch = ++_epoch;
        while (_head is { } waiter && waiter.Epoch < epoch)
        {
            RemoveWaiter(waiter);
            waiter.OnFed(error, later);
        }
    }
}

/// <summary>A pending read linked in its source's list of waiters.</summary>
internal interface IStreamWaiter
{
    IStreamWaiter? PreviousWaiter { get; set; }

    IStreamWaiter? NextWaiter { get; set; }

    long Epoch { get; set; }

    bool IsLinked { get; set; }

    /// <summary>The source was fed (<paramref name="error"/> null) or failed: read again, or fail.</summary>
    void OnFed(Exception? error, bool later);
}
