// TimerHeap.cs: the deadlines of an engine, in a binary min-heap ordered by deadline (16-byte
// entries: a deadline and its timer; equal deadlines fire in no particular order, as in Lwt).
// Sifting entries up and down reads and writes the heap's own arrays only, never the timers:
// keeping each timer's slot up to date cost an interface call and a likely cache miss on the
// moved timer per move (firing 10^6 sleeps took about 1.5 s, now 1.2 s). So a timer does not know
// its slot, and canceling it only disarms it (its Heap becomes null); its entry stays, dead, until
// it reaches the top, where it is dropped without firing, or until dead entries outnumber live
// ones, when the heap is rebuilt without them. Memory stays within twice the live timers.

using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwt.Unix.Engine;

/// <summary>Something that fires at a deadline: a sleep, or an engine timer event.</summary>
internal interface ITimer
{
    /// <summary>The heap the timer is armed in, or null when it is not armed (not yet, fired, or canceled).</summary>
    TimerHeap? Heap { get; set; }

    /// <summary>
    /// The deadline it is armed for: of its entries in the heap, only one with this deadline is
    /// live. A timer armed at most once in its life (a sleep) has a single entry, so it keeps no
    /// deadline and reports <see cref="TimerHeap.ArmedOnce"/>: 8 bytes less per sleep.
    /// </summary>
    long Deadline { get; set; }

    /// <summary>Called once the deadline has passed, after the timer was disarmed.</summary>
    void OnTimer(TimerHeap heap);
}

internal sealed class TimerHeap
{
    /// <summary>The <see cref="ITimer.Deadline"/> of a timer that is armed at most once: its one entry is live while it is armed here.</summary>
    internal const long ArmedOnce = long.MinValue;

    // The heap's slots live in chunks of ChunkSize entries (32 KB, under the large object heap's
    // threshold) rather than one array: a big heap (10^5 sleeps) then never allocates and copies
    // megabyte arrays on the large object heap as it grows, whose allocations count toward
    // full (gen 2) collections.
    private const int ChunkBits = 11;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    // Below this many dead entries the heap is never rebuilt: small heaps just wait for them to surface.
    private const int MinDeadToCompact = 64;

    private Entry[][] _chunks = [new Entry[16]];
    private int _capacity = 16;

    // Entries in the heap, live and dead; Count is the live ones.
    private int _length;

    /// <summary>How many timers are armed.</summary>
    internal int Count { get; private set; }

    /// <summary>How many entries the heap holds, dead ones included (for tests of its bound).</summary>
    internal int EntryCount => _length;

    /// <summary>The earliest deadline of a live timer, or <see cref="long.MaxValue"/> when there is none.</summary>
    internal long NextDeadline
    {
        get
        {
            DropDeadTop();
            return _length == 0 ? long.MaxValue : At(0).Deadline;
        }
    }

    internal void Add(ITimer timer, long deadline)
    {
        Debug.Assert(timer.Heap is null);
        if (_length == _capacity)
        {
            Grow();
        }

        timer.Heap = this;
        timer.Deadline = deadline;
        Count++;
        Up(_length++, new Entry(deadline, timer));
    }

    /// <summary>Disarms <paramref name="timer"/> (cancel, stop): it will not fire. Its entry is left dead.</summary>
    internal void Remove(ITimer timer)
    {
        if (timer.Heap != this)
        {
            return;
        }

        timer.Heap = null;
        Count--;
        int dead = _length - Count;
        if (dead >= MinDeadToCompact && dead > Count)
        {
            Compact();
        }
    }

    /// <summary>
    /// Fires, in deadline order, every timer due at <paramref name="now"/>. A timer made by a firing
    /// callback waits for the next pass, as in Lwt's engines: its deadline is at least the clock when
    /// it was made, which is later than <paramref name="now"/> (the monotonic clock counts nanoseconds).
    /// </summary>
    internal void FireExpired(long now)
    {
        while (_length != 0 && At(0).Deadline <= now)
        {
            Entry top = At(0);
            RemoveTop();
            ITimer timer = top.Timer!;
            if (IsLive(top))
            {
                timer.Heap = null;
                Count--;
                timer.OnTimer(this);
            }
        }
    }

    /// <summary>Moves every armed timer, with its deadline, to <paramref name="target"/> (engine transfer).</summary>
    internal void MoveAllTo(TimerHeap target)
    {
        int n = PackLive();
        for (int i = 0; i < n; i++)
        {
            Entry e = At(i);
            At(i) = default;
            target.Add(e.Timer!, e.Deadline);
        }

        _length = 0;
        Count = 0;
    }

    /// <summary>
    /// An entry is live when its timer is armed here for its deadline. A timer canceled and armed
    /// again for the same deadline has two such entries: the first to reach the top fires it and
    /// disarms it, so the other is then dead.
    /// </summary>
    private bool IsLive(in Entry e) => e.Timer!.Heap == this && (e.Timer.Deadline == e.Deadline || e.Timer.Deadline == ArmedOnce);

    private void DropDeadTop()
    {
        while (_length != 0 && !IsLive(At(0)))
        {
            RemoveTop();
        }
    }

    private void RemoveTop()
    {
        int last = --_length;
        Entry moved = At(last);
        At(last) = default;
        if (last != 0)
        {
            Down(0, moved);
        }
    }

    /// <summary>Rebuilds the heap from its live entries (Floyd's bottom-up construction, O(n)).</summary>
    private void Compact()
    {
        int n = PackLive();
        for (int i = 0; i < n; i++)
        {
            At(i).Timer!.Heap = this;
        }

        for (int i = (n / 2) - 1; i >= 0; i--)
        {
            Down(i, At(i));
        }
    }

    /// <summary>
    /// Moves the live entries, one per armed timer, to the front in place, clears the rest, and
    /// returns their number (the new length). Each timer is disarmed as its entry is taken, so
    /// that a second live-looking entry of a timer armed twice for the same deadline reads as
    /// dead; the caller arms them again.
    /// </summary>
    private int PackLive()
    {
        int n = 0;
        for (int i = 0; i < _length; i++)
        {
            Entry e = At(i);
            if (IsLive(e))
            {
                e.Timer!.Heap = null;
                At(n++) = e;
            }
        }

        for (int i = n; i < _length; i++)
        {
            At(i) = default;
        }

        Debug.Assert(n == Count);
        _length = n;
        return n;
    }

    private void Up(int i, Entry e)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(e, At(parent)))
            {
                break;
            }

            At(i) = At(parent);
            i = parent;
        }

        At(i) = e;
    }

    private void Down(int i, Entry e)
    {
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _length)
            {
                break;
            }

            if (child + 1 < _length && Less(At(child + 1), At(child)))
            {
                child++;
            }

            if (!Less(At(child), e))
            {
                break;
            }

            At(i) = At(child);
            i = child;
        }

        At(i) = e;
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
