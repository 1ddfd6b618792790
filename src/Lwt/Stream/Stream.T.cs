// Stream.T.cs: the stream, Lwt's 'a Lwt_stream.t. Start reading streams here.
//
// READING GUIDE (LWT-SEMANTICS.md section 8.1 is the spec)
//
// 1. Shape. Elements wait in a singly linked queue of StreamNode<T> that ends with an empty
//    sentinel. A StreamSource<T> (shared by a stream and its clones) owns the tail of the queue,
//    the Closed promise, the readers waiting for more, and knows where elements come from:
//    PushSource (Create), BoundedPushSource (CreateBounded), FromSource (From: an async function)
//    or FromDirectSource (FromDirect: a sync function). A Stream<T> is a read pointer (`_node`)
//    into that queue, so a clone is a second pointer over the same nodes.
//
// 2. Reading. A read looks at the node under the pointer. If it is the sentinel, the source is
//    asked to fill it (Fill); a function source calls its function, a push source cannot, and the
//    read waits (StreamWait: one object, linked in the source's list). Once filled, the read takes
//    the element and Consume moves the pointer on, but only if the pointer is still at that node:
//    two pending reads on one stream therefore both receive the same element (Lwt's behaviour).
//
// 3. The end. The end is a filled node marked IsEnd. Reads never move past it, so after the end
//    Get keeps returning None, Next keeps failing with StreamEmptyException, and so on.
//
// 4. Errors. A function source that throws or rejects fails the reads waiting for that call, and
//    the stream stays open: the next read calls the function again (Lwt's rule).
//
// 5. Where the rest lives: Stream.T.Read.cs (get, peek, next, junk, available...),
//    Stream.T.Transform.cs (map, filter... each a new From stream), Stream.T.Consume.cs (to_list,
//    fold, iter, find...), Stream.Create.cs and Stream.Combine.cs (the static Stream class),
//    StreamPusher.cs and BoundedPush.cs (the write ends), Stream.T.Interop.cs (IAsyncEnumerable,
//    ChannelReader).
//
// Threads: like promises, a stream belongs to the thread (the event loop) that uses it.

using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lwt;

/// <summary>
/// An asynchronous stream of elements (Lwt's <c>'a Lwt_stream.t</c>): elements come from a
/// pusher (<see cref="Stream.Create{T}"/>, <see cref="Stream.CreateBounded{T}"/>) or a function
/// (<see cref="Stream.From{T}"/>), and readers take them in order with <see cref="Get"/>,
/// <see cref="Next"/>, <see cref="ToList"/>, <see cref="IterSequential"/>... Once the stream has
/// ended, reads keep seeing the end.
/// </summary>
/// <remarks>
/// <para>
/// Reading consumes: an element is read once per stream. Two reads pending at the same time on
/// one stream both receive the same element, as in Lwt; give each reader its own
/// <see cref="Clone"/> to have every reader see every element.
/// </para>
/// <para>
/// A read that waits returns a cancelable promise: canceling it withdraws the read and loses no
/// element. A stream belongs to one thread (the event loop's), like promises.
/// </para>
/// </remarks>
/// <typeparam name="T">The type of the elements.</typeparam>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[SuppressMessage("Naming", "CA1711", Justification = "Lwt_stream's name; the suffix rule is meant for System.IO.Stream subclasses.")]
public sealed partial class Stream<T>
{
    /// <summary>The read pointer: the first unread node, or the sentinel.</summary>
    private StreamNode<T> _node;

    internal Stream(StreamSource<T> source)
        : this(source, source.Last)
    {
    }

    private Stream(StreamSource<T> source, StreamNode<T> node)
    {
        Source = source;
        _node = node;
    }

    internal enum FillResult : byte
    {
        /// <summary>The node holds an element or the end.</summary>
        Ready,

        /// <summary>The source failed; the node is still the sentinel.</summary>
        Error,

        /// <summary>Nothing can come without waiting.</summary>
        Wait,
    }

    /// <summary>
    /// True once the end of the stream has been reached by its source (Lwt's <c>is_closed</c>):
    /// the pusher closed it, or the function returned None. Elements may still be unread.
    /// </summary>
    public bool IsClosed => Source.IsClosed;

    /// <summary>
    /// A promise fulfilled when the stream is closed (Lwt's <c>closed</c>); see <see cref="IsClosed"/>.
    /// It is not cancelable: <see cref="Promise.Cancel"/> on it does nothing. It is never rejected.
    /// </summary>
    public Promise Closed => Source.Closed;

    internal StreamSource<T> Source { get; }

    private string DebuggerDisplay
    {
        get
        {
            int buffered = 0;
            StreamNode<T> node = _node;
            while (node.Next is not null && !node.IsEnd && buffered < 1000)
            {
                buffered++;
                node = node.Next;
            }

            return "Stream: " + buffered + " buffered" + (node.IsEnd ? ", then the end" : Source.IsClosed ? "" : ", open");
        }
    }

    /// <summary>
    /// A new stream over the same source with its own read pointer (Lwt's <c>clone</c>): it sees
    /// every element this stream has not read yet and every later one, independently of this
    /// stream. Elements stay in memory until every clone has read them.
    /// </summary>
    /// <returns>The clone.</returns>
    /// <exception cref="InvalidOperationException">The stream is bounded (<see cref="Stream.CreateBounded{T}"/>): its count of elements could not account for several readers.</exception>
    public Stream<T> Clone()
    {
        if (!Source.CanClone)
        {
            throw new InvalidOperationException("Stream.Clone: a bounded stream cannot be cloned.");
        }

        return new Stream<T>(Source, _node);
    }

    /// <summary>Makes <paramref name="node"/> hold an element or the end if that needs no waiting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FillResult Fill(StreamNode<T> node, out Exception? error)
    {
        error = null;
        return node.Next is not null ? FillResult.Ready : FillSlow(node, out error);
    }

    /// <summary>Moves the pointer past <paramref name="node"/> if it is still there (Lwt's <c>consume</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Consume(StreamNode<T> node)
    {
        if (ReferenceEquals(node, _node))
        {
            _node = node.Next!;
            Source.OnConsumed();
        }
    }

    /// <summary>
    /// The synchronous core of the reads: the state of the head, consuming an element if
    /// <paramref name="consume"/>. <see cref="FillResult.Wait"/> means the head is the sentinel.
    /// </summary>
    internal FillResult TryRead(bool consume, out T value, out bool end, out Exception? error)
    {
        StreamNode<T> node = _node;
        FillResult result = Fill(node, out error);
        value = default!;
        end = false;
        if (result == FillResult.Ready)
        {
            if (node.IsEnd)
            {
                end = true;
            }
            else
            {
                value = node.Value;
                if (consume)
                {
                    Consume(node);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A promise fulfilled once the head node holds something (true), rejected if the source
    /// fails: what the reads written as async methods await in their loops. Already fulfilled,
    /// at no cost, when no waiting is needed.
    /// </summary>
    internal Promise<bool> WaitFill(StreamNode<T> node) =>
        Fill(node, out Exception? error) switch
        {
            FillResult.Ready => Promise.True,
            FillResult.Error => Promise.Fail<bool>(error!),
            _ => new FillWait<T>(this, node),
        };

    private FillResult FillSlow(StreamNode<T> node, out Exception? error)
    {
        do
        {
            if (!Source.TryFill(out error))
            {
                return FillResult.Wait;
            }

            if (error is not null)
            {
                return FillResult.Error;
            }
        }
        while (node.Next is null);

        return FillResult.Ready;
    }
}
