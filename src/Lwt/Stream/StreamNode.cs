namespace Lwt;

/// <summary>
/// One cell of a stream's queue (Lwt's <c>node</c>). The queue ends with a sentinel, a node whose
/// <see cref="Next"/> is null and that holds nothing yet; enqueuing fills the sentinel and hangs a
/// new one after it, so readers holding a node see it filled in place. The end of the stream is
/// a filled node with <see cref="IsEnd"/> set, which readers never move past.
/// </summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class StreamNode<T>
{
    /// <summary>The next node; null while this node is the sentinel.</summary>
    internal StreamNode<T>? Next;

    /// <summary>The element, once filled (and not the end).</summary>
    internal T Value = default!;

    /// <summary>True when this filled node marks the end of the stream.</summary>
    internal bool IsEnd;
}
