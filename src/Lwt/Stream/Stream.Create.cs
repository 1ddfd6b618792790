// Stream.Create.cs: the ways to make a stream (Lwt's create, create_with_reference,
// create_bounded, from, from_direct, return, return_lwt, of_list, of_array, of_string, of_seq).

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Lwt;

/// <summary>
/// Makes and combines streams (<see cref="Stream{T}"/>, Lwt's <c>Lwt_stream</c>). In a file
/// that also imports <c>System.IO</c>, write <c>Lwt.Stream</c>.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Lwt_stream's name; the suffix rule is meant for System.IO.Stream subclasses.")]
public static partial class Stream
{
    /// <summary>
    /// A stream and the pusher that feeds it (Lwt's <c>create</c>). The queue is unbounded. The
    /// pusher does not keep the stream alive.
    /// </summary>
    /// <example>
    /// <code>
    /// var (stream, push) = Stream.Create&lt;int&gt;();
    /// push.Push(1);
    /// push.Close();
    /// List&lt;int&gt; all = await stream.ToList(); // [1]
    /// </code>
    /// </example>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <returns>The stream and its pusher.</returns>
    public static (Stream<T> Stream, StreamPusher<T> Push) Create<T>()
    {
        var source = new PushSource<T>();
        return (new Stream<T>(source), new StreamPusher<T>(source));
    }

    /// <summary>
    /// As <see cref="Create{T}"/>, with a function that keeps an object alive as long as the
    /// pusher is (Lwt's <c>create_with_reference</c>): for instance the resource the elements come from.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <returns>The stream, its pusher, and the function that sets the reference (null releases it).</returns>
    public static (Stream<T> Stream, StreamPusher<T> Push, Action<object?> SetReference) CreateWithReference<T>()
    {
        var source = new PushSource<T>();
        return (new Stream<T>(source), new StreamPusher<T>(source), source.SetReference);
    }

    /// <summary>
    /// A bounded stream and the object that feeds it (Lwt's <c>create_bounded</c>): at most
    /// <paramref name="size"/> elements wait in it, and a push beyond waits for a reader; see
    /// <see cref="BoundedPush{T}"/>. With a size of 0 every push waits until resized or closed,
    /// as in Lwt. A bounded stream cannot be cloned.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="size">The most elements waiting in the stream.</param>
    /// <returns>The stream and its pusher.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static (Stream<T> Stream, BoundedPush<T> Push) CreateBounded<T>(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var source = new BoundedPushSource<T>(size);
        return (new Stream<T>(source), new BoundedPush<T>(source));
    }

    /// <summary>
    /// A stream whose elements come from calls to <paramref name="next"/> (Lwt's <c>from</c>):
    /// <c>Some(x)</c> is the next element, <c>None</c> ends the stream. It is called when a reader
    /// needs an element and none is queued; only one call is in flight at a time, and readers
    /// arriving meanwhile wait for it. Canceling a reader does not cancel the call. If the call
    /// throws or its promise is rejected, the readers waiting for it are rejected with that
    /// exception and the stream stays open: the next read calls <paramref name="next"/> again.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="next">The function.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public static Stream<T> From<T>(Func<Promise<Option<T>>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new Stream<T>(new FromSource<T>(next));
    }

    /// <summary>
    /// A stream of the elements of <paramref name="seq"/> (Lwt's <c>of_lwt_seq</c>), read lazily:
    /// a node is forced when a reader needs an element and none is queued. A rejected node rejects
    /// the readers waiting for it and the stream stays open: the next read forces that node again.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="seq">The sequence.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="seq"/> is null.</exception>
    public static Stream<T> FromPromiseSeq<T>(PromiseSeq<T> seq)
    {
        ArgumentNullException.ThrowIfNull(seq);
        PromiseSeq<T> current = seq;
        return From(() => PromiseSeq.Force(current).Map(node =>
        {
            if (!node.IsCons)
            {
                return default(Option<T>);
            }

            current = node.Tail;
            return Option.Some(node.Head);
        }));
    }

    /// <summary>
    /// A stream whose elements come from calls to the synchronous <paramref name="next"/> (Lwt's
    /// <c>from_direct</c>), made when a reader needs one: <c>Some(x)</c> is the next element,
    /// <c>None</c> ends the stream. If it throws, that read fails with the exception (a rejected
    /// promise, or the exception itself for synchronous reads such as
    /// <see cref="Stream{T}.GetAvailable"/>) and the stream stays open.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="next">The function.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public static Stream<T> FromDirect<T>(Func<Option<T>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new Stream<T>(new FromDirectSource<T>(next));
    }

    /// <summary>A closed stream of one element (Lwt's <c>return</c>).</summary>
    /// <typeparam name="T">The type of the element.</typeparam>
    /// <param name="value">The element.</param>
    /// <returns>The stream.</returns>
    public static Stream<T> Return<T>(T value)
    {
        var source = new PushSource<T>();
        var stream = new Stream<T>(source);
        source.Push(value);
        source.Close();
        return stream;
    }

    /// <summary>
    /// A stream of the one value of <paramref name="promise"/>, closed after it (Lwt's
    /// <c>return_lwt</c>); if the promise is rejected, the stream just ends, empty.
    /// </summary>
    /// <typeparam name="T">The type of the element.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="promise"/> is null.</exception>
    public static Stream<T> FromPromise<T>(Promise<T> promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        var source = new PushSource<T>();
        var stream = new Stream<T>(source);
        promise.OnAny(
            value =>
            {
                source.Push(value);
                source.Close();
            },
            _ => source.Close());
        return stream;
    }

    /// <summary>
    /// A closed stream of the elements of <paramref name="values"/>, enumerated now (Lwt's
    /// <c>of_list</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="values">The elements.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Stream<T> OfList<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var source = new PushSource<T>();
        var stream = new Stream<T>(source);
        foreach (T value in values)
        {
            source.Push(value);
        }

        source.Close();
        return stream;
    }

    /// <summary>A closed stream of the elements of <paramref name="values"/>, copied now (Lwt's <c>of_array</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="values">The elements.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Stream<T> OfArray<T>(T[] values) => OfList(values);

    /// <summary>A closed stream of the characters of <paramref name="text"/> (Lwt's <c>of_string</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static Stream<char> OfString(string text) => OfList(text);

    /// <summary>
    /// A stream of the elements of <paramref name="values"/>, enumerated lazily, one element per
    /// read (Lwt's <c>of_seq</c>). The enumerator is disposed at the end. An exception from the
    /// enumeration fails that read, as with <see cref="FromDirect{T}"/>, and every later one: Lwt
    /// reads the same sequence node again, which raises again, and a .NET enumerator that threw
    /// cannot go on, so the stream keeps the exception (it does not end).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="values">The elements.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Stream<T> FromEnumerable<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        IEnumerator<T>? enumerator = null;
        ExceptionDispatchInfo? failure = null;
        return FromDirect(() =>
        {
            failure?.Throw();
            try
            {
                enumerator ??= values.GetEnumerator();
                if (enumerator.MoveNext())
                {
                    return enumerator.Current;
                }
            }
            catch (Exception e) when (ExceptionFilter.Handles(e))
            {
                failure = ExceptionDispatchInfo.Capture(e);
                enumerator?.Dispose();
                throw;
            }

            enumerator.Dispose();
            return default(Option<T>);
        });
    }
}
