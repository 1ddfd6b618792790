using System;
using System.Collections.Generic;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>
/// Real signals sent to this process. Signals are process-wide, so these tests run one at a time
/// (one class), and each waits for its signal to arrive before removing the last handler: a
/// SIGUSR1 arriving with no handler would end the process.
/// </summary>
[Collection(nameof(LeakTests))]
public class SignalTests
{
    [Fact]
    public void A_signal_runs_its_handlers_on_the_loop_thread_in_registration_order() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            var log = new List<string>();
            var (done, r) = Promise.Wait();
            SignalHandlerId a = Signals.OnSignal(Libc.SIGUSR1, s => log.Add($"a{s}@{(Environment.CurrentManagedThreadId == loopThread ? "loop" : "other")}"));
            SignalHandlerId b = Signals.OnSignal(Libc.SIGUSR1, s => { log.Add($"b{s}"); r.Resolve(); });
            int sent = Libc.kill(Environment.ProcessId, Libc.SIGUSR1);
            try
            {
                Assert.Equal(0, sent);
                Main.Run(done);
                Assert.Equal(2, Signals.Count);
            }
            finally
            {
                // Safe once the signal was delivered or never sent; a hang leaves them installed.
                Signals.DisableHandler(a);
                Signals.DisableHandler(b);
            }

            Assert.Equal(new[] { "a10@loop", "b10" }, log);
            Assert.Equal(0, Signals.Count);
        });

    [Fact]
    public void A_disabled_handler_does_not_run_and_disabling_twice_does_nothing() =>
        LoopThread.Run(() =>
        {
            bool disabledRan = false;
            var (done, r) = Promise.Wait();
            SignalHandlerId gone = Signals.OnSignal(Libc.SIGUSR1, _ => disabledRan = true);
            SignalHandlerId kept = Signals.OnSignal(Libc.SIGUSR1, _ => r.TryResolve());
            Signals.DisableHandler(gone);
            Signals.DisableHandler(gone);
            Libc.kill(Environment.ProcessId, Libc.SIGUSR1);
            Main.Run(done);
            Signals.DisableHandler(kept);
            Assert.False(disabledRan);
        });

    // Lwt: on_signal_full passes the id of the first handler of the signal (quirk kept).
    [Fact]
    public void OnSignalFull_passes_the_first_handler_id() =>
        LoopThread.Run(() =>
        {
            var (done, r) = Promise.Wait<SignalHandlerId>();
            SignalHandlerId first = Signals.OnSignal(Libc.SIGUSR2, _ => { });
            SignalHandlerId second = Signals.OnSignalFull(Libc.SIGUSR2, (id, _) => r.TryResolve(id));
            Libc.kill(Environment.ProcessId, Libc.SIGUSR2);
            SignalHandlerId passed = Main.Run(done);
            Signals.DisableHandler(second);
            Signals.DisableHandler(first);
            Assert.Equal(first, passed);
        });

    [Fact]
    public void HandleSignalFromAnyThread_runs_the_handlers_without_a_real_signal() =>
        LoopThread.Run(HandleSignalFromAnotherThreadReachesThisLoop);

    // Lwt walks its handler list at delivery: a handler installed by an earlier one runs in the
    // same delivery, and one removed by an earlier one does not run.
    [Fact]
    public void Handlers_added_or_removed_by_a_handler_count_in_the_same_delivery() =>
        LoopThread.Run(() =>
        {
            var log = new List<string>();
            var (done, r) = Promise.Wait();
            SignalHandlerId? added = null;
            SignalHandlerId removed = default;
            SignalHandlerId first = Signals.OnSignal(Libc.SIGUSR2, _ =>
            {
                log.Add("first");
                Signals.DisableHandler(removed);
                added ??= Signals.OnSignal(Libc.SIGUSR2, _ =>
                {
                    log.Add("added");
                    r.TryResolve();
                });
            });
            removed = Signals.OnSignal(Libc.SIGUSR2, _ => log.Add("removed"));
            _ = System.Threading.Tasks.Task.Run(() => Signals.HandleSignalFromAnyThread(Libc.SIGUSR2));
            Main.Run(Promise.Pick(done, Time.Sleep(TimeSpan.FromSeconds(5))));
            Signals.DisableHandler(first);
            Signals.DisableHandler(removed);
            if (added is SignalHandlerId second)
            {
                Signals.DisableHandler(second);
            }

            Assert.Equal(["first", "added"], log);
        });

    // Lwt has one loop; here a thread's loop may be disposed with its handler still installed.
    [Fact]
    public void A_signal_still_reaches_live_loops_when_a_loop_with_a_handler_was_disposed()
    {
        // LoopThread disposes the thread's loop when the body returns.
        SignalHandlerId dead = LoopThread.Run(() => Signals.OnSignal(Libc.SIGUSR2, _ => { }));
        try
        {
            LoopThread.Run(HandleSignalFromAnotherThreadReachesThisLoop);
        }
        finally
        {
            Signals.DisableHandler(dead);
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Signals.OnSignal(0, _ => { }));
        Assert.Throws<ArgumentNullException>(() => Signals.OnSignal(Libc.SIGUSR1, null!));
    }

    /// <summary>Installs a SIGUSR2 handler on this thread's loop, delivers SIGUSR2 from a pool thread, and checks the handler ran.</summary>
    private static void HandleSignalFromAnotherThreadReachesThisLoop()
    {
        var (done, r) = Promise.Wait<int>();
        SignalHandlerId id = Signals.OnSignal(Libc.SIGUSR2, s => r.TryResolve(s));
        _ = System.Threading.Tasks.Task.Run(() => Signals.HandleSignalFromAnyThread(Libc.SIGUSR2));
        Assert.Equal(Libc.SIGUSR2, Main.Run(done));
        Signals.DisableHandler(id);
    }
}
