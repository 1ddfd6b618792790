// CallStorage.cs: the sequence-associated storage a walk of the library was called under, put
// back after each of its awaits. Lwt builds Lwt_list's, Lwt_seq's and Lwt_stream's walks from
// binds, whose callbacks run under the storage of their registration; an await in an async
// method does not capture storage, so without this the user's function would run, after a step
// that waited, under the storage of whoever resolved that step.

namespace Lwt.Internal;

/// <summary>A storage taken when a walk starts, made current again after each await.</summary>
internal readonly struct CallStorage
{
    // The walk resumes on its own thread (promises are single-threaded), so the runtime is kept
    // rather than looked up again: a thread-static read costs a call on linux-x64. Null: nothing
    // was taken (ForAwait of a resolved promise).
    private readonly PromiseRuntime? _runtime;
    private readonly StorageMap? _storage;

    private CallStorage(PromiseRuntime runtime)
    {
        _runtime = runtime;
        _storage = runtime.Storage;
    }

    /// <summary>The storage current now, on this thread.</summary>
    internal static CallStorage Capture() => new(PromiseRuntime.Current);

    /// <summary>
    /// The storage current now if <paramref name="awaited"/> is pending, else nothing to restore:
    /// awaiting a resolved promise does not suspend, so the storage cannot change meanwhile. For
    /// a single await on a hot path, where the thread-static read would cost more than the rest.
    /// </summary>
    internal static CallStorage ForAwait(Promise awaited) => awaited.IsPending ? Capture() : default;

    /// <summary>
    /// Makes the captured storage current. Safe inside a resolution loop: the loop restores its
    /// own storage once the callback that resumed the walk returns.
    /// </summary>
    internal void Restore()
    {
        // Almost always both empty: comparing first spares the store's GC write barrier.
        if (_runtime is { } rt && !ReferenceEquals(rt.Storage, _storage))
        {
            rt.Storage = _storage;
        }
    }
}
