// FileDescriptor.Waiting.cs: the operations waiting on a descriptor, and its engine watches
// (Lwt's hooks_readable/hooks_writable and event_readable/event_writable).
//
// Each direction has a FIFO queue of IoWait operations and at most one level-triggered engine
// watch, made when the first operation has to wait. When the engine reports the descriptor
// ready, each queued operation retries its call once, in order; those that complete leave the
// queue before their promise is resolved. A watch nobody waits on is stopped at the end of the
// iteration (Lwt: "after a pause"), so that a read loop that waits on every turn does not pay an
// epoll_ctl pair per read.
//
// A queue is a ring of (operation, pass) entries owned by the descriptor rather than links kept
// in the operations: the operations are of many classes behind one interface, so every link read
// or write was an interface call through a stub lookup, a dozen per message on a server's
// connection; now the queue's bookkeeping is array accesses, and an operation is called only to
// attempt and to complete.

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

    /// <summary>The number of the dispatch pass running, or of the last one (for tests).</summary>
    internal int DispatchPass => _pass;

    /// <summary>Whether an engine watch exists for reading / writing (for tests).</summary>
    internal (bool Readable, bool Writable) HasWatches => (_readWatch is not null, _writeWatch is not null);

    void EventLoop.IIterationEnd.OnIterationEnd()
    {
        _idleCheckScheduled = false;
        if (_readers.Count == 0 && _readWatch is not null)
        {
            _readWatch.Stop();
            _readWatch = null;
        }

        if (_writers.Count == 0 && _writeWatch is not null)
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

        // It has just tried its call (EAGAIN): if a dispatch is running (this is a completed
        // operation's continuation queuing the next one), it must not try again in that pass,
        // which would cost a read or write that fails with EAGAIN once more. The next dispatch
        // takes a new pass number, so it will be tried then.
        queue.Append(wait, _pass);
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
        if (!_readers.Remove(wait) && !_writers.Remove(wait))
        {
            return;
        }

        if ((_readers.Count == 0 && _readWatch is not null) || (_writers.Count == 0 && _writeWatch is not null))
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
            IIoWait? wait = queue.NextUntried(pass);
            if (wait is null)
            {
                break;
            }

            if (wait.Attempt())
            {
                Unqueue(wait);
                wait.Complete();
            }
        }

        if (queue.Count == 0 && State == FileDescriptorState.Opened)
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

    /// <summary>Empties both queues and returns their old contents, first queued first.</summary>
    private (IIoWait[] Readers, IIoWait[] Writers) TakeAllWaiting() => (_readers.TakeAll(), _writers.TakeAll());

    private void StopWatches()
    {
        _readWatch?.Stop();
        _readWatch = null;
        _writeWatch?.Stop();
        _writeWatch = null;
    }

    /// <summary>A FIFO of waiting operations: a ring of entries, each with the dispatch pass that last tried it.</summary>
    private struct WaitQueue
    {
        private Entry[]? _ring;
        private int _head;

        internal int Count { get; private set; }

        internal void Append(IIoWait wait, int pass)
        {
            if (_ring is null || Count == _ring.Length)
            {
                Grow();
            }

            _ring![Index(Count)] = new Entry(wait, pass);
            Count++;
        }

        /// <summary>The first operation that <paramref name="pass"/> has not tried yet, now marked as tried; null when there is none.</summary>
        internal IIoWait? NextUntried(int pass)
        {
            for (int i = 0; i < Count; i++)
            {
                ref Entry entry = ref _ring![Index(i)];
                if (entry.Pass != pass)
                {
                    entry.Pass = pass;
                    return entry.Wait;
                }
            }

            return null;
        }

        /// <summary>Takes <paramref name="wait"/> out, keeping the order of the others; false when it is not here.</summary>
        internal bool Remove(IIoWait wait)
        {
            for (int i = 0; i < Count; i++)
            {
                if (ReferenceEquals(_ring![Index(i)].Wait, wait))
                {
                    if (i == 0)
                    {
                        // The usual case, the first one completed: the head moves on.
                        _ring[_head] = default;
                        _head = Index(1);
                    }
                    else
                    {
                        for (int j = i; j < Count - 1; j++)
                        {
                            _ring[Index(j)] = _ring[Index(j + 1)];
                        }

                        _ring[Index(Count - 1)] = default;
                    }

                    Count--;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Empties the queue and returns what it held, first queued first.</summary>
        internal IIoWait[] TakeAll()
        {
            if (Count == 0)
            {
                return [];
            }

            var all = new IIoWait[Count];
            for (int i = 0; i < Count; i++)
            {
                all[i] = _ring![Index(i)].Wait;
                _ring[Index(i)] = default;
            }

            Count = 0;
            _head = 0;
            return all;
        }

        private readonly int Index(int i) => (_head + i) & (_ring!.Length - 1);

        private void Grow()
        {
            var bigger = new Entry[_ring is null ? 2 : _ring.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                bigger[i] = _ring![Index(i)];
            }

            _ring = bigger;
            _head = 0;
        }

        private struct Entry(IIoWait wait, int pass)
        {
            internal readonly IIoWait Wait = wait;
            internal int Pass = pass;
        }
    }
}
