// StreamAsyncEnumerable.cs: a stream seen as an IAsyncEnumerable<T>. Enumerating reads (consumes)
// the stream, as Get does; an element that is ready costs nothing, a wait costs the pending read.
// The ValueTasks come from StreamValueTaskSource (a ReadValueTaskSource), whose continuations
// run on the thread that feeds the stream.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Lwt;

/// <summary>The <see cref="IAsyncEnumerable{T}"/> view of a stream.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class StreamAsyncEnumerable<T>(Stream<T> stream) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(stream, cancellationToken);

    private sealed class Enumerator(Stream<T> stream, CancellationToken cancellationToken) : IAsyncEnumerator<T>
    {
        private readonly StreamValueTaskSource<T> _wait = new();
        private T _current = default!;
        private bool _currentFromWait;

        public T Current => _currentFromWait ? _wait.Value : _current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            switch (stream.TryRead(consume: true, out T value, out bool end, out Exception? error))
            {
                case Stream<T>.FillResult.Ready:
                    _current = value;
                    _currentFromWait = false;
                    return new ValueTask<bool>(!end);
                case Stream<T>.FillResult.Error:
                    return ValueTask.FromException<bool>(error!);
                default:
                    Promise<Option<T>> read = stream.Get();
                    read.WithCancellationOrWithdraw(cancellationToken);

                    _currentFromWait = true;
                    return _wait.Await(read);
            }
        }

        /// <summary>Withdraws a read still waiting; the stream stays as it is.</summary>
        public ValueTask DisposeAsync()
        {
            _wait.Pending?.Cancel();
            return default;
        }
    }
}
