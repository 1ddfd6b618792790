// StreamWait.cs: the promise of a read that must wait for the source. The promise is also the
// waiter linked in the source's list and its own cancel callback, so a pending read costs one
// object, and canceling it (or dropping it after a cancel) leaves nothing registered.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>A pending read holding the node it reads: when the source is fed it reads that node again.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
/// <typeparam name="TResult">The type of the read's value.</typeparam>
internal abstract class StreamWait<T, TResult> : Promise<TResult>, IStreamWaiter, ICallback
{
    protected StreamWait(Stream<T> reader, StreamNode<T> node)
        : base(CancelKind.CancelThis, null)
    {
        Reader = reader;
        Node = node;
        AddCancelCallback(this);
        reader.Source.AddWaiter(this);
    }

    public IStreamWaiter? PreviousWaiter { get; set; }

    public IStreamWaiter? NextWaiter { get; set; }

    public long Epoch { get; set; }

    public bool IsLinked { get; set; }

    protected Stream<T> Reader { get; }

    /// <summary>The node this read looks at: the reader's head when the read began (Lwt's get_rec argument).</summary>
    protected StreamNode<T> Node { get; }

    /// <summary>Canceled (this is registered only as a cancel callback): leave the source's list.</summary>
    public void OnResolved(Promise source) => Reader.Source.RemoveWaiter(this);

    public void OnFed(Exception? error, bool later)
    {
        // A user may have made this promise a proxy (by returning it from a Bind): resolve the
        // end of its chain, which is a Promise<TResult> too (Follow merges only same-typed promises).
        Promise<TResult> target = Unsafe.As<Promise<TResult>>(Underlying());
        if (target._status != Status.Pending)
        {
            return;
        }

        if (error is null)
        {
            switch (Reader.Fill(Node, out error))
            {
                case Stream<T>.FillResult.Ready:
                    Complete(target, later);
                    return;
                case Stream<T>.FillResult.Wait:
                    Reader.Source.AddWaiter(this);
                    return;
            }
        }

        target.RejectCore(error!, later);
    }

    /// <summary>Resolves <paramref name="target"/> from <see cref="Node"/>, which is now filled.</summary>
    protected abstract void Complete(Promise<TResult> target, bool later);
}

/// <summary>A pending <see cref="Stream{T}.Get"/>.</summary>
internal sealed class GetWait<T>(Stream<T> reader, StreamNode<T> node) : StreamWait<T, Option<T>>(reader, node)
{
    protected override void Complete(Promise<Option<T>> target, bool later)
    {
        if (Node.IsEnd)
        {
            target.FulfillCore(default, later);
            return;
        }

        Reader.Consume(Node);
        target.FulfillCore(new Option<T>(Node.Value), later);
    }
}

/// <summary>A pending <see cref="Stream{T}.Peek"/>.</summary>
internal sealed class PeekWait<T>(Stream<T> reader, StreamNode<T> node) : StreamWait<T, Option<T>>(reader, node)
{
    protected override void Complete(Promise<Option<T>> target, bool later) =>
        target.FulfillCore(Node.IsEnd ? default : new Option<T>(Node.Value), later);
}

/// <summary>A pending <see cref="Stream{T}.Next"/>.</summary>
internal sealed class NextWait<T>(Stream<T> reader, StreamNode<T> node) : StreamWait<T, T>(reader, node)
{
    protected override void Complete(Promise<T> target, bool later)
    {
        if (Node.IsEnd)
        {
            target.RejectCore(new StreamEmptyException("Stream.Next: the stream has ended."), later);
            return;
        }

        Reader.Consume(Node);
        target.FulfillCore(Node.Value, later);
    }
}

/// <summary>A wait for the node to be filled, for the reads written as async methods; fulfilled with true.</summary>
internal sealed class FillWait<T>(Stream<T> reader, StreamNode<T> node) : StreamWait<T, bool>(reader, node)
{
    protected override void Complete(Promise<bool> target, bool later) => target.FulfillCore(true, later);
}
