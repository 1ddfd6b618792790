using System;
using System.Diagnostics;

namespace Lwt.Internal;

/// <summary>
/// The callbacks of a pending promise once it has more than one (a promise with a single
/// callback stores it directly). Kept in registration order and run from the end, which gives
/// Lwt's order: the callback added last runs first.
/// </summary>
internal sealed class CallbackList : ICallback
{
    // Lwt sweeps dead removable callbacks once more than this many were detached (lwt.ml's 42).
    internal const int CleanupThreshold = 42;

    private ICallback[] _items;
    private int _count;
    private int _cleanupsDeferred;

    private CallbackList(ICallback only)
    {
        _items = new ICallback[4];
        _items[0] = only;
        _count = 1;
    }

    internal CallbackList(ICallback first, ICallback second)
    {
        _items = new ICallback[4];
        _items[0] = first;
        _items[1] = second;
        _count = 2;
    }

    internal int Count => _count;

    internal void Add(ICallback callback)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = callback;
    }

    /// <summary>Runs every callback, most recently added first.</summary>
    public void OnResolved(Promise source)
    {
        ICallback[] items = _items;
        for (int i = _count - 1; i >= 0; i--)
        {
            items[i].OnResolved(source);
        }
    }

    /// <summary>Counts one more dead removable callback and sweeps when there are enough.</summary>
    internal void NoteDetached()
    {
        if (++_cleanupsDeferred > CleanupThreshold)
        {
            Sweep();
        }
    }

    private void Sweep()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            ICallback c = _items[i];
            if (c is IRemovableCallback r && r.IsDetached)
            {
                continue;
            }

            _items[kept++] = c;
        }

        Array.Clear(_items, kept, _count - kept);
        _count = kept;
        _cleanupsDeferred = 0;
    }

    /// <summary>
    /// Combines two callback sets (each null, one callback, or a list) so that the run order is
    /// <paramref name="first"/>'s callbacks, then <paramref name="second"/>'s: what proxying needs.
    /// </summary>
    internal static object? Concat(object? first, object? second)
    {
        if (second is null)
        {
            return first;
        }

        if (first is null)
        {
            return second;
        }

        // Run order is reverse registration order, so "first runs first" means first is appended last.
        CallbackList merged;
        if (second is CallbackList l2)
        {
            merged = l2;
        }
        else
        {
            merged = new CallbackList((ICallback)second);
        }

        if (first is CallbackList l1)
        {
            for (int i = 0; i < l1._count; i++)
            {
                merged.Add(l1._items[i]);
            }

            merged._cleanupsDeferred += l1._cleanupsDeferred;
            if (merged._cleanupsDeferred > CleanupThreshold)
            {
                merged.Sweep();
            }
        }
        else
        {
            merged.Add((ICallback)first);
        }

        Debug.Assert(merged._count > 0);
        return merged;
    }

    /// <summary>Adds <paramref name="callback"/> to a callback set and returns the new set.</summary>
    internal static object Append(object? set, ICallback callback)
    {
        if (set is null)
        {
            return callback;
        }

        if (set is CallbackList list)
        {
            list.Add(callback);
            return list;
        }

        return new CallbackList((ICallback)set, callback);
    }

    /// <summary>Counts a removable callback detached from a set and sweeps it if the set is a list.</summary>
    internal static object? Detached(object? set, ICallback callback)
    {
        if (ReferenceEquals(set, callback))
        {
            return null;
        }

        if (set is CallbackList list)
        {
            list.NoteDetached();
        }

        return set;
    }

    /// <summary>Removes every occurrence of <paramref name="callback"/> from a set and returns the new set.</summary>
    internal static object? Remove(object? set, ICallback callback)
    {
        if (ReferenceEquals(set, callback))
        {
            return null;
        }

        if (set is CallbackList list)
        {
            int kept = 0;
            for (int i = 0; i < list._count; i++)
            {
                if (!ReferenceEquals(list._items[i], callback))
                {
                    list._items[kept++] = list._items[i];
                }
            }

            Array.Clear(list._items, kept, list._count - kept);
            list._count = kept;
            return kept == 0 ? null : list;
        }

        return set;
    }
}
