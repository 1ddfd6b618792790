using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwt.CompilerServices;

namespace Lwt.Internal;

/// <summary>
/// The promises made by <see cref="Promise.Pause"/> (and the <see cref="IPauseWaiter"/>s) that
/// wait for the next <see cref="Promise.WakeupPaused()"/>, in FIFO order. Canceled entries stay until the next
/// wake-up, which skips them; as in Lwt, canceling does not lower <see cref="Count"/>.
/// Two lists take turns (one filling, one being woken) so that a pause/wake-up cycle allocates
/// nothing but the promises; turning flips an index instead of storing array references, each
/// of which would cost a write barrier.
/// </summary>
internal sealed class PauseQueue
{
    private readonly Entry[][] _lists = [new Entry[16], new Entry[16]];
    private int _filling;
    private int _length;

    // Wake-ups going through a taken list now: a callback may call WakeupPaused itself.
    private int _waking;

    internal int Count;

    internal bool HasEntries => _length != 0;

    internal Action<int>? Notifier;

    // Boxes whose canceled yield entry, queued as the box itself, is still in a list: until the
    // wake-up takes it, the box queues its next yields as tickets (MethodYield).
    private HashSet<Promise>? _staleYields;

    internal void Add(Promise p)
    {
        Debug.Assert(p.GetType() == typeof(Promise), "Entry tells promises from waiters by their exact class");
        Append(new Entry(p));
    }

    internal void Add(IPauseWaiter waiter) => Append(new Entry(waiter));

    /// <summary>Takes the whole current list; promises paused from now on go to the next round.</summary>
    internal Entry[] TakeAll(out int length)
    {
        Entry[] taken = _lists[_filling];
        length = _length;
        _filling ^= 1;
        if (_waking++ != 0)
        {
            // A wake-up inside a wake-up: the other list may be the one the outer call goes through.
            _lists[_filling] = new Entry[Math.Max(16, length)];
        }

        _length = 0;
        Count = 0;
        return taken;
    }

    /// <summary>
    /// Clears a list returned by <see cref="TakeAll"/> once its promises are woken, or once a
    /// wake-up failed: then the entries from <paramref name="woken"/> on were not reached, and
    /// leave the queue as AbandonPaused would drop them.
    /// </summary>
    internal void Recycle(Entry[] taken, int length, int woken)
    {
        Drop(taken, woken, length);

        // Usually one or two entries: a loop of null stores is cheaper than the Array.Clear call.
        for (int i = 0; i < length; i++)
        {
            taken[i] = default;
        }

        _waking--;
    }

    /// <summary>Whether <paramref name="box"/> has a canceled <c>await Promise.Yield()</c> entry still queued as itself (<see cref="MethodYield"/>).</summary>
    internal bool HasStaleYield(Promise box) => _staleYields is { Count: > 0 } stale && stale.Contains(box);

    /// <summary>Records that the entry of <paramref name="box"/> (queued as itself) no longer stands for a wait.</summary>
    internal void AddStaleYield(Promise box) => (_staleYields ??= new HashSet<Promise>(ReferenceEqualityComparer.Instance)).Add(box);

    /// <summary>The stale entry of <paramref name="box"/> has been taken off the queue.</summary>
    internal void ForgetStaleYield(Promise box) => _staleYields?.Remove(box);

    internal void Clear()
    {
        Entry[] items = _lists[_filling];
        Drop(items, 0, _length);
        Array.Clear(items, 0, _length);
        _length = 0;
        Count = 0;
    }

    // Entries that leave without a wake-up: only the yields of async methods need to know (MethodYield).
    private void Drop(Entry[] items, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (items[i].Promise is null)
            {
                MethodYield.Drop(this, items[i].Waiter);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(Entry entry)
    {
        Entry[] items = _lists[_filling];
        if (_length == items.Length)
        {
            items = Grow();
        }

        items[_length++] = entry;
        Count++;
    }

    private Entry[] Grow()
    {
        Array.Resize(ref _lists[_filling], _length * 2);
        return _lists[_filling];
    }

    /// <summary>
    /// A paused promise (always of the exact class <see cref="Lwt.Promise"/>, as <see cref="Promise.Pause"/>
    /// makes them) or a waiter, in one field so that queuing one costs one reference store; a struct,
    /// so that storing one skips the covariant array-store check.
    /// </summary>
    internal readonly struct Entry
    {
        private readonly object _item;

        internal Entry(Promise promise) => _item = promise;

        internal Entry(IPauseWaiter waiter) => _item = waiter;

        /// <summary>The paused promise, or null for a waiter (an exact type test: no cast helper).</summary>
        internal Promise? Promise => _item.GetType() == typeof(Promise) ? Unsafe.As<Promise>(_item) : null;

        internal IPauseWaiter Waiter => Unsafe.As<IPauseWaiter>(_item);
    }
}
