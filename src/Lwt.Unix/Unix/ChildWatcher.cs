// ChildWatcher.cs: the children of one loop and the waits on them (Lwt's wait_children).
//
// Every child this library starts is adopted here at once. With pidfd (Linux 5.3+), each child
// has a pidfd registered in the loop's engine as a readable descriptor; it becomes readable when
// the child exits, and only then is that one pid reaped with wait4(pid, WNOHANG). Without pidfd
// the loop subscribes to SIGCHLD (ChildSignal) and polls each of its children with
// wait4(pid, WNOHANG) on every signal. Either way the loop never blocks and never calls
// waitpid(-1): a child started by someone else (System.Diagnostics.Process, another library) is
// never reaped here, so their own bookkeeping keeps working.
//
// A child is reaped as soon as it exits, whether anyone waits or not (as in Lwt, where a process
// object always has a wait4 pending), so there are no zombies. Its result resolves the child's
// Exit promise (process objects use it) and every pending wait that matches it; "any child"
// waits (pid -1, 0, -group) therefore mean any child that this loop started. A wait on a pid
// the loop did not start calls wait4 on that pid, on SIGCHLD.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

internal sealed unsafe class ChildWatcher : IDisposable
{
    private static bool s_pidfdUnavailable;

    private readonly EventLoop _loop;
    private readonly Dictionary<int, WatchedChild> _children = [];
    private readonly List<ChildWaiter> _waiters = [];
    private bool _subscribed;
    private bool _disposed;

    private ChildWatcher(EventLoop loop) => _loop = loop;

    /// <summary>The watcher of this thread's loop, made on first use.</summary>
    internal static ChildWatcher Current
    {
        get
        {
            EventLoop loop = EventLoop.Current;
            return loop.Children ??= new ChildWatcher(loop);
        }
    }

    /// <summary>Tests set this to exercise the SIGCHLD path on a kernel that has pidfd.</summary>
    internal static bool ForceSignalFallback { get; set; }

    /// <summary>Pending waits plus watched children (each is a pending wait4 in Lwt).</summary>
    internal int WaitCount => _waiters.Count + _children.Count;

    internal int ChildCount => _children.Count;

    /// <summary>Starts watching a child that was just spawned. Never throws: without a pidfd it falls back to SIGCHLD.</summary>
    internal WatchedChild Adopt(int pid)
    {
        int group = Libc.getpgid(pid);
        var child = new WatchedChild(pid, group);
        _children.Add(pid, child);
        int pidfd = OpenPidfd(pid);
        if (pidfd >= 0)
        {
            try
            {
                child.PidFd = pidfd;
                child.Watch = _loop.Engine.OnReadable(pidfd, _ => OnExitReady(child));
                return child;
            }
            catch (UnixException)
            {
                Libc.close(pidfd);
                child.PidFd = -1;
            }
        }

        Subscribe();

        // The child may have exited before the subscription: its SIGCHLD would be lost.
        TryReap(child, untraced: false, out _, out _);
        return child;
    }

    /// <summary>
    /// Lwt's waitpid/wait4: tries at once; with <see cref="WaitOptions.NoHang"/> reports pid 0 if
    /// nothing changed, else waits (cancelable) until a matching child changes state.
    /// </summary>
    internal Promise<ChildExit> Wait(WaitOptions flags, int pid, string call)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool untraced = (flags & WaitOptions.Untraced) != 0;
        bool known = pid > 0 && _children.ContainsKey(pid);
        if (untraced || (pid > 0 && !known))
        {
            Subscribe();
        }

        if (pid > 0)
        {
            if (known)
            {
                if (TryReap(_children[pid], untraced, out ChildExit exit, out Exception? error))
                {
                    return error is null ? Promise.Return(exit) : Promise.Fail<ChildExit>(error);
                }
            }
            else if (TryWaitUnknown(pid, untraced, call, out ChildExit exit, out Exception? error))
            {
                return error is null ? Promise.Return(exit) : Promise.Fail<ChildExit>(error);
            }
        }
        else
        {
            bool any = false;
            foreach (WatchedChild child in Snapshot())
            {
                if (!Matches(pid, child))
                {
                    continue;
                }

                any = true;
                if (TryReap(child, untraced, out ChildExit exit, out Exception? error))
                {
                    return error is null ? Promise.Return(exit) : Promise.Fail<ChildExit>(error);
                }
            }

            if (!any)
            {
                return Promise.Fail<ChildExit>(NoChild(call, pid));
            }
        }

        if ((flags & WaitOptions.NoHang) != 0)
        {
            return Promise.Return(new ChildExit(0, ProcessStatus.Exited(0), default));
        }

        (Promise<ChildExit> promise, Resolver<ChildExit> resolver) = Promise.Cancelable<ChildExit>();
        var waiter = new ChildWaiter(pid, untraced, resolver);
        _waiters.Add(waiter);
        promise.OnCancel(() => _waiters.Remove(waiter));
        return promise;
    }

    /// <summary>From ChildSignal, on .NET's signal thread: asks the loop to poll.</summary>
    internal void PostPollFromAnyThread()
    {
        try
        {
            _loop.PostFromAnyThread(static state => ((ChildWatcher)state!).Poll(), this);
        }
        catch (ObjectDisposedException)
        {
            // The loop went away between the signal and the post; its children are orphans now.
        }
    }

    /// <summary>Closes the pidfds; children still running are handed to ChildSignal, which reaps them when they exit.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_subscribed)
        {
            ChildSignal.Unsubscribe(this);
        }

        var orphans = new List<int>(_children.Count);
        foreach (WatchedChild child in _children.Values)
        {
            StopWatching(child);
            orphans.Add(child.Pid);
        }

        _children.Clear();
        _waiters.Clear();
        if (orphans.Count != 0)
        {
            ChildSignal.AddOrphans(orphans);
        }
    }

    private static int OpenPidfd(int pid)
    {
        if (ForceSignalFallback || s_pidfdUnavailable)
        {
            return -1;
        }

        try
        {
            // pidfd_open sets close-on-exec on the new descriptor.
            int fd = Libc.pidfd_open(pid, 0);
            if (fd < 0 && Marshal.GetLastPInvokeError() == Libc.ENOSYS)
            {
                s_pidfdUnavailable = true;
            }

            return fd;
        }
        catch (EntryPointNotFoundException)
        {
            s_pidfdUnavailable = true;
            return -1;
        }
    }

    private static UnixException NoChild(string call, int pid) =>
        new(Libc.ECHILD, call, pid.ToString(CultureInfo.InvariantCulture));

    private static ResourceUsage ReadUsage(byte* rusage)
    {
        // struct rusage starts with two struct timeval (seconds, microseconds as longs).
        long* t = (long*)rusage;
        return new ResourceUsage(
            TimeSpan.FromSeconds(t[0]) + TimeSpan.FromMicroseconds(t[1]),
            TimeSpan.FromSeconds(t[2]) + TimeSpan.FromMicroseconds(t[3]));
    }

    /// <summary>wait4(pid, WNOHANG [| WUNTRACED]), retried on EINTR: the pid, 0 if nothing changed, or -errno.</summary>
    private static int Wait4(int pid, bool untraced, out ChildExit exit)
    {
        int status = 0;
        byte* rusage = stackalloc byte[Libc.RusageSize];
        int r;
        do
        {
            r = Libc.wait4(pid, &status, Libc.WNOHANG | (untraced ? Libc.WUNTRACED : 0), rusage);
        }
        while (r < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        if (r <= 0)
        {
            exit = default;
            return r < 0 ? -Marshal.GetLastPInvokeError() : 0;
        }

        exit = new ChildExit(r, ProcessStatus.FromWaitStatus(status), ReadUsage(rusage));
        return r;
    }

    private static bool Matches(int waitPid, WatchedChild child) => waitPid switch
    {
        -1 => true,
        0 => child.ProcessGroup == Libc.getpgid(0),
        < -1 => child.ProcessGroup == -waitPid,
        _ => waitPid == child.Pid,
    };

    private List<WatchedChild> Snapshot() => [.. _children.Values];

    private void Subscribe()
    {
        if (!_subscribed)
        {
            _subscribed = true;
            ChildSignal.Subscribe(this);
        }
    }

    private void OnExitReady(WatchedChild child)
    {
        if (!TryReap(child, untraced: false, out _, out _))
        {
            // Readable but not reapable: someone reaped it and the pid is gone; stop the watch spinning.
            if (Libc.kill(child.Pid, 0) != 0)
            {
                Finish(child, default, NoChild("wait4", child.Pid));
            }
        }
    }

    /// <summary>On SIGCHLD: every child of the loop, then the waits on pids it did not start.</summary>
    private void Poll()
    {
        if (_disposed)
        {
            return;
        }

        foreach (WatchedChild child in Snapshot())
        {
            TryReap(child, HasUntracedWaiter(child), out _, out _);
        }

        List<(ChildWaiter Waiter, ChildExit Exit, Exception? Error)>? answered = null;
        for (int i = 0; i < _waiters.Count; i++)
        {
            ChildWaiter w = _waiters[i];
            if (w.Pid > 0 && !_children.ContainsKey(w.Pid) && TryWaitUnknown(w.Pid, w.Untraced, "waitpid", out ChildExit exit, out Exception? error))
            {
                _waiters.RemoveAt(i--);
                (answered ??= []).Add((w, exit, error));
            }
        }

        foreach ((ChildWaiter w, ChildExit exit, Exception? error) in answered ?? [])
        {
            Settle([w], exit, error);
        }
    }

    private bool HasUntracedWaiter(WatchedChild child)
    {
        foreach (ChildWaiter w in _waiters)
        {
            if (w.Untraced && Matches(w.Pid, child))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reaps (or sees stopped) one child of ours; true when its state changed, with the result or
    /// the error. The result also goes to every pending wait that matches.
    /// </summary>
    private bool TryReap(WatchedChild child, bool untraced, out ChildExit exit, out Exception? error)
    {
        int r = Wait4(child.Pid, untraced, out exit);
        error = null;
        if (r == 0)
        {
            return false;
        }

        if (r < 0)
        {
            // ECHILD: someone else reaped it (a waitpid(-1) elsewhere in the process).
            error = new UnixException(-r, "wait4", child.Pid.ToString(CultureInfo.InvariantCulture));
            Finish(child, default, error);
            return true;
        }

        if (exit.Status.Kind == ProcessStatusKind.Stopped)
        {
            Settle(TakeWaiters(child, final: false), exit, null);
        }
        else
        {
            Finish(child, exit, null);
        }

        return true;
    }

    private void Finish(WatchedChild child, ChildExit exit, Exception? error)
    {
        _children.Remove(child.Pid);
        StopWatching(child);

        // Take the waits first: resolving runs user code at once, which may start children and
        // wait again; those new waits must not receive this child.
        List<ChildWaiter>? matching = TakeWaiters(child, final: true);
        List<ChildWaiter>? childless = TakeChildlessWaiters();
        if (error is null)
        {
            child.Resolve(exit);
        }
        else
        {
            child.Reject(error);
        }

        Settle(matching, exit, error);
        Settle(childless, default, null);
    }

    /// <summary>Removes and returns the waits that <paramref name="child"/>'s new state answers (stops only for untraced waits).</summary>
    private List<ChildWaiter>? TakeWaiters(WatchedChild child, bool final)
    {
        List<ChildWaiter>? taken = null;
        for (int i = 0; i < _waiters.Count; i++)
        {
            ChildWaiter w = _waiters[i];
            if ((final || w.Untraced) && Matches(w.Pid, child))
            {
                _waiters.RemoveAt(i--);
                (taken ??= []).Add(w);
            }
        }

        return taken;
    }

    /// <summary>Removes and returns the "any child" waits left with no child of ours to wait for (they get ECHILD).</summary>
    private List<ChildWaiter>? TakeChildlessWaiters()
    {
        List<ChildWaiter>? taken = null;
        for (int i = 0; i < _waiters.Count; i++)
        {
            ChildWaiter w = _waiters[i];
            if (w.Pid <= 0 && !AnyMatches(w.Pid))
            {
                _waiters.RemoveAt(i--);
                (taken ??= []).Add(w);
            }
        }

        return taken;
    }

    /// <summary>Resolves the waits with the exit or the error; a null error and default exit mean ECHILD for childless waits.</summary>
    private static void Settle(List<ChildWaiter>? waiters, ChildExit exit, Exception? error)
    {
        if (waiters is null)
        {
            return;
        }

        foreach (ChildWaiter w in waiters)
        {
            if (error is not null)
            {
                w.Resolver.Reject(error);
            }
            else if (exit.Pid == 0)
            {
                w.Resolver.Reject(NoChild("waitpid", w.Pid));
            }
            else
            {
                w.Resolver.Resolve(exit);
            }
        }
    }

    private bool AnyMatches(int waitPid)
    {
        foreach (WatchedChild child in _children.Values)
        {
            if (Matches(waitPid, child))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryWaitUnknown(int pid, bool untraced, string call, out ChildExit exit, out Exception? error)
    {
        int r = Wait4(pid, untraced, out exit);
        error = r < 0 ? new UnixException(-r, call, pid.ToString(CultureInfo.InvariantCulture)) : null;
        return r != 0;
    }

    private static void StopWatching(WatchedChild child)
    {
        child.Watch?.Stop();
        child.Watch = null;
        if (child.PidFd >= 0)
        {
            Libc.close(child.PidFd);
            child.PidFd = -1;
        }
    }
}
