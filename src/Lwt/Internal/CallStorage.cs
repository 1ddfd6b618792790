// CallStorage.cs: the sequence-associated storage a walk of the library was called under, put
// back after each of its awaits. Lwt builds Lwt_list's, Lwt_seq's and Lwt_stream's walks from
// binds, whose callbacks run under the storage of their registration; an await in an async
// method does not capture storage, so without this the user's function would run, after a step
// that waited, under the storage of whoever resolved that step.

namespace Lwt.Internal;

/// <summary>A storage taken when a walk starts, made current again after each await.</summary>
internal readonly struct CallStorage
{
    private readonly StorageMap? _storage;

    private CallStorage(StorageMap? storage) => _storage = storage;

    /// <summary>The storage current now, on this thread.</summary>
    internal static CallStorage Capture() => new(PromiseRuntime.Current.Storage);

    /// <summary>
    /// Makes the captured storage current. Safe inside a resolution loop: the loop restores its
    /// own storage once the callback that resumed the walk returns.
    /// </summary>
    internal void Restore()
    {
        // Almost always both empty: comparing first spares the store's GC write barrier.
        PromiseRuntime rt = PromiseRuntime.Current;
        if (!ReferenceEquals(rt.Storage, _storage))
        {
            rt.Storage = _storage;
        }
    }
}
