// ResultCache.cs: fulfilled promises that channel fast paths return, so that a read or write
// served by the buffer allocates nothing. Resolved promises are immutable, so one cache serves
// every thread; two threads filling the same slot at once only make one extra promise.

using System.Runtime.CompilerServices;

namespace Lwt.Io;

internal static class ResultCache
{
    /// <summary>Counts up to this many bytes are cached (a 64 KiB array of references, made on first use).</summary>
    private const int MaxCount = 8192;

    private static readonly Promise<byte>[] s_bytes = MakeBytes();
    private static readonly Promise<byte?>[] s_optionalBytes = MakeOptionalBytes();
    private static Promise<int>?[]? s_counts;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Promise<byte> Byte(byte value) => s_bytes[value];

    /// <summary>The promise of <paramref name="value"/>, or of null for -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Promise<byte?> OptionalByte(int value) => s_optionalBytes[value + 1];

    internal static Promise<int> Count(int n)
    {
        if ((uint)n > MaxCount)
        {
            return Promise.Return(n);
        }

        Promise<int>?[] counts = s_counts ??= new Promise<int>?[MaxCount + 1];
        return counts[n] ??= Promise.Return(n);
    }

    private static Promise<byte>[] MakeBytes()
    {
        var all = new Promise<byte>[256];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = Promise.Return((byte)i);
        }

        return all;
    }

    private static Promise<byte?>[] MakeOptionalBytes()
    {
        var all = new Promise<byte?>[257];
        all[0] = Promise.Return<byte?>(null);
        for (int i = 0; i < 256; i++)
        {
            all[i + 1] = Promise.Return<byte?>((byte)i);
        }

        return all;
    }
}
