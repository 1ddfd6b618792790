// Gc.cs: Lwt's Lwt_gc, finalisers that run as promises on the loop instead of on the GC.
//
// .NET runs finalizers on its own thread, where no promise may be touched. So, as Lwt does
// with a notification, the finalizer only posts the work to the loop that registered it, and
// the function runs there like any callback; if its promise is still pending it is added to the
// exit hooks, so RunExitHooks waits for it (Lwt's ensure_termination).
//
// How a value is watched without being kept alive: a ConditionalWeakTable maps it to a list of
// Watcher objects. The table keeps a value's entry alive only while the value is, and an entry
// may point back to its own key without keeping it alive (a dependent handle). When the value
// becomes unreachable the watchers do too, their finalizers run, and through their field the
// value is reachable again just long enough to be handed to the function. A value with a
// finalizer of its own is given back after that finalizer has run, which may have disposed it.
//
// finalise_or_exit also registers an exit hook that holds the value only weakly, and a shared
// flag makes the two paths exclusive.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Lwt.Unix;

/// <summary>
/// Runs promise-returning functions when values are garbage collected, on the loop of the thread
/// that registered them (Lwt's <c>Lwt_gc</c>).
/// </summary>
/// <remarks>
/// The function never runs on the finalizer thread: it is posted to the registering thread's
/// <see cref="EventLoop"/> and runs during a later iteration of <see cref="Main.Run(Func{Promise})"/>.
/// If that loop has been disposed, the function is dropped. An exception thrown by the function,
/// or the rejection of its promise, goes to <see cref="Promise.AsyncExceptionHook"/>. A promise
/// still pending is waited for by <see cref="Main.RunExitHooks"/>. When the value is collected
/// depends on the GC, so the functions are for releasing outside resources, not for logic.
/// </remarks>
public static class Gc
{
    private static readonly ConditionalWeakTable<object, List<object>> Watched = [];

    /// <summary>
    /// Calls <paramref name="f"/> on <paramref name="value"/> on this thread's loop some time after
    /// the value becomes unreachable (Lwt's <c>Lwt_gc.finalise</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The function; it must not be a closure over <paramref name="value"/>, or the value never becomes unreachable.</param>
    /// <param name="value">The value to watch.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Finalise<T>(Func<T, Promise> f, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(value);
        Watch(new Watcher<T>(f, value, EventLoop.Current, once: null));
    }

    /// <summary>
    /// Calls <paramref name="f"/> on <paramref name="value"/> either some time after the value
    /// becomes unreachable or when the exit hooks run (<see cref="Main.RunExitHooks"/>), whichever
    /// comes first, and only once (Lwt's <c>Lwt_gc.finalise_or_exit</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The function; it must not be a closure over <paramref name="value"/>.</param>
    /// <param name="value">The value to watch.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void FinaliseOrExit<T>(Func<T, Promise> f, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(value);
        EventLoop loop = EventLoop.Current;
        var once = new Once();
        var weak = new WeakReference<T>(value);
        once.Hook = loop.ExitHooks.AddLeft(() =>
        {
            if (once.Called || !weak.TryGetTarget(out T? v))
            {
                return Promise.Unit;
            }

            once.Called = true;
            return Invoke(f, v);
        });
        Watch(new Watcher<T>(f, value, loop, once));
    }

    /// <summary>Calls the function as Lwt.apply does: an exception or a null promise becomes a rejection.</summary>
    private static Promise Invoke<T>(Func<T, Promise> f, T value)
    {
        try
        {
            return f(value) ?? Promise.Fail(new InvalidOperationException("Gc: the finaliser returned a null promise."));
        }
        catch (Exception e) when (ExceptionFilter.Run(e))
        {
            return Promise.Fail(e);
        }
    }

    private static void Watch(object watcher)
    {
        object key = ((IWatcher)watcher).Key;
        List<object> list = Watched.GetValue(key, static _ => []);
        lock (list)
        {
            list.Add(watcher);
        }
    }

    /// <summary>Keeps a pending finaliser promise in the exit hooks until it resolves (Lwt's ensure_termination).</summary>
    private static void EnsureTermination(EventLoop loop, Promise p)
    {
        if (!p.IsPending)
        {
            if (p.IsRejected)
            {
                Promise.AsyncExceptionHook(p.Exception!);
            }

            return;
        }

        SequenceNode<Func<Promise>> hook = loop.ExitHooks.AddLeft(() => p);
        Promise.DontWait(
            () => p.Finalize(() =>
            {
                hook.Remove();
                return Promise.Unit;
            }),
            Promise.AsyncExceptionHook);
    }

    private interface IWatcher
    {
        object Key { get; }
    }

    /// <summary>The flag that makes the collection path and the exit path of finalise_or_exit exclusive.</summary>
    private sealed class Once
    {
        internal bool Called { get; set; }

        internal SequenceNode<Func<Promise>>? Hook { get; set; }
    }

    /// <summary>Posts the function to the loop when the watched value is collected.</summary>
    private sealed class Watcher<T>(Func<T, Promise> f, T value, EventLoop loop, Once? once) : IWatcher
        where T : class
    {
        public object Key => value;

        ~Watcher()
        {
            // On the finalizer thread: only post. A disposed loop, or a process shutting down,
            // must not crash the finalizer thread.
            try
            {
                loop.PostFromAnyThread(static s => ((Watcher<T>)s!).RunOnLoop(), this);
            }
            catch (ObjectDisposedException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        private void RunOnLoop()
        {
            if (once is not null)
            {
                once.Hook?.Remove();
                if (once.Called)
                {
                    return;
                }

                once.Called = true;
            }

            EnsureTermination(loop, Invoke(f, value));
        }
    }
}
