// Stream.T.Interop.cs: streams and the .NET asynchronous sequences: IAsyncEnumerable<T> both ways
// and ChannelReader<T>.
//
// What works before the event loop exists: a stream enumerated with `await foreach` completes its
// ValueTasks on the thread that feeds the stream, so an `async Task` method, or any code awaiting
// them, goes on on that thread. An `async Promise` method must not `await foreach` a stream that
// would wait: awaiting a foreign awaitable there needs the loop's SynchronizationContext (it
// throws InvalidOperationException without one); read with `await stream.Get()` instead.
// Likewise FromAsyncEnumerable brings a pending MoveNextAsync back through the current
// SynchronizationContext, and fails the read without one.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Lwt;

public sealed partial class Stream<T>
{
    /// <summary>
    /// This stream as an <see cref="IAsyncEnumerable{T}"/>, for <c>await foreach</c>. Enumerating
    /// reads the stream (elements read are gone from it); a ready element costs nothing.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A <c>MoveNextAsync</c> that must wait completes on the thread that feeds the stream, and
    /// its continuation runs there (or is posted to the SynchronizationContext the awaiter
    /// captured). Inside an <c>async Promise</c> method, awaiting such a ValueTask needs the event
    /// loop's SynchronizationContext; there, prefer <c>await stream.Get()</c>.
    /// </para>
    /// <para>
    /// Canceling the enumeration's token rejects a pending <c>MoveNextAsync</c> with
    /// <see cref="CanceledException"/> (a token that can be canceled needs the current thread's
    /// SynchronizationContext, see <see cref="Promise.WithCancellation"/>); disposing the
    /// enumerator withdraws a pending read. A failing source faults <c>MoveNextAsync</c>.
    /// </para>
    /// </remarks>
    /// <returns>The asynchronous sequence.</returns>
    public IAsyncEnumerable<T> ToAsyncEnumerable() => new StreamAsyncEnumerable<T>(this);

    /// <summary>
    /// This stream as a <see cref="ChannelReader{T}"/>: <c>TryRead</c> is <see cref="TryGet"/>,
    /// <c>WaitToReadAsync</c> waits for an element (false at the end), <c>ReadAllAsync</c> and
    /// <c>ReadAsync</c> work on top of them. <c>Completion</c> completes when the stream is
    /// closed, possibly before its last elements are read. Waiting follows the threading rules of
    /// <see cref="ToAsyncEnumerable"/>.
    /// </summary>
    /// <returns>The channel reader.</returns>
    public ChannelReader<T> AsChannelReader() => new StreamChannelReader<T>(this);
}

public static partial class Stream
{
    /// <summary>
    /// A stream of the elements of <paramref name="source"/>, enumerated lazily, one
    /// <c>MoveNextAsync</c> per element needed (Lwt's <c>of_lwt_seq</c>, with .NET's asynchronous
    /// sequence in place of <c>Lwt_seq</c>). The enumerator is disposed at the end. A failure
    /// fails that read and leaves the stream open, as with <see cref="From{T}"/>.
    /// </summary>
    /// <remarks>
    /// A <c>MoveNextAsync</c> that completes synchronously (for instance over a stream fed on this
    /// thread) needs nothing more. One that is pending is brought back to this thread through the
    /// current SynchronizationContext (the event loop's); without one, that read is rejected
    /// with <see cref="InvalidOperationException"/>.
    /// </remarks>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The asynchronous sequence.</param>
    /// <param name="cancellationToken">Passed to <see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/>.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static Stream<T> FromAsyncEnumerable<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        IAsyncEnumerator<T>? enumerator = null;
        return From(() =>
        {
            enumerator ??= source.GetAsyncEnumerator(cancellationToken);
            IAsyncEnumerator<T> e = enumerator;
            ValueTask<bool> move = e.MoveNextAsync();
            if (move.IsCompletedSuccessfully)
            {
                return move.Result ? Promise.Return(Option.Some(e.Current)) : End(e);
            }

            return Promise.FromValueTask(move).Bind(more => more ? Promise.Return(Option.Some(e.Current)) : End(e));
        });

        static Promise<Option<T>> End(IAsyncEnumerator<T> e)
        {
            ValueTask dispose = e.DisposeAsync();
            if (dispose.IsCompletedSuccessfully)
            {
                dispose.GetAwaiter().GetResult();
                return OptionPromises<T>.None;
            }

            return Promise.FromValueTask(dispose).Map(static () => default(Option<T>));
        }
    }
}
