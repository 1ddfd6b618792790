// Main.cs: Lwt_main: run the current thread's loop until a promise resolves, and the exit hooks.

using System;
using Lwt.Unix.Engine;

namespace Lwt.Unix;

/// <summary>Runs the event loop of the current thread (Lwt's <c>Lwt_main</c>).</summary>
public static class Main
{
    /// <summary>
    /// Runs the loop until the promise <paramref name="f"/> returns is resolved, and returns its
    /// value or rethrows its exception (Lwt's <c>Lwt_main.run</c>). <paramref name="f"/> runs inside
    /// the loop, with its SynchronizationContext installed, so its <c>await</c>s come back here.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">Makes the promise.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">Called from inside the running loop (nested run).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static T Run<T>(Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        EventLoop loop = EventLoop.Current;
        using EventLoop.RunScope scope = loop.Enter();
        Promise<T> p = f() ?? throw new InvalidOperationException("Main.Run: the function returned null instead of a promise.");
        loop.Run(p);
        return p.Result;
    }

    /// <summary>Runs the loop until the promise <paramref name="f"/> returns is resolved; rethrows its exception.</summary>
    /// <param name="f">Makes the promise.</param>
    /// <exception cref="InvalidOperationException">Called from inside the running loop (nested run).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static void Run(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        EventLoop loop = EventLoop.Current;
        using EventLoop.RunScope scope = loop.Enter();
        Promise p = f() ?? throw new InvalidOperationException("Main.Run: the function returned null instead of a promise.");
        loop.Run(p);
        p.ThrowIfNotFulfilled();
    }

    /// <summary>Runs the loop until <paramref name="promise"/> is resolved and returns its value (Lwt's <c>Lwt_main.run p</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promise">The promise, made on this thread.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">Called from inside the running loop (nested run).</exception>
    public static T Run<T>(Promise<T> promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return Run(() => promise);
    }

    /// <summary>Runs the loop until <paramref name="promise"/> is resolved; rethrows its exception.</summary>
    /// <param name="promise">The promise, made on this thread.</param>
    /// <exception cref="InvalidOperationException">Called from inside the running loop (nested run).</exception>
    public static void Run(Promise promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        Run(() => promise);
    }

    /// <summary>A promise fulfilled in the next iteration (Lwt's <c>Lwt_main.yield</c>, <c>Lwt.pause</c>).</summary>
    /// <returns>A cancelable paused promise.</returns>
    public static Promise Yield() => Promise.Pause();

    /// <summary>
    /// Forgets every promise paused or yielded on this thread (Lwt's <c>abandon_yielded_and_paused</c>):
    /// they stay pending forever.
    /// </summary>
    public static void AbandonYieldedAndPaused() => Promise.AbandonPaused();

    /// <summary>
    /// Registers <paramref name="f"/> to run when the program exits through <see cref="RunExitHooks"/>
    /// (Lwt's <c>Lwt_main.at_exit</c>, which adds it first: exit hooks run in reverse order of registration).
    /// </summary>
    /// <param name="f">The hook.</param>
    /// <returns>Its node, to remove it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static SequenceNode<Func<Promise>> AtExit(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return EventLoop.Current.ExitHooks.AddLeft(f);
    }

    /// <summary>
    /// Runs the exit hooks of this thread's loop one after the other, first to last, each to
    /// completion, ignoring their failures (what Lwt does at process exit). Called from inside the
    /// running loop (a "quit" command about to exit the process), it does what Lwt's exit handler
    /// does: <see cref="Promise.AbandonWakeups"/>, then it leaves the running state while the
    /// hooks run the loop themselves, and enters it again afterwards.
    /// </summary>
    public static void RunExitHooks()
    {
        EventLoop loop = EventLoop.Current;
        if (loop.ExitHooks.IsEmpty)
        {
            return;
        }

        bool running = loop.IsRunning;
        if (running)
        {
            Promise.AbandonWakeups();
            loop.LeaveForExitHooks();
        }

        try
        {
            while (loop.ExitHooks.TryTakeLeft(out Func<Promise>? hook))
            {
                try
                {
                    Run(hook);
                }
                catch (Exception e) when (ExceptionFilter.Run(e))
                {
                    // Lwt ignores failing exit hooks and goes on with the next one.
                }
            }
        }
        finally
        {
            if (running)
            {
                loop.ReenterAfterExitHooks();
            }
        }
    }

    /// <summary>The engine of this thread's loop (Lwt's <c>Lwt_engine.get</c>).</summary>
    public static Engine.Engine Engine => EventLoop.Current.Engine;
}
