// ChannelSources.cs: channels over in-memory read and write functions, for tests that control
// exactly how the backend delivers or accepts bytes.

using System;
using System.Collections.Generic;
using System.Linq;
using Lwt.Io;

namespace Lwt.Unix.Tests.Infrastructure;

internal static class ChannelSources
{
    /// <summary>
    /// An input channel over <paramref name="data"/> whose read function delivers at most the next
    /// chunk size of <paramref name="chunks"/> (cyclically) per call; with <paramref name="pending"/>
    /// each call resolves one loop iteration later.
    /// </summary>
    internal static InputChannel Chunked(byte[] data, int[] chunks, bool pending = false, int bufferSize = 16, Action? onClose = null)
    {
        int position = 0;
        int call = 0;
        return InputChannel.Create(
            buffer =>
            {
                int chunk = chunks.Length == 0 ? buffer.Length : Math.Max(1, chunks[call++ % chunks.Length]);
                int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - position);
                data.AsSpan(position, n).CopyTo(buffer.Span);
                position += n;
                return pending ? Promise.Pause().Map(() => n) : Promise.Return(n);
            },
            bufferSize,
            onClose is null ? null : () => { onClose(); return Promise.Unit; });
    }

    /// <summary>An output channel whose write function records each call's bytes.</summary>
    internal sealed class Sink
    {
        internal Sink(int? bufferSize = null, int maxPerWrite = int.MaxValue)
        {
            Channel = OutputChannel.Create(
                buffer =>
                {
                    int n = Math.Min(buffer.Length, maxPerWrite);
                    Writes.Add(buffer.Span[..n].ToArray());
                    return Promise.Return(n);
                },
                bufferSize);
        }

        internal List<byte[]> Writes { get; } = [];

        internal OutputChannel Channel { get; }

        internal byte[] All => Writes.SelectMany(w => w).ToArray();
    }
}
