// ThreadIdTable.cs: small ids for per-thread objects (the promise runtimes), so that a pending
// promise can name its thread in 16 bits. Each live thread's object keeps its id; an id is handed
// on to another thread only once all have been used and the thread that had it has died.

using System;
using System.Threading;

namespace Lwt.Internal;

/// <summary>Gives each registered per-thread object an id in [1, limit] and reads it back by id.</summary>
/// <typeparam name="T">The per-thread object.</typeparam>
internal sealed class ThreadIdTable<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly int _limit;

    // Slot 0 is "none". Slots are written under _lock and never cleared, and the array is
    // replaced (never changed in place) when it grows, so readers need no lock.
    private Entry[] _entries = new Entry[16];
    private int _next = 1;

    /// <summary>Makes a table of ids 1 to <paramref name="limit"/>.</summary>
    /// <param name="limit">The highest id, at most 65 535.</param>
    internal ThreadIdTable(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ushort.MaxValue);
        _limit = limit;
    }

    /// <summary>The object registered under <paramref name="id"/>, or null for 0.</summary>
    /// <param name="id">An id this table handed out, or 0.</param>
    /// <returns>The object.</returns>
    internal T? this[ushort id] => Volatile.Read(ref _entries)[id].Value;

    /// <summary>
    /// Registers <paramref name="value"/>, the current thread's object: a fresh id while there
    /// are some, then the id of an object whose thread has died.
    /// </summary>
    /// <param name="value">The object.</param>
    /// <returns>Its id.</returns>
    /// <exception cref="InvalidOperationException">Every id is held by a live thread.</exception>
    internal ushort Register(T value)
    {
        lock (_lock)
        {
            Entry[] entries = _entries;
            int id = _next <= _limit ? _next++ : DeadThreadId(entries);
            if (id == entries.Length)
            {
                Array.Resize(ref entries, Math.Min(entries.Length * 2, _limit + 1));
            }

            entries[id] = new Entry(value, Thread.CurrentThread);
            Volatile.Write(ref _entries, entries);
            return (ushort)id;
        }
    }

    private int DeadThreadId(Entry[] entries)
    {
        // Every id up to the limit is taken by now; slots past it are empty.
        for (int id = 1; id <= _limit; id++)
        {
            if (!entries[id].Thread!.IsAlive)
            {
                return id;
            }
        }

        throw new InvalidOperationException(
            "More than " + _limit + " threads use promises at the same time: a promise records its thread in 16 bits.");
    }

    private readonly struct Entry(T value, Thread thread)
    {
        internal readonly T? Value = value;
        internal readonly Thread? Thread = thread;
    }
}
