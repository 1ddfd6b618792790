// Sequence.cs: Lwt's Lwt_sequence, a mutable doubly linked list with O(1) add, take and
// removal of a given node. A removed node keeps its links, so removing nodes (even the current
// one) while iterating is safe, as in Lwt. The list is circular around a sentinel node.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;

namespace Lwt;

/// <summary>
/// A mutable sequence with O(1) add and take at both ends and O(1) removal of a node (Lwt's
/// <c>Lwt_sequence.t</c>). Nodes may be removed while the sequence is being iterated.
/// Single-threaded, like everything in this library.
/// </summary>
/// <typeparam name="T">The type of the elements.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed class Sequence<T> : IEnumerable<T>
{
    private readonly SequenceNode<T> _sentinel;

    /// <summary>Makes an empty sequence (Lwt's <c>create</c>).</summary>
    public Sequence()
    {
        _sentinel = new SequenceNode<T>(default!, null);
        _sentinel._prev = _sentinel;
        _sentinel._next = _sentinel;
    }

    /// <summary>True when the sequence has no element (Lwt's <c>is_empty</c>).</summary>
    public bool IsEmpty => ReferenceEquals(_sentinel._next, _sentinel);

    /// <summary>The number of elements (Lwt's <c>length</c>); O(n).</summary>
    public int Count
    {
        get
        {
            int n = 0;
            for (SequenceNode<T> node = _sentinel._next!; !ReferenceEquals(node, _sentinel); node = node._next!)
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>Removes every node (Lwt's <c>clear</c>). The nodes are not marked removed, as in Lwt.</summary>
    public void Clear()
    {
        _sentinel._prev = _sentinel;
        _sentinel._next = _sentinel;
    }

    /// <summary>Adds <paramref name="value"/> at the left end (Lwt's <c>add_l</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its node, to remove it later in O(1).</returns>
    public SequenceNode<T> AddLeft(T value)
    {
        var node = new SequenceNode<T>(value, this);
        SequenceNode<T> first = _sentinel._next!;
        node._prev = _sentinel;
        node._next = first;
        first._prev = node;
        _sentinel._next = node;
        return node;
    }

    /// <summary>Adds <paramref name="value"/> at the right end (Lwt's <c>add_r</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its node, to remove it later in O(1).</returns>
    public SequenceNode<T> AddRight(T value)
    {
        var node = new SequenceNode<T>(value, this);
        SequenceNode<T> last = _sentinel._prev!;
        node._next = _sentinel;
        node._prev = last;
        last._next = node;
        _sentinel._prev = node;
        return node;
    }

    /// <summary>Removes and returns the leftmost element (Lwt's <c>take_l</c>).</summary>
    /// <returns>The element.</returns>
    /// <exception cref="InvalidOperationException">The sequence is empty (Lwt's <c>Empty</c>).</exception>
    public T TakeLeft() => TryTakeLeft(out T value) ? value : throw Empty("Sequence.TakeLeft");

    /// <summary>Removes and returns the rightmost element (Lwt's <c>take_r</c>).</summary>
    /// <returns>The element.</returns>
    /// <exception cref="InvalidOperationException">The sequence is empty (Lwt's <c>Empty</c>).</exception>
    public T TakeRight() => TryTakeRight(out T value) ? value : throw Empty("Sequence.TakeRight");

    /// <summary>Removes the leftmost element if there is one (Lwt's <c>take_opt_l</c>).</summary>
    /// <param name="value">The element, or default.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryTakeLeft(out T value)
    {
        if (IsEmpty)
        {
            value = default!;
            return false;
        }

        SequenceNode<T> node = _sentinel._next!;
        node.Remove();
        value = node.Value;
        return true;
    }

    /// <summary>Removes the rightmost element if there is one (Lwt's <c>take_opt_r</c>).</summary>
    /// <param name="value">The element, or default.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryTakeRight(out T value)
    {
        if (IsEmpty)
        {
            value = default!;
            return false;
        }

        SequenceNode<T> node = _sentinel._prev!;
        node.Remove();
        value = node.Value;
        return true;
    }

    /// <summary>Moves every element of this sequence to the left end of <paramref name="destination"/>, in O(1) (Lwt's <c>transfer_l</c>).</summary>
    /// <param name="destination">The sequence that receives the elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    public void TransferLeft(Sequence<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsEmpty || ReferenceEquals(destination, this))
        {
            return;
        }

        SequenceNode<T> first = _sentinel._next!;
        SequenceNode<T> last = _sentinel._prev!;
        SequenceNode<T> oldFirst = destination._sentinel._next!;
        Reown(destination);
        destination._sentinel._next = first;
        first._prev = destination._sentinel;
        last._next = oldFirst;
        oldFirst._prev = last;
        Clear();
    }

    /// <summary>Moves every element of this sequence to the right end of <paramref name="destination"/>, in O(1) (Lwt's <c>transfer_r</c>).</summary>
    /// <param name="destination">The sequence that receives the elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    public void TransferRight(Sequence<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsEmpty || ReferenceEquals(destination, this))
        {
            return;
        }

        SequenceNode<T> first = _sentinel._next!;
        SequenceNode<T> last = _sentinel._prev!;
        SequenceNode<T> oldLast = destination._sentinel._prev!;
        Reown(destination);
        destination._sentinel._prev = last;
        last._next = destination._sentinel;
        first._prev = oldLast;
        oldLast._next = first;
        Clear();
    }

    /// <summary>Calls <paramref name="f"/> on every element from the left (Lwt's <c>iter_l</c>); nodes may be removed meanwhile.</summary>
    /// <param name="f">The function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void IterLeft(Action<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        IterNodeLeft(node => f(node.Value));
    }

    /// <summary>Calls <paramref name="f"/> on every element from the right (Lwt's <c>iter_r</c>); nodes may be removed meanwhile.</summary>
    /// <param name="f">The function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void IterRight(Action<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        IterNodeRight(node => f(node.Value));
    }

    /// <summary>Calls <paramref name="f"/> on every node from the left (Lwt's <c>iter_node_l</c>); nodes may be removed meanwhile.</summary>
    /// <param name="f">The function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void IterNodeLeft(Action<SequenceNode<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        for (SequenceNode<T> node = _sentinel._next!; !ReferenceEquals(node, _sentinel); node = node._next!)
        {
            if (node.IsActive)
            {
                f(node);
            }
        }
    }

    /// <summary>Calls <paramref name="f"/> on every node from the right (Lwt's <c>iter_node_r</c>); nodes may be removed meanwhile.</summary>
    /// <param name="f">The function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void IterNodeRight(Action<SequenceNode<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        for (SequenceNode<T> node = _sentinel._prev!; !ReferenceEquals(node, _sentinel); node = node._prev!)
        {
            if (node.IsActive)
            {
                f(node);
            }
        }
    }

    /// <summary>Folds from the left: <c>f(en, ... f(e2, f(e1, seed)))</c> (Lwt's <c>fold_l</c>).</summary>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="seed">The initial accumulator.</param>
    /// <returns>The final accumulator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public TAccumulate FoldLeft<TAccumulate>(Func<T, TAccumulate, TAccumulate> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(f);
        TAccumulate acc = seed;
        for (SequenceNode<T> node = _sentinel._next!; !ReferenceEquals(node, _sentinel); node = node._next!)
        {
            if (node.IsActive)
            {
                acc = f(node.Value, acc);
            }
        }

        return acc;
    }

    /// <summary>Folds from the right: <c>f(e1, f(e2, ... f(en, seed)))</c> (Lwt's <c>fold_r</c>).</summary>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="seed">The initial accumulator.</param>
    /// <returns>The final accumulator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public TAccumulate FoldRight<TAccumulate>(Func<T, TAccumulate, TAccumulate> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(f);
        TAccumulate acc = seed;
        for (SequenceNode<T> node = _sentinel._prev!; !ReferenceEquals(node, _sentinel); node = node._prev!)
        {
            if (node.IsActive)
            {
                acc = f(node.Value, acc);
            }
        }

        return acc;
    }

    /// <summary>The first node from the left whose value satisfies <paramref name="predicate"/> (Lwt's <c>find_node_opt_l</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <param name="node">The node found, or null.</param>
    /// <returns>Whether one was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public bool TryFindNodeLeft(Func<T, bool> predicate, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SequenceNode<T>? node)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        for (SequenceNode<T> n = _sentinel._next!; !ReferenceEquals(n, _sentinel); n = n._next!)
        {
            if (n.IsActive && predicate(n.Value))
            {
                node = n;
                return true;
            }
        }

        node = null;
        return false;
    }

    /// <summary>The first node from the right whose value satisfies <paramref name="predicate"/> (Lwt's <c>find_node_opt_r</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <param name="node">The node found, or null.</param>
    /// <returns>Whether one was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public bool TryFindNodeRight(Func<T, bool> predicate, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SequenceNode<T>? node)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        for (SequenceNode<T> n = _sentinel._prev!; !ReferenceEquals(n, _sentinel); n = n._prev!)
        {
            if (n.IsActive && predicate(n.Value))
            {
                node = n;
                return true;
            }
        }

        node = null;
        return false;
    }

    /// <summary>The first node from the left whose value satisfies <paramref name="predicate"/> (Lwt's <c>find_node_l</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The node.</returns>
    /// <exception cref="KeyNotFoundException">No node satisfies it (Lwt's <c>Not_found</c>).</exception>
    public SequenceNode<T> FindNodeLeft(Func<T, bool> predicate) =>
        TryFindNodeLeft(predicate, out SequenceNode<T>? node) ? node : throw new KeyNotFoundException("Sequence.FindNodeLeft: no element satisfies the predicate.");

    /// <summary>The first node from the right whose value satisfies <paramref name="predicate"/> (Lwt's <c>find_node_r</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The node.</returns>
    /// <exception cref="KeyNotFoundException">No node satisfies it (Lwt's <c>Not_found</c>).</exception>
    public SequenceNode<T> FindNodeRight(Func<T, bool> predicate) =>
        TryFindNodeRight(predicate, out SequenceNode<T>? node) ? node : throw new KeyNotFoundException("Sequence.FindNodeRight: no element satisfies the predicate.");

    /// <summary>Enumerates the elements from the left; nodes may be removed meanwhile.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<T> GetEnumerator()
    {
        for (SequenceNode<T> node = _sentinel._next!; !ReferenceEquals(node, _sentinel); node = node._next!)
        {
            if (node.IsActive)
            {
                yield return node.Value;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static InvalidOperationException Empty(string operation) => new(operation + ": the sequence is empty (Lwt_sequence.Empty).");

    private void Reown(Sequence<T> destination)
    {
        for (SequenceNode<T> node = _sentinel._next!; !ReferenceEquals(node, _sentinel); node = node._next!)
        {
            node._owner = destination;
        }
    }
}

/// <summary>A node of a <see cref="Sequence{T}"/> (Lwt's <c>Lwt_sequence.node</c>).</summary>
/// <typeparam name="T">The type of the element.</typeparam>
[DebuggerDisplay("{Value}")]
public sealed class SequenceNode<T>
{
    internal SequenceNode<T>? _prev;
    internal SequenceNode<T>? _next;
    internal Sequence<T>? _owner;

    internal SequenceNode(T value, Sequence<T>? owner)
    {
        Value = value;
        _owner = owner;
        IsActive = owner is not null;
    }

    /// <summary>The element (Lwt's <c>get</c> and <c>set</c>).</summary>
    public T Value { get; set; }

    /// <summary>False once the node was removed.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Removes the node from its sequence (Lwt's <c>remove</c>); does nothing if it was already removed.</summary>
    public void Remove()
    {
        if (!IsActive)
        {
            return;
        }

        IsActive = false;
        _prev!._next = _next;
        _next!._prev = _prev;
    }
}
