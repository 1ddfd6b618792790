using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>
/// The promises made by <see cref="Promise.Pause"/> (and the <see cref="IPauseWaiter"/>s) that
/// wait for the next <see cref="Promise.WakeupPaused()"/>, in FIFO order. Canceled entries stay until the next
/// wake-up, which skips them; as in Lwt, canceling does not lower <see cref="Count"/>.
/// Two arrays take turns so that a pause/wake-up cycle allocates nothing but the promises.
/// </summary>
internal sealed class PauseQueue
{
    private Entry[] _items = new Entry[16];
    private Entry[]? _spare = new Entry[16];
    private int _length;

    internal int Count;

    internal bool HasEntries => _length != 0;

    internal Action<int>? Notifier;

    internal void Add(Promise p)
    {
        Debug.Assert(p.GetType() == typeof(Promise), "Entry tells promises from waiters by their exact class");
        if (_length == _items.Length)
        {
            Array.Resize(ref _items, _length * 2);
        }

        _items[_length++] = new Entry(p);
        Count++;
    }

    internal void Add(IPauseWaiter waiter)
    {
        if (_length == _items.Length)
        {
            Array.Resize(ref _items, _length * 2);
        }

        _items[_length++] = new Entry(waiter);
        Count++;
    }

    /// <summary>Takes the whole current list; promises paused from now on go to the next round.</summary>
    internal Entry[] TakeAll(out int length)
    {
        Entry[] taken = _items;
        length = _length;
        _items = _spare ?? new Entry[Math.Max(16, length)];
        _spare = null;
        _length = 0;
        Count = 0;
        return taken;
    }

    /// <summary>Gives back an array returned by <see cref="TakeAll"/> once its promises are woken.</summary>
    internal void Recycle(Entry[] taken, int length)
    {
        // Usually one or two entries: a loop of null stores is cheaper than the Array.Clear call.
        for (int i = 0; i < length; i++)
        {
            taken[i] = default;
        }

        _spare ??= taken;
    }

    internal void Clear()
    {
        Array.Clear(_items, 0, _length);
        _length = 0;
        Count = 0;
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
