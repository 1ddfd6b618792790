// Promise.Pause.cs: Lwt's pause family. Pause makes a cancelable promise that the loop fulfills
// in its next iteration (WakeupPaused), which lets long computations yield to I/O. The list is
// per thread, since each thread runs its own loop.

using System;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// How many promises <see cref="Pause"/> made since the last <see cref="WakeupPaused()"/> on this
    /// thread (Lwt's <c>paused_count</c>). As in Lwt, canceling a paused promise does not lower it.
    /// </summary>
    public static int PausedCount => PromiseRuntime.Current.Paused.Count;

    /// <summary>
    /// A cancelable promise fulfilled by the next <see cref="WakeupPaused()"/> on this thread (Lwt's
    /// <c>pause</c>); the event loop calls it once per iteration. Canceling rejects the promise
    /// with <see cref="CanceledException"/>. Calls the pause notifier with the new count.
    /// </summary>
    /// <returns>The paused promise.</returns>
    public static Promise Pause()
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        PauseQueue paused = rt.Paused;
        var p = new Promise(CancelKind.CancelThis, null, rt);
        paused.Add(p);
        paused.Notifier?.Invoke(paused.Count);
        return p;
    }

    /// <summary>
    /// <c>await Promise.Yield()</c> suspends the async method until the next
    /// <see cref="WakeupPaused()"/> on this thread: <c>await Promise.Pause()</c> without the paused
    /// promise (Lwt's <c>let* () = Lwt.pause () in</c>; the counterpart of <c>Task.Yield</c>).
    /// It takes the paused promise's place in the queue's order, counts in
    /// <see cref="PausedCount"/> and calls the pause notifier (when the notifier throws, the
    /// <c>await</c> throws that exception). Canceling the promise of an <c>async Promise</c> method
    /// while it waits there makes the <c>await</c> throw <see cref="CanceledException"/>, when and
    /// where the paused promise's rejection would resume it; that canceled wait still counts until
    /// the next wake-up. Awaited in an <c>async Promise</c> method it allocates nothing (except,
    /// after a canceled wait, a small object per yield until the next wake-up); in other async
    /// methods it makes a paused promise, which cannot be canceled from the method. For a promise
    /// to combine, use <see cref="Pause"/>.
    /// </summary>
    /// <returns>What to await.</returns>
    public static YieldAwaitable Yield() => default;

    /// <summary>
    /// Queues <paramref name="waiter"/> for the next <see cref="WakeupPaused()"/> on this thread, as
    /// <see cref="Pause"/> queues a promise: same order, same count, same notifier call.
    /// </summary>
    internal static void PauseWaiter(IPauseWaiter waiter)
    {
        PauseQueue paused = PromiseRuntime.Current.Paused;
        paused.Add(waiter);
        paused.Notifier?.Invoke(paused.Count);
    }

    /// <summary>
    /// Fulfills, first paused first, every promise <see cref="Pause"/> made on this thread so far
    /// (Lwt's <c>wakeup_paused</c>). Promises paused while this runs wait for the next call.
    /// </summary>
    public static void WakeupPaused() => WakeupPaused(PromiseRuntime.Current);

    /// <summary><see cref="WakeupPaused()"/> for a runtime the caller already holds (the loop's).</summary>
    internal static void WakeupPaused(PromiseRuntime runtime)
    {
        PauseQueue paused = runtime.Paused;
        if (paused.Count == 0 && !paused.HasEntries)
        {
            return;
        }

        PauseQueue.Entry[] taken = paused.TakeAll(out int length);
        int i = 0;
        try
        {
            for (; i < length; i++)
            {
                if (taken[i].Promise is Promise p)
                {
                    Promise u = p.Underlying();
                    if (u._status == Status.Pending)
                    {
                        u.FulfillUnit(runtime);
                    }
                }
                else
                {
                    taken[i].Waiter.OnWakeup();
                }
            }
        }
        finally
        {
            // After a failure, the entry that failed counts as woken.
            paused.Recycle(taken, length, Math.Min(i + 1, length));
        }
    }

    /// <summary>
    /// Sets the function called with the paused count each time <see cref="Pause"/> is called on
    /// this thread (Lwt's <c>register_pause_notifier</c>); it replaces the previous one. The event
    /// loop uses it to know it must not block.
    /// </summary>
    /// <param name="notifier">The function, or null for none.</param>
    public static void RegisterPauseNotifier(Action<int>? notifier) => PromiseRuntime.Current.Paused.Notifier = notifier;

    /// <summary>
    /// Forgets every paused promise of this thread (Lwt's <c>abandon_paused</c>): they stay
    /// pending forever, and the paused count goes back to zero. So do the async methods waiting in
    /// <c>await Promise.Yield()</c>; canceling them still makes that await throw.
    /// </summary>
    public static void AbandonPaused() => PromiseRuntime.Current.Paused.Clear();
}
