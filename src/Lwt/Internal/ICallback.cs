namespace Lwt.Internal;

/// <summary>
/// Something that runs when a promise resolves. Internal promise kinds (bind results,
/// async method boxes, join and choose results) implement it themselves, so that
/// waiting on a promise costs no separate node object.
/// </summary>
internal interface ICallback
{
    /// <summary>Called on the loop thread once <paramref name="source"/> is resolved.</summary>
    /// <param name="source">The resolved promise (the end of its proxy chain).</param>
    void OnResolved(Promise source);
}

/// <summary>
/// A callback attached to several promises of which only the first resolution counts
/// (choose, pick, protected). Once detached, the copies left in the other promises' lists
/// are dead and are swept out by <see cref="CallbackList"/> (Lwt's deferred cleanup).
/// </summary>
internal interface IRemovableCallback : ICallback
{
    /// <summary>True once the callback has fired or been removed; it then ignores further calls.</summary>
    bool IsDetached { get; }
}
