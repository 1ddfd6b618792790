// FileDescriptor.Waiting.cs: the operations waiting on a descriptor, and its engine watches
// (Lwt's hooks_readable/hooks_writable and event_readable/event_writable).
//
// Each direction has a FIFO queue of IoWait operations and at most one level-triggered engine
// watch, made when the first operation has to wait. When the engine reports the descriptor
// ready, each queued operation retries its call once, in order; those that complete leave the
// queue before their promise is resolved. A watch nobody waits on is stopped at the end of the
// iteration (Lwt: "after a pause"), so that a read loop that waits on every turn does not pay an
// epoll_ctl pair per read.

using System;
using System.Diagnostics;
using Lwt.Unix.Engine;

namespace Lwt.Unix;

public sealed partial class FileDescriptor : EventLoop.IIterationEnd
{
    private WaitQueue _readers;
    private WaitQueue _writers;
    private EngineEvent? _readWatch;
    private EngineEvent? _writeWatch;
    private Action<EngineEvent>? _onReadable;
    private Action<EngineEvent>? _onWritable;
    private EventLoop? _loop;
    private bool _idleCheckScheduled;
    private int _pass;

    /// <summary>How many operations wait for the descriptor to be readable.</summary>
    internal int WaitingReaders => _readers.Count;

    /// <summary>How many operations wait for the descriptor to be writable.</summary>
    internal int WaitingWriters => _writers.Count;

    /// <summary>Whether an engine watch exists for reading / writing (for tests).</summary>
    internal (bool Readable, bool Writable) HasWatches => (_readWatch is not null, _writeWatch is not null);

    void EventLoop.IIterationEnd.OnIterationEnd()
    {
        _idleCheckScheduled = false;
        if (_readers.Head is null && _readWatch is not null)
        {
            _readWatch.Stop();
            _readWatch = null;
        }

        if (_writers.Head is null && _writeWatch is not null)
        {
            _writeWatch.Stop();
            _writeWatch = null;
        }
    }

    /// <summary>
    /// Queues <paramref name="wait"/> until the descriptor is readable (or writable) and returns it
    /// (Lwt's register_action). If the descriptor cannot be watched, the operation is rejected.
    /// </summary>
    internal Promise<T> Enqueue<T>(IoWait<T> wait, bool writable)
    {
        Debug.Assert(State == FileDescriptorState.Opened);
        ref WaitQueue queue = ref writable ? ref _writers : ref _readers;
        wait.InWriteQueue = writable;

        // It has just tried its call (EAGAIN): if a dispatch is running (this is a completed
        // operation's continuation queuing the next one), it must not try again in that pass,
        // which would cost a read or write that fails with EAGAIN once more. The next dispatch
        // takes a new pass number, so it will be tried then.
        wait.Pass = _pass;
        queue.Append(wait);
        try
        {
            EnsureWatch(writable);
        }
        catch (UnixException e)
        {
            Unqueue(wait);
            wait.Reject(e);
        }

        return wait;
    }

    /// <summary>Takes <paramref name="wait"/> out of its queue, if it is in one (cancel, completion).</summary>
    internal void Unqueue(IIoWait wait)
    {
        if (!wait.IsQueued)
        {
            return;
        }

        (wait.InWriteQueue ? ref _writers : ref _readers).Remove(wait);

        if ((_readers.Head is null && _readWatch is not null) || (_writers.Head is null && _writeWatch is not null))
        {
            ScheduleIdleCheck();
        }
    }

    private void EnsureWatch(bool writable)
    {
        if (writable ? _writeWatch is not null : _readWatch is not null)
        {
            return;
        }

        _loop ??= EventLoop.Current;
        if (writable)
        {
            _onWritable ??= _ => Dispatch(writable: true);
            _writeWatch = _loop.Engine.OnWritable(_fd, _onWritable);
        }
        else
        {
            _onReadable ??= _ => Dispatch(writable: false);
            _readWatch = _loop.Engine.OnReadable(_fd, _onReadable);
        }
    }

    /// <summary>The engine says the descriptor is ready: each queued operation retries once, first queued first.</summary>
    private void Dispatch(bool writable)
    {
        ref WaitQueue queue = ref writable ? ref _writers : ref _readers;
        int pass = ++_pass;
        while (State == FileDescriptorState.Opened)
        {
            // Rescan from the head each time: a completed operation's callbacks may have canceled
            // or added others. Usually one operation waits, so this is cheap.
            IIoWait? wait = queue.Head;
            while (wait is not null && wait.Pass == pass)
            {
                wait = wait.Next;
            }

            if (wait is null)
            {
                break;
            }

            wait.Pass = pass;
            if (wait.Attempt())
            {
                Unqueue(wait);
                wait.Complete();
            }
        }

        if (queue.Head is null && State == FileDescriptorState.Opened)
        {
            // Level-triggered: a ready descriptor nobody waits on would wake every iteration.
            ScheduleIdleCheck();
        }
    }

    private void ScheduleIdleCheck()
    {
        if (!_idleCheckScheduled && _loop is not null)
        {
            _idleCheckScheduled = true;
            _loop.AtIterationEnd(this);
        }
    }

    /// <summary>Empties both queues and returns their old contents, marked as no longer queued.</summary>
    private (IIoWait? Readers, IIoWait? Writers) TakeAllWaiting() => (_readers.TakeAll(), _writers.TakeAll());

    private void StopWatches()
    {
        _readWatch?.Stop();
        _readWatch = null;
        _writeWatch?.Stop();
        _writeWatch = null;
    }

    /// <summary>An intrusive doubly linked FIFO of waiting operations.</summary>
    private struct WaitQueue
    {
        internal IIoWait? Head;
        internal IIoWait? Tail;
        internal int Count;

        internal void Append<TWait>(TWait wait)
            where TWait : class, IIoWait
        {
            Debug.Assert(!wait.IsQueued);
            wait.IsQueued = true;
            wait.Next = null;
            wait.Previous = Tail;
            if (Tail is null)
            {
                Head = wait;
            }
            else
            {
                Tail.Next = wait;
            }

            Tail = wait;
            Count++;
        }

        internal void Remove(IIoWait wait)
        {
            Debug.Assert(wait.IsQueued);
            if (wait.Previous is null)
            {
                Head = wait.Next;
            }
            else
            {
                wait.Previous.Next = wait.Next;
            }

            if (wait.Next is null)
            {
                Tail = wait.Previous;
            }
            else
            {
                wait.Next.Previous = wait.Previous;
            }

            wait.Next = null;
            wait.Previous = null;
            wait.IsQueued = false;
            Count--;
        }

        /// <summary>Empties the queue; the returned chain keeps its Next links for the caller to walk.</summary>
        internal IIoWait? TakeAll()
        {
            IIoWait? head = Head;
            for (IIoWait? w = head; w is not null; w = w.Next)
            {
                w.IsQueued = false;
            }

            Head = null;
            Tail = null;
            Count = 0;
            return head;
        }
    }
}
