// ChannelLines.cs: the lines of an input channel as an IAsyncEnumerable<string>, for
// `await foreach`. A line already in the buffer of an idle channel costs its string and nothing
// else (no promise, no task); any other line is TryReadLine's, whose promise the enumerator waits
// on through a reusable IValueTaskSource, so the ValueTask costs nothing more.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Lwt.Internal;

namespace Lwt.Io;

/// <summary>The <see cref="IAsyncEnumerable{T}"/> of <see cref="InputChannel.ReadLinesAsync"/>.</summary>
internal sealed class ChannelLines(InputChannel channel) : IAsyncEnumerable<string>
{
    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(channel, cancellationToken);

    private sealed class Enumerator(InputChannel channel, CancellationToken cancellationToken) : IAsyncEnumerator<string>, IValueTaskSource<bool>, ICallback
    {
        private ManualResetValueTaskSourceCore<bool> _wait;
        private Promise<string?>? _pending;

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
            Promise u = read.Underlying();
            if (u._status != Promise.Status.Pending)
            {
                return u._status == Promise.Status.Fulfilled
                    ? new ValueTask<bool>(Take(Unsafe.As<Promise<string?>>(u)._value))
                    : ValueTask.FromException<bool>((Exception)u._payload!);
            }

            _wait.Reset();
            _pending = read;
            u.AddCallback(this);
            return new ValueTask<bool>(this, _wait.Version);
        }

        /// <summary>Withdraws a read still waiting (its bytes read so far are lost, as when canceling a read); the channel stays open.</summary>
        public ValueTask DisposeAsync()
        {
            _pending?.Cancel();
            return default;
        }

        public void OnResolved(Promise source)
        {
            _pending = null;
            if (source._status != Promise.Status.Fulfilled)
            {
                _wait.SetException((Exception)source._payload!);
                return;
            }

            _wait.SetResult(Take(Unsafe.As<Promise<string?>>(source)._value));
        }

        public bool GetResult(short token) => _wait.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _wait.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _wait.OnCompleted(continuation, state, token, flags);

        // A line, or null at end of input.
        private bool Take(string? line)
        {
            if (line is null)
            {
                return false;
            }

            Current = line;
            return true;
        }
    }
}
