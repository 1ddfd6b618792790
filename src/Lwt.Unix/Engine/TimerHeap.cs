// TimerHeap.cs: the deadlines of an engine, in a binary min-heap ordered by deadline (16-byte
// entries: a deadline and its timer; equal deadlines fire in no particular order, as in Lwt).
// Sifting entries up and down reads and writes the heap's own arrays only, never the timers:
// keeping each timer's slot up to date cost an interface call and a likely cache miss on the
// moved timer per move (firing 10^6 sleeps took about 1.5 s, now 1.2 s). So a timer does not know
// its slot, and canceling it only disarms it; its entry stays, dead, until it reaches the top,
// where it is dropped without firing, or until dead entries outnumber live ones, when the heap is
// rebuilt without them. Memory stays within twice the live timers.
//
// Two kinds of timers. A re-armable one (an engine timer event) records the heap and deadline it
// is armed for; a stop disarms it and tells the heap (Disarmed). A one-shot one (a sleep, armed
// once when made) records nothing, so that a sleep is one 40-byte object: its entry is live while
// the sleep is pending, and the heap is the sleep's cancel callback, so that canceling the sleep
// tells the heap (through the heaps its timers were moved to, if an engine transfer moved them).
// Count is therefore the timers not yet known to be dead: a cancel walk rejects every sleep it
// reaches first and runs their cancel callbacks after, one by one, so until the last has run the
// live entries are fewer than Count. They are never more, so Count == 0 still means no live timer.

using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt.Unix.Engine;

/// <summary>Something that fires at a deadline: a sleep, or an engine timer event.</summary>
internal interface ITimer
{
    /// <summary>
    /// Whether the entry (<paramref name="heap"/>, <paramref name="deadline"/>) is the timer's live
    /// one. A re-armable timer answers from what <see cref="SetArmed"/> recorded; a one-shot timer,
    /// which has a single entry in its life, answers whether it is still pending.
    /// </summary>
    bool IsArmedIn(TimerHeap heap, long deadline);

    /// <summary>
    /// The heap arms the timer for <paramref name="deadline"/>, or disarms it (<paramref name="heap"/>
    /// null: it is about to fire, or its entry is being repacked). A one-shot timer ignores it.
    /// </summary>
    void SetArmed(TimerHeap? heap, long deadline);

    /// <summary>Called once the deadline has passed, after the timer was disarmed.</summary>
    void OnTimer(TimerHeap heap);
}

internal sealed class TimerHeap : ICallback
{
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

    // Entries in the heap, live and dead; Count is the live ones plus canceled one-shot timers
    // whose cancel callback has yet to run (see the top of the file).
    private int _length;

    // Where MoveAllTo sent this heap's timers: a one-shot timer canceled after a move reports to
    // the heap that holds it now, through its cancel callback, which is still this heap.
    private TimerHeap? _movedTo;

    /// <summary>How many timers are armed (while a cancel walk runs its callbacks, also the sleeps it canceled and has yet to report).</summary>
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

    /// <summary>
    /// Arms <paramref name="timer"/> for <paramref name="deadline"/>. A one-shot timer must also
    /// have this heap among its cancel callbacks, so that canceling it reaches <see cref="Disarmed"/>.
    /// </summary>
    internal void Add(ITimer timer, long deadline)
    {
        if (_length == _capacity)
        {
            Grow();
        }

        timer.SetArmed(this, deadline);
        Count++;
        Up(_length++, new Entry(deadline, timer));
    }

    /// <summary>
    /// One of the timers armed here was disarmed without firing (stopped, canceled): its entry is
    /// now dead. The timer has already stopped answering <see cref="ITimer.IsArmedIn"/>.
    /// </summary>
    internal void Disarmed()
    {
        Count--;
        int dead = _length - Count;
        if (dead >= MinDeadToCompact && dead > Count)
        {
            Compact();
        }
    }

    /// <summary>A one-shot timer armed here (or in a heap whose timers moved here) was canceled.</summary>
    /// <param name="source">The canceled promise (the sleep, or the promise it became a proxy of).</param>
    void ICallback.OnResolved(Promise source)
    {
        TimerHeap holder = this;
        while (holder._movedTo is { } next)
        {
            holder = next;
        }

        holder.Disarmed();
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
                timer.SetArmed(null, 0);
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

        // Canceled sleeps whose callbacks have yet to run will report to the target now.
        target.Count += Count - n;
        _length = 0;
        Count = 0;
        target._movedTo = null;
        _movedTo = target;
    }

    /// <summary>
    /// An entry is live when its timer is armed here for its deadline. A timer canceled and armed
    /// again for the same deadline has two such entries: the first to reach the top fires it and
    /// disarms it, so the other is then dead.
    /// </summary>
    private bool IsLive(in Entry e) => e.Timer!.IsArmedIn(this, e.Deadline);

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
            At(i).Timer!.SetArmed(this, At(i).Deadline);
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
                e.Timer!.SetArmed(null, 0);
                At(n++) = e;
            }
        }

        for (int i = n; i < _length; i++)
        {
            At(i) = default;
        }

        Debug.Assert(n <= Count, "a live timer that is not counted");
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
