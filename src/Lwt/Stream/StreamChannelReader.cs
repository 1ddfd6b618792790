// StreamChannelReader.cs: a stream seen as a System.Threading.Channels.ChannelReader<T>, for code
// written against channels. TryRead and TryPeek are the synchronous reads; WaitToReadAsync waits
// with a pending Peek through a reused StreamValueTaskSource.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Lwt;

/// <summary>The <see cref="ChannelReader{T}"/> view of a stream.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class StreamChannelReader<T>(Stream<T> stream) : ChannelReader<T>
{
    private readonly StreamValueTaskSource<T> _wait = new();

    public override bool CanPeek => true;

    /// <summary>Completes when the stream is closed, which may be before its last elements are read.</summary>
    public override Task Completion => stream.Closed.AsTask();

    public override bool TryRead([MaybeNullWhen(false)] out T item) => stream.TryGet(out item);

    public override bool TryPeek([MaybeNullWhen(false)] out T item) =>
        stream.TryRead(consume: false, out item, out bool end, out Exception? error) switch
        {
            Stream<T>.FillResult.Ready => !end,
            Stream<T>.FillResult.Error => throw error!,
            _ => false,
        };

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        switch (stream.TryRead(consume: false, out _, out bool end, out Exception? error))
        {
            case Stream<T>.FillResult.Ready:
                return new ValueTask<bool>(!end);
            case Stream<T>.FillResult.Error:
                return ValueTask.FromException<bool>(error!);
        }

        Promise<Option<T>> peek = stream.Peek();
        if (cancellationToken.CanBeCanceled)
        {
            peek.WithCancellation(cancellationToken);
        }

        // Channels allow several waiters at once; only the first reuses the source.
        StreamValueTaskSource<T> wait = _wait.Pending is null ? _wait : new StreamValueTaskSource<T>();
        return wait.Await(peek);
    }
}
