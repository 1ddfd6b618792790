// ChildSignal.cs: the process-wide SIGCHLD registration (Lwt's sigchld handler), installed the
// first time a loop needs it and kept, as Lwt keeps its handler. It is needed only where a pidfd
// cannot tell: kernels without pidfd_open, waits that also report stopped children, and waits on
// pids this library did not start. It registers through PosixSignalRegistration, so .NET's own
// SIGCHLD handling (System.Diagnostics.Process reaps only its own children) goes on unchanged.
//
// The callback runs on .NET's signal thread. It only posts a poll to each subscribed loop, and
// reaps the orphans: children whose loop was disposed before they exited, reaped here by pid so
// that they do not stay zombies.

using System.Collections.Generic;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

internal static unsafe class ChildSignal
{
    private static readonly object s_lock = new();
    private static readonly List<ChildWatcher> s_watchers = [];
    private static readonly List<int> s_orphans = [];
    private static PosixSignalRegistration? s_registration;

    internal static void Subscribe(ChildWatcher watcher)
    {
        lock (s_lock)
        {
            EnsureRegistered();
            s_watchers.Add(watcher);
        }
    }

    internal static void Unsubscribe(ChildWatcher watcher)
    {
        lock (s_lock)
        {
            s_watchers.Remove(watcher);
        }
    }

    /// <summary>Takes over children whose loop is gone: reaps those already done, and the others when they exit.</summary>
    internal static void AddOrphans(List<int> pids)
    {
        lock (s_lock)
        {
            EnsureRegistered();
            s_orphans.AddRange(pids);
            ReapOrphans();
        }
    }

    /// <summary>How many orphans wait to be reaped (for tests).</summary>
    internal static int OrphanCount
    {
        get
        {
            lock (s_lock)
            {
                return s_orphans.Count;
            }
        }
    }

    private static void EnsureRegistered() =>
        s_registration ??= PosixSignalRegistration.Create((PosixSignal)Libc.SIGCHLD, static _ => OnSignal());

    private static void OnSignal()
    {
        lock (s_lock)
        {
            ReapOrphans();
            foreach (ChildWatcher watcher in s_watchers)
            {
                watcher.PostPollFromAnyThread();
            }
        }
    }

    private static void ReapOrphans()
    {
        for (int i = s_orphans.Count - 1; i >= 0; i--)
        {
            int status;
            int r;
            do
            {
                r = Libc.wait4(s_orphans[i], &status, Libc.WNOHANG, null);
            }
            while (r < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
            if (r != 0)
            {
                s_orphans.RemoveAt(i);
            }
        }
    }
}
