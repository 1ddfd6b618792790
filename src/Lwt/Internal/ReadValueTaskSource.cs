// ReadValueTaskSource.cs: a reusable IValueTaskSource<bool> completed by one pending read promise
// at a time ("was there a value"), so that the ValueTasks of the library's enumerators and channel
// readers cost no allocation beyond the read itself. Subclasses say how to take the value out.
//
// Continuations are not forced to run asynchronously: they run inside the read's callback, on the
// thread that resolved it (the loop's), unless the awaiter captured a SynchronizationContext, in
// which case ManualResetValueTaskSourceCore posts to it. Promise.AsValueTask instead goes through
// a Task that runs continuations on the thread pool, which would take the awaiting code off the
// loop's thread.

using System;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Lwt.Internal;

/// <summary>Turns one pending read at a time into a <see cref="ValueTask{TResult}"/> of "has a value".</summary>
internal abstract class ReadValueTaskSource : IValueTaskSource<bool>, ICallback
{
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>The read in progress, or null.</summary>
    internal Promise? Pending { get; private set; }

    public void OnResolved(Promise source)
    {
        Pending = null;
        if (source._status != Promise.Status.Fulfilled)
        {
            _core.SetException((Exception)source._payload!);
            return;
        }

        _core.SetResult(TakeValue(source));
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Waits for <paramref name="read"/>: true or false as <see cref="TakeValue"/> says once it is fulfilled, its exception if rejected.</summary>
    internal ValueTask<bool> AwaitRead(Promise read)
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

    /// <summary>Keeps the value of the fulfilled read <paramref name="source"/> (the end of its proxy chain); whether there was one.</summary>
    internal abstract bool TakeValue(Promise source);
}
