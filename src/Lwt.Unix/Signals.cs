// Signals.cs: Lwt_unix's signal handlers. .NET already owns the process's signal handling, so we
// register through System.Runtime.InteropServices.PosixSignalRegistration (raw signal numbers are
// accepted), which coexists with .NET's own handlers. The registration's callback runs on a .NET
// thread and only posts to the loop that registered the Lwt handler; the handlers themselves run
// on that loop, in registration order, receiving the signal number, as Lwt's do.

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Lwt.Unix;

/// <summary>
/// Runs functions on the loop when the process receives a signal (Lwt's <c>on_signal</c>,
/// <c>disable_signal_handler</c>...). A handler belongs to the loop of the thread that installed it.
/// </summary>
public static class Signals
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<int, SignalSlot> s_slots = [];
    private static int s_lastId;

    /// <summary>How many handlers are installed (Lwt's <c>signal_count</c>).</summary>
    public static int Count
    {
        get
        {
            lock (s_lock)
            {
                int n = 0;
                foreach (SignalSlot slot in s_slots.Values)
                {
                    n += slot.Handlers.Count;
                }

                return n;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with the signal number each time the process receives
    /// <paramref name="signal"/> (Lwt's <c>on_signal</c>), on this thread's loop. The process no longer
    /// takes the signal's default action while a handler is installed.
    /// </summary>
    /// <param name="signal">The signal number (e.g. 10 for SIGUSR1 on Linux).</param>
    /// <param name="handler">Runs on the loop; an exception from it escapes the loop's <c>Main.Run</c>.</param>
    /// <returns>The handler's id, for <see cref="DisableHandler"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not a positive number.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">.NET cannot handle this signal (SIGKILL, SIGSTOP...).</exception>
    public static SignalHandlerId OnSignal(int signal, Action<int> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnSignalFull(signal, (_, s) => handler(s));
    }

    /// <summary>
    /// Like <see cref="OnSignal"/>, and the handler also receives an id (Lwt's <c>on_signal_full</c>):
    /// as in Lwt, the id of the first handler installed for this signal.
    /// </summary>
    /// <param name="signal">The signal number.</param>
    /// <param name="handler">Runs on the loop with the id and the signal number.</param>
    /// <returns>The handler's id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not a positive number.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">.NET cannot handle this signal.</exception>
    public static SignalHandlerId OnSignalFull(int signal, Action<SignalHandlerId, int> handler)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        ArgumentNullException.ThrowIfNull(handler);
        EventLoop loop = EventLoop.Current;
        lock (s_lock)
        {
            var id = new SignalHandlerId(++s_lastId, signal);
            if (!s_slots.TryGetValue(signal, out SignalSlot? slot))
            {
                slot = new SignalSlot(id);
                slot.Registration = PosixSignalRegistration.Create((PosixSignal)signal, ctx =>
                {
                    ctx.Cancel = true;
                    DeliverFromAnyThread(signal);
                });
                s_slots.Add(signal, slot);
            }

            slot.Handlers.Add((id, loop, handler));
            return id;
        }
    }

    /// <summary>
    /// Removes a handler (Lwt's <c>disable_signal_handler</c>); removing one twice does nothing. When the
    /// last handler of a signal goes, the signal gets its default action back.
    /// </summary>
    /// <param name="id">The handler's id.</param>
    public static void DisableHandler(SignalHandlerId id)
    {
        lock (s_lock)
        {
            if (!s_slots.TryGetValue(id.Signal, out SignalSlot? slot))
            {
                return;
            }

            slot.Handlers.RemoveAll(h => h.Id == id);
            if (slot.Handlers.Count == 0)
            {
                slot.Registration?.Dispose();
                s_slots.Remove(id.Signal);
            }
        }
    }

    /// <summary>
    /// Installs the handling of <paramref name="signal"/> again (Lwt's <c>reinstall_signal_handler</c>,
    /// for after another library replaced it): registers anew with .NET.
    /// </summary>
    /// <param name="signal">The signal number.</param>
    public static void ReinstallHandler(int signal)
    {
        lock (s_lock)
        {
            if (s_slots.TryGetValue(signal, out SignalSlot? slot))
            {
                slot.Registration?.Dispose();
                slot.Registration = PosixSignalRegistration.Create((PosixSignal)signal, ctx =>
                {
                    ctx.Cancel = true;
                    DeliverFromAnyThread(signal);
                });
            }
        }
    }

    /// <summary>
    /// Runs the handlers of <paramref name="signal"/> as if it had been received (Lwt's
    /// <c>handle_signal</c>); safe from any thread, for libraries that receive signals themselves.
    /// </summary>
    /// <param name="signal">The signal number.</param>
    public static void HandleSignalFromAnyThread(int signal) => DeliverFromAnyThread(signal);

    private static void DeliverFromAnyThread(int signal)
    {
        lock (s_lock)
        {
            if (!s_slots.TryGetValue(signal, out SignalSlot? slot))
            {
                return;
            }

            // One delivery per loop, which walks that loop's handlers as they are when it runs.
            // A handler whose loop was disposed stays installed but can no longer run; the others
            // must still get the signal, and the signal thread must not throw.
            var loops = new List<EventLoop>();
            foreach ((_, EventLoop loop, _) in slot.Handlers)
            {
                if (!loops.Contains(loop))
                {
                    loops.Add(loop);
                    _ = loop.TryPostFromAnyThread(static state => ((Delivery)state!).Run(), new Delivery(signal, loop));
                }
            }
        }
    }

    /// <summary>
    /// On the loop: runs its handlers of <paramref name="signal"/> in registration order, as Lwt
    /// walks its handler list: one disabled meanwhile does not run, one added meanwhile (by an
    /// earlier handler, say) does, in this same delivery. Handler ids grow with registration, so
    /// the walk resumes after the last id it ran.
    /// </summary>
    private static void RunHandlers(int signal, EventLoop loop)
    {
        int lastRun = 0;
        while (true)
        {
            SignalHandlerId first;
            (SignalHandlerId Id, EventLoop Loop, Action<SignalHandlerId, int> Handler) next = default;
            lock (s_lock)
            {
                if (!s_slots.TryGetValue(signal, out SignalSlot? slot))
                {
                    return;
                }

                int i = slot.Handlers.FindIndex(h => h.Loop == loop && h.Id.Id > lastRun);
                if (i < 0)
                {
                    return;
                }

                next = slot.Handlers[i];
                first = slot.FirstId;
            }

            lastRun = next.Id.Id;
            next.Handler(first, signal);
        }
    }

    private sealed record Delivery(int Signal, EventLoop Loop)
    {
        internal void Run() => RunHandlers(Signal, Loop);
    }

    private sealed class SignalSlot(SignalHandlerId firstId)
    {
        internal SignalHandlerId FirstId { get; } = firstId;

        internal PosixSignalRegistration? Registration { get; set; }

        internal List<(SignalHandlerId Id, EventLoop Loop, Action<SignalHandlerId, int> Handler)> Handlers { get; } = [];
    }
}

/// <summary>The id of a signal handler (Lwt's <c>Lwt_unix.signal_handler_id</c>).</summary>
public readonly record struct SignalHandlerId(int Id, int Signal);
