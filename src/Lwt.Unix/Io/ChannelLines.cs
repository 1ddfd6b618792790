// ChannelLines.cs: the lines of an input channel as an IAsyncEnumerable<string>, for
// `await foreach`. A line already in the buffer of an idle channel costs its string and nothing
// else (no promise, no task); any other line is TryReadLine's, whose promise the enumerator waits
// on as a ReadValueTaskSource, so the ValueTask costs nothing more.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Internal;

namespace Lwt.Io;

/// <summary>The <see cref="IAsyncEnumerable{T}"/> of <see cref="InputChannel.ReadLinesAsync"/>.</summary>
internal sealed class ChannelLines(InputChannel channel) : IAsyncEnumerable<string>
{
    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(channel, cancellationToken);

    private sealed class Enumerator(InputChannel channel, CancellationToken cancellationToken) : ReadValueTaskSource, IAsyncEnumerator<string>
    {
        public string Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            if (channel.TryReadBufferedLine() is { } line)
            {
                Current = line;
                return new ValueTask<bool>(true);
            }

            Promise<string?> read = channel.TryReadLine();
            read.WithCancellationOrWithdraw(cancellationToken);
            return AwaitRead(read);
        }

        /// <summary>Withdraws a read still waiting (its bytes read so far are lost, as when canceling a read); the channel stays open.</summary>
        public ValueTask DisposeAsync()
        {
            Pending?.Cancel();
            return default;
        }

        // A line, or null at end of input.
        internal override bool TakeValue(Promise source)
        {
            if (Unsafe.As<Promise<string?>>(source)._value is not { } line)
            {
                return false;
            }

            Current = line;
            return true;
        }
    }
}
