// AsyncMethodPromise.cs: the promise of an `async Promise` method that suspended. It holds the
// compiler's state machine, so one object is the method's promise, its frame, the callback
// registered on whatever promise it awaits, and its entry in the pause queue while it awaits
// Promise.Yield(): a suspending method allocates once.

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
    /// The continuation to hand to a Task, ValueTask, Task.Yield...: the method must resume on
    /// this thread, which only a SynchronizationContext (the event loop's) can arrange, so there
    /// must be one; and since an awaiter may ignore it (<c>ConfigureAwait(false)</c>), the
    /// continuation posts the resumption to it when it is called on another thread.
    /// </summary>
    internal static Action ForeignContinuation<TAwaiter>(IResumable box)
    {
        SynchronizationContext context = SynchronizationContext.Current ?? throw new InvalidOperationException(
            "An async Promise method awaited a " + typeof(TAwaiter).Name + " on a thread without a SynchronizationContext, " +
            "so its continuation would run on another thread. Await it inside the event loop (Main.Run), which brings " +
            "continuations back to its thread, or convert it with Promise.FromTask there.");
        return new ForeignResumption(box, context, Environment.CurrentManagedThreadId).Resume;
    }

    /// <summary>A method's resumption after a foreign await, kept on the method's thread.</summary>
    private sealed class ForeignResumption(IResumable box, SynchronizationContext context, int threadId)
    {
        internal void Resume()
        {
            if (Environment.CurrentManagedThreadId == threadId)
            {
                box.Resume();
            }
            else
            {
                context.Post(static state => ((IResumable)state!).Resume(), box);
            }
        }
    }
}

/// <summary>An async method's box, resumed after a foreign await.</summary>
internal interface IResumable
{
    /// <summary>Runs the method on from where it awaited.</summary>
    void Resume();
}

/// <summary>The box of an <c>async Promise</c> method that suspended.</summary>
internal sealed class AsyncMethodPromise<TStateMachine> : Promise, ICallback, IResumable, IPauseWaiter
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
    public void OnResolved(Promise source)
    {
        // The box is its own source only when a yield ends (MethodYield).
        if (ReferenceEquals(source, this) && MethodYield.TakeCancellation(this) is { } canceled)
        {
            MethodYield.ResumeCanceled(this, PromiseRuntime.FromId(_ownerId), canceled);
            return;
        }

        StateMachine.MoveNext();
    }

    internal void AwaitOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : INotifyCompletion
    {
        if (typeof(TAwaiter) == typeof(YieldAwaiter))
        {
            MethodYield.Suspend(this);
            return;
        }

        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            Action resume = AsyncMethodAwait.ForeignContinuation<TAwaiter>(this);
            SetAwaited(null);
            awaiter.OnCompleted(resume);
        }
    }

    internal void AwaitUnsafeOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : ICriticalNotifyCompletion
    {
        if (typeof(TAwaiter) == typeof(YieldAwaiter))
        {
            MethodYield.Suspend(this);
            return;
        }

        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            Action resume = AsyncMethodAwait.ForeignContinuation<TAwaiter>(this);
            SetAwaited(null);
            awaiter.UnsafeOnCompleted(resume);
        }
    }

    // A foreign await gets a new continuation each time: it allocates its own anyway, and caching
    // one would cost every box a word.
    public void Resume() => StateMachine.MoveNext();

    void IPauseWaiter.OnWakeup() => MethodYield.Wakeup(this, this);
}

/// <summary>The box of an <c>async Promise&lt;T&gt;</c> method that suspended.</summary>
internal sealed class AsyncMethodPromise<TStateMachine, T> : Promise<T>, ICallback, IResumable, IPauseWaiter
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
    public void OnResolved(Promise source)
    {
        // The box is its own source only when a yield ends (MethodYield).
        if (ReferenceEquals(source, this) && MethodYield.TakeCancellation(this) is { } canceled)
        {
            MethodYield.ResumeCanceled(this, PromiseRuntime.FromId(_ownerId), canceled);
            return;
        }

        StateMachine.MoveNext();
    }

    internal void AwaitOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : INotifyCompletion
    {
        if (typeof(TAwaiter) == typeof(YieldAwaiter))
        {
            MethodYield.Suspend(this);
            return;
        }

        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            Action resume = AsyncMethodAwait.ForeignContinuation<TAwaiter>(this);
            SetAwaited(null);
            awaiter.OnCompleted(resume);
        }
    }

    internal void AwaitUnsafeOnCompleted<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : ICriticalNotifyCompletion
    {
        if (typeof(TAwaiter) == typeof(YieldAwaiter))
        {
            MethodYield.Suspend(this);
            return;
        }

        if (!AsyncMethodAwait.TryAwaitPromise(ref awaiter, this))
        {
            Action resume = AsyncMethodAwait.ForeignContinuation<TAwaiter>(this);
            SetAwaited(null);
            awaiter.UnsafeOnCompleted(resume);
        }
    }

    // A foreign await gets a new continuation each time: it allocates its own anyway, and caching
    // one would cost every box a word.
    public void Resume() => StateMachine.MoveNext();

    void IPauseWaiter.OnWakeup() => MethodYield.Wakeup(this, this);
}
