// TimerHeap.cs: the deadlines of an engine, in a binary min-heap ordered by deadline (16-byte
// entries: a deadline and its timer; equal deadlines fire in no particular order, as in Lwt). Each timer remembers its slot, so canceling a sleep removes it in O(log n) and the
// heap never holds dead entries. The sleep promise itself is the timer: one object per sleep.

using System;
using System.Diagnostics;

namespace Lwt.Unix.Engine;

/// <summary>Something that fires at a deadline: a sleep, or an engine timer event.</summary>
internal interface ITimer
{
    /// <summary>The timer's slot in its heap, or -1 when it is not in one.</summary>
    int HeapIndex { get; set; }

    /// <summary>The heap the timer is in, or null: canceling removes it from there, wherever it moved.</summary>
    TimerHeap? Heap { get; set; }

    /// <summary>Called once the deadline has passed, after the timer left <paramref name="heap"/>.</summary>
    void OnTimer(TimerHeap heap);
}

internal sealed class TimerHeap
{
    private Entry[] _entries = new Entry[16];

    internal int Count { get; private set; }

    /// <summary>The earliest deadline, or <see cref="long.MaxValue"/> when there is none.</summary>
    internal long NextDeadline => Count == 0 ? long.MaxValue : _entries[0].Deadline;

    internal void Add(ITimer timer, long deadline)
    {
        Debug.Assert(timer.HeapIndex < 0);
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Count * 2);
        }

        int i = Count++;
        _entries[i] = new Entry(deadline, timer);
        timer.HeapIndex = i;
        timer.Heap = this;
        Up(i);
    }

    internal void Remove(ITimer timer)
    {
        int i = timer.HeapIndex;
        if (i < 0)
        {
            return;
        }

        timer.HeapIndex = -1;
        timer.Heap = null;
        int last = --Count;
        if (i != last)
        {
            Move(last, i);
            _entries[last] = default;
            if (!Up(i))
            {
                Down(i);
            }
        }
        else
        {
            _entries[last] = default;
        }
    }

    /// <summary>
    /// Fires, in deadline order, every timer due at <paramref name="now"/>. A timer made by a firing
    /// callback waits for the next pass, as in Lwt's engines: its deadline is at least the clock when
    /// it was made, which is later than <paramref name="now"/> (the monotonic clock counts nanoseconds).
    /// </summary>
    internal void FireExpired(long now)
    {
        while (Count != 0 && _entries[0].Deadline <= now)
        {
            ITimer timer = _entries[0].Timer!;
            Remove(timer);
            timer.OnTimer(this);
        }
    }

    /// <summary>Moves every timer, with its deadline, to <paramref name="target"/> (engine transfer).</summary>
    internal void MoveAllTo(TimerHeap target)
    {
        while (Count != 0)
        {
            Entry last = _entries[Count - 1];
            Remove(last.Timer!);
            target.Add(last.Timer!, last.Deadline);
        }
    }

    private bool Up(int i)
    {
        bool moved = false;
        Entry e = _entries[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(e, _entries[parent]))
            {
                break;
            }

            Move(parent, i);
            i = parent;
            moved = true;
        }

        _entries[i] = e;
        e.Timer!.HeapIndex = i;
        return moved;
    }

    private void Down(int i)
    {
        Entry e = _entries[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Less(_entries[child + 1], _entries[child]))
            {
                child++;
            }

            if (!Less(_entries[child], e))
            {
                break;
            }

            Move(child, i);
            i = child;
        }

        _entries[i] = e;
        e.Timer!.HeapIndex = i;
    }

    private void Move(int from, int to)
    {
        _entries[to] = _entries[from];
        _entries[to].Timer!.HeapIndex = to;
    }

    private static bool Less(in Entry a, in Entry b) => a.Deadline < b.Deadline;

    private readonly struct Entry(long deadline, ITimer timer)
    {
        internal readonly long Deadline = deadline;
        internal readonly ITimer? Timer = timer;
    }
}
