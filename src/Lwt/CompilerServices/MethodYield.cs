// MethodYield.cs: `await Promise.Yield()` in an async Promise method, without the paused promise
// that `await Promise.Pause()` makes. The method's box itself waits in the pause queue, in the
// paused promise's place; what the box records as awaited (Promise.AwaitedNow) says where the
// wait stands, so that the wake-up, cancellation and AbandonPaused agree without another object:
//
//   QueuedAsItself        queued as the box itself
//   a Ticket              queued as that ticket (an earlier, canceled entry of the box is still
//                         queued, and must not be taken for this one)
//   Abandoned             dropped from the queue (AbandonPaused, or a wake-up that an exception
//                         cut short): pending until canceled
//   null                  woken; the resumption may still wait in the deferred queue, and
//                         cancellation no longer reaches the wait (a null store costs no barrier)
//   a CanceledException   canceled; the resumption may still wait in the deferred queue
//
// Both resumptions run as the box's own callbacks (the box is their source), through the same
// resolution loop as a paused promise's callbacks, so depth, deferral and order are Lwt's.

using System.Runtime.ExceptionServices;
using System.Threading;
using Lwt.Internal;

namespace Lwt.CompilerServices;

/// <summary>The wait of an async method's box on <see cref="Promise.Yield"/>.</summary>
internal static class MethodYield
{
    private static readonly object QueuedAsItself = new();
    private static readonly object Abandoned = new();

    // Canceled resumptions in progress on any thread: YieldAwaiter.GetResult reads the thread's
    // own record only when this is not zero, so a plain resumption costs no thread-static read.
    private static int s_canceledResumptions;

    /// <summary>
    /// Queues <paramref name="box"/> for the next wake-up, as <see cref="Promise.Pause"/> queues a
    /// promise. When the pause notifier throws, the method does not suspend (the exception goes
    /// to it, as from <see cref="Promise.Pause"/>) and the entry stays queued as a dead one.
    /// </summary>
    internal static void Suspend<TBox>(TBox box)
        where TBox : Promise, IPauseWaiter
    {
        // The method runs on its box's thread: the owner's runtime is the current one.
        PauseQueue paused = PromiseRuntime.FromId(box._ownerId).Paused;
        bool asItself = !paused.HasStaleYield(box);
        if (asItself)
        {
            box.SetAwaited(QueuedAsItself);
            paused.Add((IPauseWaiter)box);
        }
        else
        {
            var ticket = new Ticket(box);
            box.SetAwaited(ticket);
            paused.Add(ticket);
        }

        if (paused.Notifier is not null)
        {
            Notify(paused, box, asItself);
        }
    }

    // Out of line: the loop sets no notifier, and a method with a handler is not inlined.
    private static void Notify(PauseQueue paused, Promise box, bool asItself)
    {
        try
        {
            paused.Notifier?.Invoke(paused.Count);
        }
        catch
        {
            if (asItself)
            {
                paused.AddStaleYield(box);
            }

            box.SetAwaited(null);
            throw;
        }
    }

    /// <summary>The wake-up of <paramref name="entry"/>, the box itself or one of its tickets.</summary>
    internal static void Wakeup(Promise box, object entry)
    {
        if (IsLive(box, entry))
        {
            box.SetAwaited(null);
            box.RunCallbacks(box, null, false, PromiseRuntime.FromId(box._ownerId));
        }
        else if (ReferenceEquals(box, entry))
        {
            // The entry of a canceled wait: from now on the box may queue as itself again.
            PromiseRuntime.FromId(box._ownerId).Paused.ForgetStaleYield(box);
        }
    }

    /// <summary>
    /// <paramref name="waiter"/> leaves the queue without a wake-up (AbandonPaused, or a wake-up
    /// that an exception cut short): a waiting box stays pending, still cancelable; the stale
    /// entry of a canceled wait is forgotten.
    /// </summary>
    internal static void Drop(PauseQueue paused, IPauseWaiter waiter)
    {
        Promise? box = waiter is Ticket ticket ? ticket.Box : waiter as Promise;
        if (box is null)
        {
            return;
        }

        if (IsLive(box, waiter))
        {
            box.SetAwaited(Abandoned);
        }
        else if (ReferenceEquals(box, waiter))
        {
            paused.ForgetStaleYield(box);
        }
    }

    /// <summary>Whether a box that records <paramref name="awaited"/> waits on a yield that cancellation can still reach.</summary>
    internal static bool IsCancelable(object? awaited) =>
        ReferenceEquals(awaited, QueuedAsItself) || awaited is Ticket || ReferenceEquals(awaited, Abandoned);

    /// <summary>
    /// Cancels the wait of <paramref name="box"/> (the cancel walk found it): the box will resume
    /// with <paramref name="exception"/> when the walk runs it as its own callback.
    /// </summary>
    internal static void Cancel(Promise box, object? awaited, CanceledException exception)
    {
        if (ReferenceEquals(awaited, QueuedAsItself))
        {
            PromiseRuntime.FromId(box._ownerId).Paused.AddStaleYield(box);
        }

        box.SetAwaited(exception);
    }

    // Whether the queue entry `entry` of `box` stands for the box's current wait.
    private static bool IsLive(Promise box, object entry)
    {
        object? awaited = box.AwaitedNow;
        return ReferenceEquals(awaited, entry) || (ReferenceEquals(awaited, QueuedAsItself) && ReferenceEquals(entry, box));
    }

    /// <summary>
    /// Called by a box run as its own callback, which ends its yield: the exception to resume with
    /// when the wait was canceled (taken), else null.
    /// </summary>
    internal static CanceledException? TakeCancellation(Promise box)
    {
        if (box.AwaitedNow is CanceledException exception)
        {
            box.SetAwaited(null);
            return exception;
        }

        return null;
    }

    /// <summary>Resumes <paramref name="box"/> so that its pending <c>await Promise.Yield()</c> throws <paramref name="exception"/>.</summary>
    internal static void ResumeCanceled(IResumable box, PromiseRuntime runtime, CanceledException exception)
    {
        runtime.CanceledYield = exception;
        Interlocked.Increment(ref s_canceledResumptions);
        try
        {
            box.Resume();
        }
        finally
        {
            // The state machine's first act is the awaiter's GetResult, which takes it; this is
            // only a guard.
            if (runtime.CanceledYield is not null)
            {
                runtime.CanceledYield = null;
                Interlocked.Decrement(ref s_canceledResumptions);
            }
        }
    }

    /// <summary>YieldAwaiter.GetResult: throws when the current thread resumes a canceled yield.</summary>
    internal static void ThrowIfCanceled()
    {
        if (Volatile.Read(ref s_canceledResumptions) != 0)
        {
            ThrowIfCanceledSlow();
        }
    }

    private static void ThrowIfCanceledSlow()
    {
        PromiseRuntime runtime = PromiseRuntime.Current;
        if (runtime.CanceledYield is { } exception)
        {
            runtime.CanceledYield = null;
            Interlocked.Decrement(ref s_canceledResumptions);
            ExceptionDispatchInfo.Throw(exception);
        }
    }

    /// <summary>The queue entry of a box that still has a canceled entry queued as itself.</summary>
    private sealed class Ticket(Promise box) : IPauseWaiter
    {
        internal Promise Box => box;

        public void OnWakeup() => Wakeup(box, this);
    }
}
