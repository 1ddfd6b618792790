// BoundedPush.cs: the write end of Stream.CreateBounded (Lwt's bounded_push object); the rules
// live in BoundedPushSource. Like StreamPusher it does not keep the stream alive.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// Pushes elements into a bounded stream made by <see cref="Stream.CreateBounded{T}"/> (Lwt's
/// <c>bounded_push</c> object). At most <see cref="Size"/> elements wait in the stream; a push
/// beyond that waits until a reader makes room, and only one push may wait at a time.
/// </summary>
/// <typeparam name="T">The type of the elements.</typeparam>
[DebuggerDisplay("BoundedPush: {Count}/{Size}{IsBlocked ? \", blocked\" : \"\",nq}{IsClosed ? \", closed\" : \"\",nq}")]
public sealed class BoundedPush<T>
{
    private readonly BoundedPushSource<T> _source;

    internal BoundedPush(BoundedPushSource<T> source) => _source = source;

    /// <summary>The most elements that may wait in the stream (Lwt's <c>size</c>).</summary>
    public int Size => _source.Size;

    /// <summary>How many elements wait in the stream, not counting a blocked push's (Lwt's <c>count</c>).</summary>
    public int Count => _source.Count;

    /// <summary>True while a push waits for room (Lwt's <c>blocked</c>).</summary>
    public bool IsBlocked => _source.IsBlocked;

    /// <summary>True once <see cref="Close"/> was called (Lwt's <c>closed</c>).</summary>
    public bool IsClosed => _source.IsClosed;

    /// <summary>
    /// Changes <see cref="Size"/> (Lwt's <c>resize</c>). Growing it lets a blocked push in at once.
    /// Shrinking it below <see cref="Count"/> drops nothing: pushes wait until readers catch up.
    /// </summary>
    /// <param name="size">The new size.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public void Resize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _source.Resize(size);
    }

    /// <summary>
    /// Adds <paramref name="value"/> to the stream (Lwt's <c>push</c>). With room, the promise is
    /// fulfilled at once. Without, the element is held and the promise stays pending until a
    /// reader makes room; the element then enters the stream before any other. Canceling that
    /// promise withdraws the element.
    /// </summary>
    /// <param name="value">The element.</param>
    /// <returns>
    /// A promise fulfilled once the element is in the stream; rejected with
    /// <see cref="StreamFullException"/> if another push is already waiting, and with
    /// <see cref="StreamClosedException"/> if the stream is closed, or gets closed while this waits.
    /// </returns>
    public Promise Push(T value) => _source.Push(value);

    /// <summary>
    /// Pushes every element of <paramref name="values"/> in order, each after the previous one is
    /// in the stream (waiting for room as needed). Not in Lwt: a loop over <see cref="Push"/>.
    /// Rejected as <see cref="Push"/> would be; canceling it withdraws the element waiting and
    /// stops; elements already pushed stay.
    /// </summary>
    /// <param name="values">The elements.</param>
    /// <returns>A promise fulfilled once every element is in the stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public Promise PushAll(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PushAllCore(values);
    }

    /// <summary>
    /// Ends the stream (Lwt's <c>close</c>): readers see the end after the elements already in it,
    /// a waiting push is rejected with <see cref="StreamClosedException"/> and its element dropped.
    /// Does nothing if the stream is already closed.
    /// </summary>
    public void Close() => _source.Close();

    /// <summary>Keeps <paramref name="reference"/> alive as long as this object (Lwt's <c>set_reference</c>); null releases it.</summary>
    /// <param name="reference">The object to keep alive.</param>
    public void SetReference(object? reference) => _source.SetReference(reference);

    // The caller's enumerator is stepped under the caller's storage, not the reader's whose
    // consumption resumes this method.
    private async Promise PushAllCore(IEnumerable<T> values)
    {
        CallStorage storage = CallStorage.Capture();
        foreach (T value in values)
        {
            await _source.Push(value);
            storage.Restore();
        }
    }
}
