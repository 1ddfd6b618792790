using System.Threading;

namespace Lwt;

/// <summary>
/// A key of sequence-associated storage (Lwt's <c>'a Lwt.key</c>, from <c>new_key</c>): a value
/// set with <see cref="Promise.WithStorage{T, TResult}(StorageKey{T}, T, System.Func{TResult})"/>
/// is seen by the code that runs inside, including callbacks registered there that run later.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class StorageKey<T>
{
    private static int s_lastId;

    /// <summary>Makes a fresh key, different from every other (Lwt's <c>new_key</c>).</summary>
    public StorageKey() => Id = Interlocked.Increment(ref s_lastId);

    internal int Id { get; }
}
