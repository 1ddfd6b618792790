// PromiseSeqNode.cs: one evaluated node of a PromiseSeq (Lwt's Lwt_seq.node: Nil | Cons).
// A struct, so that a node costs nothing beyond the promise that carries it.

using System;
using System.Diagnostics.CodeAnalysis;

namespace Lwt;

/// <summary>
/// A node of a <see cref="PromiseSeq{T}"/> (Lwt's <c>Lwt_seq.node</c>): either
/// <see cref="Nil"/> (the end; <c>default</c>) or an element <see cref="Head"/> followed by the
/// sequence <see cref="Tail"/>.
/// </summary>
/// <typeparam name="T">The type of the elements.</typeparam>
public readonly struct PromiseSeqNode<T> : IEquatable<PromiseSeqNode<T>>
{
    private readonly T _head;
    private readonly PromiseSeq<T>? _tail;

    /// <summary>Makes a <c>Cons</c> node.</summary>
    /// <param name="head">The element.</param>
    /// <param name="tail">The rest of the sequence.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tail"/> is null.</exception>
    public PromiseSeqNode(T head, PromiseSeq<T> tail)
    {
        ArgumentNullException.ThrowIfNull(tail);
        _head = head;
        _tail = tail;
    }

    /// <summary>The end of a sequence (Lwt's <c>Nil</c>); the same as <c>default</c>.</summary>
    [SuppressMessage("Design", "CA1000", Justification = "OCaml's constructor, spelled on the type as Option<T>.None is.")]
    public static PromiseSeqNode<T> Nil => default;

    /// <summary>True for a <c>Cons</c> node, false for <see cref="Nil"/>.</summary>
    [MemberNotNullWhen(true, nameof(Tail))]
    public bool IsCons => _tail is not null;

    /// <summary>The element of a <c>Cons</c> node.</summary>
    /// <exception cref="InvalidOperationException">The node is <see cref="Nil"/>.</exception>
    public T Head => _tail is not null ? _head : throw new InvalidOperationException("PromiseSeqNode.Head: the node is Nil.");

    /// <summary>The rest of the sequence after a <c>Cons</c> node; null for <see cref="Nil"/>.</summary>
    public PromiseSeq<T>? Tail => _tail;

    /// <summary>Compares the heads with the default comparer and the tails by reference.</summary>
    /// <param name="other">The other node.</param>
    /// <returns>True when both are Nil, or both are Cons with equal heads and the same tail delegate.</returns>
    public bool Equals(PromiseSeqNode<T> other) =>
        ReferenceEquals(_tail, other._tail) && (_tail is null || System.Collections.Generic.EqualityComparer<T>.Default.Equals(_head, other._head));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PromiseSeqNode<T> n && Equals(n);

    /// <inheritdoc/>
    public override int GetHashCode() => _tail is null ? 0 : HashCode.Combine(_head, _tail);

    /// <summary>Compares two nodes as <see cref="Equals(PromiseSeqNode{T})"/> does.</summary>
    /// <param name="left">A node.</param>
    /// <param name="right">A node.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(PromiseSeqNode<T> left, PromiseSeqNode<T> right) => left.Equals(right);

    /// <summary>Compares two nodes as <see cref="Equals(PromiseSeqNode{T})"/> does.</summary>
    /// <param name="left">A node.</param>
    /// <param name="right">A node.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(PromiseSeqNode<T> left, PromiseSeqNode<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => _tail is null ? "Nil" : "Cons(" + _head + ", ...)";
}
