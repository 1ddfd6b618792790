// AsyncMethodPromise.cs: the promise of an `async Promise` method that suspended. It holds the
// compiler's state machine, so one object is the method's promise, its frame, and the callback
// registered on whatever promise it awaits: a suspending method allocates once.

using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Lwt.Internal;

namespace Lwt.CompilerServices;

/// <summary>What both async method boxes share: awaiting a promise or a foreign awaitable.</summary>
internal static class AsyncMethodAwait
{
    /// <summary>
    /// If <paramref name="awaiter"/> is one of ours, registers <paramref name="box"/> on its
    /// promise directly (no delegate, no node) and returns true.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryAwaitPromise<TAwaiter, TBox>(ref TAwaiter awaiter, TBox box)
        where TBox : Promise, ICallback
    {
        if (awaiter is not IPromiseAwaiter)
        {
            return false;
        }

        Promise u = Unsafe.As<TAwaiter, PromiseAwaiter>(ref awaiter)._promise.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            // The method runs on its box's thread: comparing owners checks the thread without a thread-static read.
            if (u._ownerId != box._ownerId)
            {
                ThrowHelper.WrongThread("await", u.OwnerRuntime);
            }

            box.SetAwaited(u);
            u.AddCallback(box);
        }
        else
        {
            box.OnResolved(u);
        }

        return true;
    }

    /// <summary>
    /// Before handing a continuation to a Task, ValueTask, Task.Yield...: it must come back to this
    /// thread, which only a SynchronizationContext (the event loop's) can arrange.
    /// </summary>
    internal static void CheckForeign<TAwaiter>()
    {
        if (SynchronizationContext.Current is null)
        {
            throw new InvalidOperationException(
                "An async Promise method awaited a " + typeof(TAwaiter).Name + " on a thread without a SynchronizationContext, " +
                "so its continuation would run on another thread. Await it inside the event loop (Main.Run), which brings " +
                "continuations back to its thread, or convert it with Promise.FromTask there.");
        }
    }
}

/// <summary>The box of an <c>async Promise</c> method that suspended.</summary>
internal sealed class AsyncMethodPromise<TStateMachine> : Promise, ICallback
    where TStateMachine : IAsyncStateMachine
{
    internal TStateMachine StateMachine = default!;

    internal AsyncMethodPromise()
        : base(CancelKind.Awaiting, null)
    {
    }

    // The awaited promise stays recorded after it resolved: canceling a resolved promise does
    // nothing, so the stale record is harmless until the next await replaces it (a foreign await
    // clears it, so that a long Task wait does not keep a resolved value alive), and resuming
    // skips a type test and a store.
    public void OnResolved(Promise source) => StateMachine.MoveNext();

    internal void AwaitOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : INotifyCompletion
    {
        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            AsyncMethodAwait.CheckForeign<TAwaiter>();
            SetAwaited(null);
            awaiter.OnCompleted(MoveNext);
        }
    }

    internal void AwaitUnsafeOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : ICriticalNotifyCompletion
    {
        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            AsyncMethodAwait.CheckForeign<TAwaiter>();
            SetAwaited(null);
            awaiter.UnsafeOnCompleted(MoveNext);
        }
    }

    // A foreign await gets a new delegate each time: it allocates its own continuation anyway, and
    // caching one would cost every box a word.
    private void MoveNext() => StateMachine.MoveNext();
}

/// <summary>The box of an <c>async Promise&lt;T&gt;</c> method that suspended.</summary>
internal sealed class AsyncMethodPromise<TStateMachine, T> : Promise<T>, ICallback
    where TStateMachine : IAsyncStateMachine
{
    internal TStateMachine StateMachine = default!;

    internal AsyncMethodPromise()
        : base(CancelKind.Awaiting, null)
    {
    }

    // The awaited promise stays recorded after it resolved: canceling a resolved promise does
    // nothing, so the stale record is harmless until the next await replaces it (a foreign await
    // clears it, so that a long Task wait does not keep a resolved value alive), and resuming
    // skips a type test and a store.
    public void OnResolved(Promise source) => StateMachine.MoveNext();

    internal void AwaitOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : INotifyCompletion
    {
        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            AsyncMethodAwait.CheckForeign<TAwaiter>();
            SetAwaited(null);
            awaiter.OnCompleted(MoveNext);
        }
    }

    internal void AwaitUnsafeOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : ICriticalNotifyCompletion
    {
        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            AsyncMethodAwait.CheckForeign<TAwaiter>();
            SetAwaited(null);
            awaiter.UnsafeOnCompleted(MoveNext);
        }
    }

    // A foreign await gets a new delegate each time: it allocates its own continuation anyway, and
    // caching one would cost every box a word.
    private void MoveNext() => StateMachine.MoveNext();
}
