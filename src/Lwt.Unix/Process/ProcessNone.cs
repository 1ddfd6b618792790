// ProcessNone.cs: a running child and what every process object has (Lwt's process_none and its
// `common` base): pid, state, kill, terminate, status, rusage, close, and the timeout that kills
// the child. The child is reaped as soon as it exits (ChildWatcher), whether or not anyone asks
// for its status, so a process object never leaves a zombie.

using System;
using System.Globalization;
using System.Threading.Tasks;
using Lwt.Io;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Process;

/// <summary>
/// A child process with no pipe to it (Lwt's <c>Lwt_process.process_none</c>), and the base of the
/// process objects that have some. Made by <see cref="LwtProcess.OpenProcessNone"/>; use it on the
/// loop thread that made it. <c>await using</c> closes it (<see cref="Close"/>).
/// </summary>
public class ProcessNone : IAsyncDisposable
{
    private readonly WatchedChild _child;
    private readonly Channel[] _channels;
    private Promise<ProcessStatus>? _closing;

    internal ProcessNone(WatchedChild child, TimeSpan? timeout, params Channel[] channels)
    {
        _child = child;
        _channels = channels;
        if (timeout is TimeSpan delay)
        {
            // Lwt: after the delay, SIGKILL and close the channels; the exit stops the timer.
            Promise sleep = Time.Sleep(delay);
            child.Exit.OnTermination(sleep.Cancel);
            sleep.OnSuccess(OnTimeout);
        }
    }

    /// <summary>The child's process id (Lwt's <c>#pid</c>).</summary>
    public int Pid => _child.Pid;

    /// <summary>
    /// Whether the child runs or has exited, with its status (Lwt's <c>#state</c>). A child counts as
    /// running until the loop has reaped it.
    /// </summary>
    /// <exception cref="UnixException">The child was reaped by someone else (ECHILD, call <c>wait4</c>).</exception>
    public ProcessState State => _child.Exit.IsPending ? ProcessState.Running : new ProcessState(_child.Exit.Result.Status);

    /// <summary>
    /// The child's exit status, once it has exited (Lwt's <c>#status</c>). Each read gives a new promise.
    /// </summary>
    /// <remarks>
    /// Canceling the promise stops only this wait (Lwt's <c>protected</c>); the child runs on and is
    /// still reaped. Rejected with <see cref="UnixException"/> ECHILD if something else in the process
    /// reaped the child (a <c>waitpid(-1)</c> outside this library).
    /// </remarks>
    public Promise<ProcessStatus> Status => _child.Exit.Protected().Map(static e => e.Status);

    /// <summary>The CPU times of the child, once it has exited (Lwt's <c>#rusage</c>).</summary>
    /// <remarks>Cancellation and errors as <see cref="Status"/>.</remarks>
    public Promise<ResourceUsage> ResourceUsage => _child.Exit.Protected().Map(static e => e.Usage);

    /// <summary>The promise of the child's reaping, for the library.</summary>
    internal Promise<ChildExit> Exit => _child.Exit;

    /// <summary>
    /// Sends <paramref name="signal"/> to the child if it has not been reaped yet (Lwt's <c>#kill</c>);
    /// does nothing after. Until the loop reaps it the pid cannot be reused, so the signal cannot reach another process.
    /// </summary>
    /// <param name="signal">The signal number (e.g. 15 for SIGTERM on Linux).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is negative.</exception>
    /// <exception cref="UnixException"><c>kill(2)</c> failed (EINVAL for an unknown signal).</exception>
    public void Kill(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(signal);
        if (_child.Exit.IsPending && Libc.kill(_child.Pid, signal) != 0)
        {
            throw UnixException.FromLastError("kill", _child.Pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Kills the child with SIGKILL if it has not been reaped yet (Lwt's <c>#terminate</c>).</summary>
    /// <exception cref="UnixException"><c>kill(2)</c> failed (EPERM for a child that changed its user, e.g. through sudo).</exception>
    public void Terminate() => Kill(Libc.SIGKILL);

    /// <summary>
    /// <see cref="Terminate"/> for a timeout or a cancellation, where a failing <c>kill(2)</c> has
    /// nobody to go to: Lwt's timeout drops the error, and a cancellation must stay a cancellation.
    /// </summary>
    internal void TerminateQuietly()
    {
        try
        {
            Terminate();
        }
        catch (UnixException)
        {
            // The child goes on; the caller's Close or Status still reports how it ends.
        }
    }

    /// <summary>
    /// Closes the pipes to the child (flushing its stdin first), then waits for it to exit (Lwt's
    /// <c>#close</c>). Closing again returns the status without closing anything.
    /// </summary>
    /// <returns>The exit status.</returns>
    /// <remarks>
    /// The channels are closed even if the promise is canceled (Lwt's <c>protected</c>); canceling
    /// stops only the wait. A failing channel close rejects the promise. Closing does not kill the
    /// child: one that does not exit when its stdin closes keeps the promise pending (use
    /// <see cref="Terminate"/>, or a timeout).
    /// </remarks>
    public Promise<ProcessStatus> Close()
    {
        if (_closing is not null)
        {
            return Status;
        }

        Promise closed = Promise.Join(CloseChannels()).Protected();
        _closing = closed.Bind(() => Status);
        return _closing;
    }

    /// <summary>Closes the process (<see cref="Close"/>) for <c>await using</c>; errors are ignored here.</summary>
    /// <returns>Completes when the child has exited.</returns>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Promise<ProcessStatus> close = Close();
        return close.IsPending ? Promise.Catch(() => (Promise)close, static _ => Promise.Unit).AsValueTask() : default;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}({Pid}, {(_child.Exit.IsPending ? "Running" : "Exited")})";

    private Promise[] CloseChannels()
    {
        var closes = new Promise[_channels.Length];
        for (int i = 0; i < _channels.Length; i++)
        {
            closes[i] = _channels[i].Close();
        }

        return closes;
    }

    private void OnTimeout()
    {
        TerminateQuietly();

        // The status (and any close error) can be had from Close/Status; nothing to report here.
        _ = Close();
    }
}
