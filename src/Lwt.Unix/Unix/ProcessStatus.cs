// ProcessStatus.cs: what wait4 reports about a child (OCaml's Unix.process_status), decoded from
// the kernel's status word once, on the loop.

using System;
using System.Globalization;

namespace Lwt.Unix;

/// <summary>
/// The status of a child process (OCaml's <c>Unix.process_status</c>: <c>WEXITED code</c>,
/// <c>WSIGNALED signal</c>, <c>WSTOPPED signal</c>). Compare with <see cref="Exited"/>, <see cref="Signaled"/>
/// and <see cref="Stopped"/>: <c>status == ProcessStatus.Exited(0)</c>.
/// </summary>
/// <param name="Kind">How the child ended or paused.</param>
/// <param name="Code">The exit code for <see cref="ProcessStatusKind.Exited"/>, else the signal number.</param>
public readonly record struct ProcessStatus(ProcessStatusKind Kind, int Code)
{
    /// <summary>Whether the child exited with code 0.</summary>
    public bool IsSuccess => Kind == ProcessStatusKind.Exited && Code == 0;

    /// <summary>The exit code (Lwt's <c>WEXITED code</c>).</summary>
    /// <exception cref="InvalidOperationException">The child did not exit normally.</exception>
    public int ExitCode => Kind == ProcessStatusKind.Exited
        ? Code
        : throw new InvalidOperationException($"The process did not exit normally: {this}.");

    /// <summary>The signal that killed or stopped the child (Lwt's <c>WSIGNALED</c>/<c>WSTOPPED</c> argument).</summary>
    /// <exception cref="InvalidOperationException">The child exited normally.</exception>
    public int Signal => Kind != ProcessStatusKind.Exited
        ? Code
        : throw new InvalidOperationException($"The process was not signaled: {this}.");

    /// <summary>A normal exit with <paramref name="code"/> (<c>WEXITED</c>).</summary>
    /// <param name="code">The exit code.</param>
    /// <returns>The status.</returns>
    public static ProcessStatus Exited(int code) => new(ProcessStatusKind.Exited, code);

    /// <summary>Killed by <paramref name="signal"/> (<c>WSIGNALED</c>).</summary>
    /// <param name="signal">The signal number.</param>
    /// <returns>The status.</returns>
    public static ProcessStatus Signaled(int signal) => new(ProcessStatusKind.Signaled, signal);

    /// <summary>Stopped by <paramref name="signal"/> (<c>WSTOPPED</c>).</summary>
    /// <param name="signal">The signal number.</param>
    /// <returns>The status.</returns>
    public static ProcessStatus Stopped(int signal) => new(ProcessStatusKind.Stopped, signal);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ProcessStatusKind.Exited => "WEXITED " + Code.ToString(CultureInfo.InvariantCulture),
        ProcessStatusKind.Signaled => "WSIGNALED " + Code.ToString(CultureInfo.InvariantCulture),
        _ => "WSTOPPED " + Code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Decodes a wait status word (the <c>WIFEXITED</c>... macros).</summary>
    internal static ProcessStatus FromWaitStatus(int status)
    {
        int low = status & 0x7f;
        if (low == 0)
        {
            return Exited((status >> 8) & 0xff);
        }

        return (status & 0xff) == 0x7f ? Stopped((status >> 8) & 0xff) : Signaled(low);
    }
}
