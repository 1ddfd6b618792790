// Throttle.cs: Lwt's Lwt_throttle, a per-key rate limiter ("at most `rate` grants per second
// for each key, at most `max` callers queued in all").
//
// Lwt's algorithm, kept because its timing is observable: each key has a count of grants used
// in the current window and a FIFO of waiters. Wait grants at once while the count is below the
// rate; otherwise it queues the caller if fewer than `max` are queued in all, and answers false
// at once if not. A cleaner runs one second after the first Wait and then every second while
// anything is tracked: per key it releases up to `rate` waiters (fulfilling them with true),
// sets the key's count to the number released (so they use this window's grants), and forgets
// keys that released none. The windows are therefore the cleaner's seconds, not sliding ones.
//
// One departure: a waiter whose promise was canceled is skipped when the cleaner releases, so
// it does not use a grant (Lwt wakes it, which does nothing, and counts it).

using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Lwt.Unix;

/// <summary>
/// Limits how often each key may proceed: at most <c>rate</c> grants per second per key, with at
/// most <c>max</c> callers waiting in all (Lwt's <c>Lwt_throttle.Make(H)</c>; the functor's hashed
/// type is an <see cref="IEqualityComparer{T}"/>).
/// </summary>
/// <remarks>
/// A throttle belongs to the thread that made it, and its waiters are released by a one-second
/// timer on that thread's <see cref="EventLoop"/>, which must be running for them to be released.
/// </remarks>
/// <typeparam name="TKey">The type of the keys (a client address, a user name...).</typeparam>
[DebuggerDisplay("Throttle(rate = {_rate}, max = {_max}, waiting = {_waiting})")]
public sealed class Throttle<TKey>
    where TKey : notnull
{
    private readonly int _rate;
    private readonly int _max;
    private readonly Dictionary<TKey, Entry> _table;
    private int _waiting;
    private bool _cleaning;
    private EventLoop? _cleaningLoop;

    /// <summary>Makes a throttle (Lwt's <c>Lwt_throttle.S.create ~rate ~max ~n</c>).</summary>
    /// <param name="rate">Grants per second per key, at least 1.</param>
    /// <param name="max">The most callers waiting at once, over all keys, at least 1.</param>
    /// <param name="n">The initial capacity of the key table, at least 0.</param>
    /// <param name="comparer">Compares keys; <see cref="EqualityComparer{T}.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> or <paramref name="max"/> is less than 1, or <paramref name="n"/> is negative.</exception>
    public Throttle(int rate, int max, int n, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        _rate = rate;
        _max = max;
        _table = new Dictionary<TKey, Entry>(n, comparer);
    }

    /// <summary>The number of callers waiting, over all keys, as of the last release.</summary>
    public int WaitingCount => _waiting;

    /// <summary>The length of a window; tests shorten it. One second by default, as in Lwt.</summary>
    internal TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Asks to proceed for <paramref name="key"/> (Lwt's <c>Lwt_throttle.S.wait</c>).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns>
    /// A fulfilled <c>true</c> if the key has grants left in this window; else a pending promise
    /// fulfilled with <c>true</c> when a later window releases it, if fewer than <c>max</c>
    /// callers are waiting; else a fulfilled <c>false</c> (too many waiting). The pending promise
    /// is cancelable: canceling it rejects it with <see cref="CanceledException"/>; as in Lwt, it
    /// still counts among the <c>max</c> waiting until the next window is handed out. It is never
    /// rejected otherwise.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public Promise<bool> Wait(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Promise<bool> result;
        if (_table.TryGetValue(key, out Entry? entry))
        {
            if (entry.Consumed >= _rate)
            {
                result = Enqueue(entry);
            }
            else
            {
                entry.Consumed++;
                result = Promise.True;
            }
        }
        else
        {
            _table.Add(key, new Entry { Consumed = 1 });
            result = Promise.True;
        }

        // A cleaner whose loop was disposed (and replaced on this thread) will never run: start anew.
        if (!_cleaning || !ReferenceEquals(_cleaningLoop, EventLoop.Current))
        {
            LaunchCleaning();
        }

        return result;
    }

    private Promise<bool> Enqueue(Entry entry)
    {
        if (_waiting >= _max)
        {
            return Promise.False;
        }

        var (p, r) = Promise.Cancelable<bool>();
        entry.Queue.Enqueue(r);
        _waiting++;
        return p;
    }

    private void LaunchCleaning()
    {
        _cleaning = true;
        _cleaningLoop = EventLoop.Current;
        Time.Sleep(Period).Map(Clean).IgnoreResult();
    }

    private bool Clean()
    {
        List<Resolver<bool>>? release = null;
        List<TKey>? forget = null;
        int waiting = 0;
        foreach (KeyValuePair<TKey, Entry> kv in _table)
        {
            Entry e = kv.Value;
            int released = 0;
            while (released < _rate && e.Queue.TryDequeue(out Resolver<bool> r))
            {
                if (r.Promise.IsPending)
                {
                    (release ??= []).Add(r);
                    released++;
                }
            }

            if (released == 0)
            {
                (forget ??= []).Add(kv.Key);
            }
            else
            {
                e.Consumed = released;
            }

            waiting += e.Queue.Count;
        }

        if (forget is not null)
        {
            foreach (TKey k in forget)
            {
                _table.Remove(k);
            }
        }

        _waiting = waiting;
        if (waiting == 0 && release is null)
        {
            _cleaning = false;
        }
        else
        {
            LaunchCleaning();
        }

        if (release is not null)
        {
            foreach (Resolver<bool> r in release)
            {
                r.TryResolve(true);
            }
        }

        return true;
    }

    /// <summary>A key's grants used in this window and its waiters, oldest first.</summary>
    private sealed class Entry
    {
        internal int Consumed { get; set; }

        internal Queue<Resolver<bool>> Queue { get; } = new();
    }
}
