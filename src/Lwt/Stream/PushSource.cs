// PushSource.cs: the source of Stream.Create (Lwt's Push): elements come from StreamPusher.Push.
// Readers are woken with ResolveLater (Lwt's wakeup_later), so a push inside a callback never
// nests every reader's continuation on the pusher's stack.

using System;

namespace Lwt;

/// <summary>The source of a stream fed by <see cref="StreamPusher{T}"/>.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class PushSource<T> : StreamSource<T>
{
    /// <summary>An object kept alive as long as the source (Lwt's <c>push_external</c>).</summary>
#pragma warning disable CS0414, IDE0052 // Written, never read: the field exists to keep its object alive.
    private object? _reference;
#pragma warning restore CS0414, IDE0052

    internal override bool TryFill(out Exception? error)
    {
        error = null;
        return false;
    }

    internal void Push(T value)
    {
        if (IsClosed)
        {
            throw new StreamClosedException("StreamPusher.Push: the stream is closed.");
        }

        Enqueue(value);
        NotifyWaiters(null, later: true);
    }

    internal void Close()
    {
        if (IsClosed)
        {
            throw new StreamClosedException("StreamPusher.Close: the stream is already closed.");
        }

        EnqueueEnd();
        NotifyWaiters(null, later: true);
        ResolveClosed();
    }

    internal void SetReference(object? reference) => _reference = reference;
}
