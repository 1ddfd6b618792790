// StreamValueTaskSource.cs: a reusable IValueTaskSource<bool> completed by a pending read of a
// stream, so that the ValueTasks of IAsyncEnumerator.MoveNextAsync and
// ChannelReader.WaitToReadAsync cost no allocation beyond the read itself.
//
// Continuations are not forced to run asynchronously: they run inside the read's callback, on the
// thread that resolved it (the loop's), unless the awaiter captured a SynchronizationContext, in
// which case ManualResetValueTaskSourceCore posts to it. Promise.AsValueTask instead goes through
// a Task that runs continuations on the thread pool, which would take the awaiting code off the
// loop's thread.

using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Lwt.Internal;

namespace Lwt;

/// <summary>Turns one pending <c>Promise&lt;Option&lt;T&gt;&gt;</c> read at a time into a <see cref="ValueTask{TResult}"/> of "has a value".</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class StreamValueTaskSource<T> : IValueTaskSource<bool>, ICallback
{
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>The read in progress, or null.</summary>
    internal Promise? Pending { get; private set; }

    /// <summary>The value of the last read that had one.</summary>
    internal T Value { get; private set; } = default!;

    /// <summary>Waits for <paramref name="read"/>, a pending read: true with <see cref="Value"/> set for Some, false for None.</summary>
    internal ValueTask<bool> Await(Promise<Option<T>> read)
    {
        _core.Reset();
        Pending = read;
        Promise u = read.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            u.AddCallback(this);
        }
        else
        {
            OnResolved(u);
        }

        return new ValueTask<bool>(this, _core.Version);
    }

    public void OnResolved(Promise source)
    {
        Pending = null;
        if (source._status != Promise.Status.Fulfilled)
        {
            _core.SetException((Exception)source._payload!);
            return;
        }

        Option<T> x = Unsafe.As<Promise<Option<T>>>(source)._value;
        if (x.TryGetValue(out T value))
        {
            Value = value;
        }

        _core.SetResult(x.HasValue);
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
