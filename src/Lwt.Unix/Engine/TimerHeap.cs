// TimerHeap.cs: the deadlines of an engine, in a binary min-heap ordered by deadline (16-byte
// entries: a deadline and its timer; equal deadlines fire in no particular order, as in Lwt). Each timer remembers its slot, so canceling a sleep removes it in O(log n) and the
// heap never holds dead entries. The sleep promise itself is the timer: one object per sleep.

using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

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
    // The heap's slots live in chunks of ChunkSize entries (32 KB, under the large object heap's
    // threshold) rather than one array: a big heap (10^5 sleeps) then never allocates and copies
    // megabyte arrays on the large object heap as it grows, whose allocations count toward
    // full (gen 2) collections.
    private const int ChunkBits = 11;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private Entry[][] _chunks = [new Entry[16]];
    private int _capacity = 16;

    internal int Count { get; private set; }

    /// <summary>The earliest deadline, or <see cref="long.MaxValue"/> when there is none.</summary>
    internal long NextDeadline => Count == 0 ? long.MaxValue : _chunks[0][0].Deadline;

    internal void Add(ITimer timer, long deadline)
    {
        Debug.Assert(timer.HeapIndex < 0);
        if (Count == _capacity)
        {
            Grow();
        }

        int i = Count++;
        At(i) = new Entry(deadline, timer);
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
            At(last) = default;
            if (!Up(i))
            {
                Down(i);
            }
        }
        else
        {
            At(last) = default;
        }
    }

    /// <summary>
    /// Fires, in deadline order, every timer due at <paramref name="now"/>. A timer made by a firing
    /// callback waits for the next pass, as in Lwt's engines: its deadline is at least the clock when
    /// it was made, which is later than <paramref name="now"/> (the monotonic clock counts nanoseconds).
    /// </summary>
    internal void FireExpired(long now)
    {
        while (Count != 0 && At(0).Deadline <= now)
        {
            ITimer timer = At(0).Timer!;
            Remove(timer);
            timer.OnTimer(this);
        }
    }

    /// <summary>Moves every timer, with its deadline, to <paramref name="target"/> (engine transfer).</summary>
    internal void MoveAllTo(TimerHeap target)
    {
        while (Count != 0)
        {
            Entry last = At(Count - 1);
            Remove(last.Timer!);
            target.Add(last.Timer!, last.Deadline);
        }
    }

    private bool Up(int i)
    {
        bool moved = false;
        Entry e = At(i);
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(e, At(parent)))
            {
                break;
            }

            Move(parent, i);
            i = parent;
            moved = true;
        }

        At(i) = e;
        e.Timer!.HeapIndex = i;
        return moved;
    }

    private void Down(int i)
    {
        Entry e = At(i);
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Less(At(child + 1), At(child)))
            {
                child++;
            }

            if (!Less(At(child), e))
            {
                break;
            }

            Move(child, i);
            i = child;
        }

        At(i) = e;
        e.Timer!.HeapIndex = i;
    }

    private void Move(int from, int to)
    {
        At(to) = At(from);
        At(to).Timer!.HeapIndex = to;
    }

    private static bool Less(in Entry a, in Entry b) => a.Deadline < b.Deadline;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry At(int i) => ref _chunks[i >> ChunkBits][i & ChunkMask];

    private void Grow()
    {
        if (_capacity < ChunkSize)
        {
            // The first chunk grows by doubling up to a whole chunk, so that small heaps stay small.
            Array.Resize(ref _chunks[0], Math.Min(_capacity * 2, ChunkSize));
            _capacity = _chunks[0].Length;
            return;
        }

        int chunk = _capacity >> ChunkBits;
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[chunk] = new Entry[ChunkSize];
        _capacity += ChunkSize;
    }

    private readonly struct Entry(long deadline, ITimer timer)
    {
        internal readonly long Deadline = deadline;
        internal readonly ITimer? Timer = timer;
    }
}
