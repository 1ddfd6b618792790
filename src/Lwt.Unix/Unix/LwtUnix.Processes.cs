// LwtUnix.Processes.cs: Lwt_unix's child-status calls: wait, waitpid, wait4, wait_count, system.
// They never block the loop: ChildWatcher learns of exits through pidfds (or SIGCHLD) and reaps
// with wait4(pid, WNOHANG). "Any child" waits consider only the children this loop started, so
// children of System.Diagnostics.Process or of other libraries are never reaped here.

using System;
using Lwt.Process;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    /// <summary>Whether <see cref="Wait4"/> reports resource usage (Lwt's <c>Lwt_unix.has_wait4</c>): always on Linux.</summary>
    public static bool HasWait4 => true;

    /// <summary>
    /// How many waits for children are pending on this thread's loop (Lwt's <c>Lwt_unix.wait_count</c>):
    /// pending <see cref="WaitPid"/>/<see cref="Wait4"/> calls plus the children being watched until they exit
    /// (each is a pending <c>wait4</c> in Lwt).
    /// </summary>
    public static int WaitCount => EventLoop.Current.Children?.WaitCount ?? 0;

    /// <summary>Waits for any child this loop started to exit (Lwt's <c>Lwt_unix.wait</c>, <c>waitpid [] (-1)</c>).</summary>
    /// <returns>The pid and status of the child.</returns>
    /// <remarks>
    /// Rejected with <see cref="UnixException"/> ECHILD when this loop has no child. Canceling stops the
    /// wait (the child is still reaped when it exits).
    /// </remarks>
    public static Promise<(int Pid, ProcessStatus Status)> Wait() => WaitPid(WaitOptions.None, -1);

    /// <summary>
    /// Waits for a child to change state (Lwt's <c>Lwt_unix.waitpid</c>) without blocking the loop.
    /// </summary>
    /// <param name="options"><see cref="WaitOptions.NoHang"/>: answer at once, with pid 0 if nothing changed;
    /// <see cref="WaitOptions.Untraced"/>: also report a stop.</param>
    /// <param name="pid">A pid; -1 for any child this loop started; 0 for any of them in our process group; -g for any in group g.</param>
    /// <returns>The pid and status; <c>(0, WEXITED 0)</c> with <see cref="WaitOptions.NoHang"/> when nothing changed, as OCaml's <c>Unix.waitpid</c>.</returns>
    /// <remarks>
    /// A pid this library did not start is waited for with <c>wait4</c> on that pid (on SIGCHLD); reaping a
    /// child of <see cref="System.Diagnostics.Process"/> this way takes its status from it. Rejected with
    /// <see cref="UnixException"/> (ECHILD: no such child, naming <c>waitpid</c>). Canceling stops the wait only.
    /// </remarks>
    public static Promise<(int Pid, ProcessStatus Status)> WaitPid(WaitOptions options, int pid) =>
        ChildWatcher.Current.Wait(options, pid, "waitpid").Map(static e => (e.Pid, e.Status));

    /// <summary>Like <see cref="WaitPid"/>, and also gives the child's CPU times (Lwt's <c>Lwt_unix.wait4</c>).</summary>
    /// <param name="options">As <see cref="WaitPid"/>.</param>
    /// <param name="pid">As <see cref="WaitPid"/>.</param>
    /// <returns>The pid, status and resource usage (zero times with <see cref="WaitOptions.NoHang"/> when nothing changed).</returns>
    /// <remarks>Errors and cancellation as <see cref="WaitPid"/>, naming <c>wait4</c>.</remarks>
    public static Promise<(int Pid, ProcessStatus Status, ResourceUsage Usage)> Wait4(WaitOptions options, int pid) =>
        ChildWatcher.Current.Wait(options, pid, "wait4").Map(static e => (e.Pid, e.Status, e.Usage));

    /// <summary>
    /// Runs <paramref name="command"/> with <c>/bin/sh -c</c> and waits for it (Lwt's <c>Lwt_unix.system</c>).
    /// </summary>
    /// <param name="command">The shell text.</param>
    /// <returns>The shell's status (<c>WEXITED 127</c>: the shell did not find a command).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="command"/> contains a NUL character.</exception>
    /// <remarks>
    /// Spawned with <c>posix_spawn</c>, not fork. Rejected with <see cref="UnixException"/> if the
    /// shell cannot be spawned. Canceling stops the wait only, as in Lwt; the child runs on and is reaped.
    /// </remarks>
    public static Promise<ProcessStatus> SystemCommand(string command)
    {
        Command shell = Command.Shell(command);
        WatchedChild child;
        try
        {
            child = Spawner.Spawn(shell, null, null, null, null, null);
        }
        catch (UnixException e)
        {
            return Promise.Fail<ProcessStatus>(e);
        }

        // The child's own exit, not a wait on its pid: without pidfd, adopting a child that has
        // already exited reaps it at once, and a wait by pid would then find no child (ECHILD).
        return child.Exit.Protected().Map(static e => e.Status);
    }
}
