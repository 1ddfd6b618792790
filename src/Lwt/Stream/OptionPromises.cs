// OptionPromises.cs: already fulfilled promises of Option<T> for reads that need not wait. None
// is one shared object per T; Some of a boolean or a small integer comes from a cache, as
// Promise.Return does for plain values, so reading a stream of small ints allocates nothing.

using System.Runtime.CompilerServices;

namespace Lwt;

/// <summary>Fulfilled promises of <see cref="Option{T}"/>, cached where possible.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
internal static class OptionPromises<T>
{
    private const int MinInt = -1;

    /// <summary>The fulfilled promise of None.</summary>
    internal static readonly Promise<Option<T>> None = new(default(Option<T>));

    private static readonly Promise<Option<T>>[]? s_cache = MakeCache();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Promise<Option<T>> Some(T value)
    {
        if (typeof(T) == typeof(bool))
        {
            return s_cache![Unsafe.As<T, bool>(ref value) ? 1 : 0];
        }

        if (typeof(T) == typeof(int))
        {
            int i = Unsafe.As<T, int>(ref value);
            if ((uint)(i - MinInt) < (uint)s_cache!.Length)
            {
                return s_cache[i - MinInt];
            }
        }

        return new Promise<Option<T>>(new Option<T>(value));
    }

    private static Promise<Option<T>>[]? MakeCache()
    {
        if (typeof(T) == typeof(bool))
        {
            return [new(new Option<T>((T)(object)false)), new(new Option<T>((T)(object)true))];
        }

        if (typeof(T) != typeof(int))
        {
            return null;
        }

        var cache = new Promise<Option<T>>[257];
        for (int i = 0; i < cache.Length; i++)
        {
            cache[i] = new Promise<Option<T>>(new Option<T>((T)(object)(i + MinInt)));
        }

        return cache;
    }
}
