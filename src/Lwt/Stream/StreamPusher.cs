// StreamPusher.cs: the write end of Stream.Create (Lwt's push function). It is a struct over the
// source, not the stream, so holding it does not keep the stream or its unread elements alive.

using System;
using System.Diagnostics;

namespace Lwt;

/// <summary>
/// Pushes elements into a stream made by <see cref="Stream.Create{T}"/> (Lwt's push function:
/// <see cref="Push"/> is <c>push (Some x)</c>, <see cref="Close"/> is <c>push None</c>). It does
/// not keep the stream alive.
/// </summary>
/// <typeparam name="T">The type of the elements.</typeparam>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public readonly struct StreamPusher<T> : IEquatable<StreamPusher<T>>
{
    private readonly PushSource<T>? _source;

    internal StreamPusher(PushSource<T> source) => _source = source;

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed => Source.IsClosed;

    private PushSource<T> Source => _source ?? throw new InvalidOperationException("StreamPusher: this is a default instance; get one from Stream.Create.");

    private string DebuggerDisplay => _source is null ? "StreamPusher: default" : _source.IsClosed ? "StreamPusher: closed" : "StreamPusher: open";

    /// <summary>Compares two pushers.</summary>
    public static bool operator ==(StreamPusher<T> left, StreamPusher<T> right) => left.Equals(right);

    /// <summary>Compares two pushers.</summary>
    public static bool operator !=(StreamPusher<T> left, StreamPusher<T> right) => !left.Equals(right);

    /// <summary>
    /// Adds <paramref name="value"/> at the end of the stream (Lwt's <c>push (Some x)</c>) and wakes
    /// the readers waiting for it; they run later if this is called from inside a callback (Lwt's
    /// <c>wakeup_later</c>), at once otherwise. Never blocks: the queue is unbounded.
    /// </summary>
    /// <param name="value">The element.</param>
    /// <exception cref="StreamClosedException">The stream is closed; thrown at once, as in Lwt.</exception>
    public void Push(T value) => Source.Push(value);

    /// <summary>
    /// Ends the stream (Lwt's <c>push None</c>): readers see the end once they have read every
    /// element pushed before, and <see cref="Stream{T}.Closed"/> is fulfilled.
    /// </summary>
    /// <exception cref="StreamClosedException">The stream is already closed (as in Lwt, where any push after the end raises).</exception>
    public void Close() => Source.Close();

    /// <inheritdoc/>
    public bool Equals(StreamPusher<T> other) => ReferenceEquals(_source, other._source);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StreamPusher<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _source is null ? 0 : _source.GetHashCode();
}
