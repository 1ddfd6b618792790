// FileDescriptor.Terminal.cs: Lwt_unix's terminal calls (tcgetattr, tcsetattr, tcsendbreak,
// tcdrain, tcflush, tcflow). Each runs as a job: tcdrain and tcsetattr with TCSADRAIN wait for the
// output to drain, which can take as long as the line is slow, and Lwt runs them all as jobs.

using System;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>The attributes of the terminal (Lwt's <c>Lwt_unix.tcgetattr</c>).</summary>
    /// <returns>A copy of the attributes.</returns>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when <c>tcgetattr(3)</c> fails (ENOTTY: not a terminal).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public unsafe Promise<TerminalAttributes> TcgetattrAsync() => FileJob("tcgetattr", static fd =>
    {
        var attributes = new TerminalAttributes();
        fixed (byte* t = attributes.Raw)
        {
            Checked(Libc.tcgetattr(fd, t), "tcgetattr", fd);
        }

        return attributes;
    });

    /// <summary>Sets the attributes of the terminal (Lwt's <c>Lwt_unix.tcsetattr</c>).</summary>
    /// <param name="when">When the change applies.</param>
    /// <param name="attributes">The attributes; copied when the call is made.</param>
    /// <returns>A promise fulfilled once they are set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is not a <see cref="TerminalSetMode"/>.</exception>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when <c>tcsetattr(3)</c> fails (ENOTTY, EINVAL).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public unsafe Promise TcsetattrAsync(TerminalSetMode when, TerminalAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (when is not (TerminalSetMode.Now or TerminalSetMode.Drain or TerminalSetMode.Flush))
        {
            throw new ArgumentOutOfRangeException(nameof(when), when, "Unknown terminal set mode.");
        }

        TerminalAttributes copy = attributes.Clone();
        return FileJob("tcsetattr", fd =>
        {
            fixed (byte* t = copy.Raw)
            {
                return Checked(Libc.tcsetattr(fd, (int)when, t), "tcsetattr", fd);
            }
        });
    }

    /// <summary>
    /// Sends a break: zero bits for a while (Lwt's <c>Lwt_unix.tcsendbreak</c>). Linux sends 0.25 to
    /// 0.5 seconds for a <paramref name="duration"/> of 0, and treats other values as that much in
    /// tenths of a second on some devices.
    /// </summary>
    /// <param name="duration">The duration, 0 for the default.</param>
    /// <returns>A promise fulfilled once the break is sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when the call fails (ENOTTY).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public Promise TcsendbreakAsync(int duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        return FileJob("tcsendbreak", fd => Checked(Libc.tcsendbreak(fd, duration), "tcsendbreak", fd));
    }

    /// <summary>Waits until all output written to the terminal has been transmitted (Lwt's <c>Lwt_unix.tcdrain</c>).</summary>
    /// <returns>A promise fulfilled once the output is drained.</returns>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when the call fails (ENOTTY).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it waits for the drain.</remarks>
    public Promise TcdrainAsync() => FileJob("tcdrain", static fd => Checked(Libc.tcdrain(fd), "tcdrain", fd));

    /// <summary>Discards data received but not read, written but not sent, or both (Lwt's <c>Lwt_unix.tcflush</c>).</summary>
    /// <param name="queue">Which data.</param>
    /// <returns>A promise fulfilled once it is discarded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="queue"/> is not a <see cref="TerminalFlushTarget"/>.</exception>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when the call fails (ENOTTY).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public Promise TcflushAsync(TerminalFlushTarget queue)
    {
        if (queue is not (TerminalFlushTarget.Input or TerminalFlushTarget.Output or TerminalFlushTarget.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(queue), queue, "Unknown terminal queue.");
        }

        return FileJob("tcflush", fd => Checked(Libc.tcflush(fd, (int)queue), "tcflush", fd));
    }

    /// <summary>Suspends or restarts transmission or reception (Lwt's <c>Lwt_unix.tcflow</c>).</summary>
    /// <param name="action">What to do.</param>
    /// <returns>A promise fulfilled once it is done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not a <see cref="TerminalFlowAction"/>.</exception>
    /// <exception cref="UnixException">EBADF at once when the descriptor is closed; rejects the promise when the call fails (ENOTTY).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public Promise TcflowAsync(TerminalFlowAction action)
    {
        if (action is not (TerminalFlowAction.SuspendOutput or TerminalFlowAction.RestartOutput
            or TerminalFlowAction.SendStop or TerminalFlowAction.SendStart))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown flow action.");
        }

        return FileJob("tcflow", fd => Checked(Libc.tcflow(fd, (int)action), "tcflow", fd));
    }
}
