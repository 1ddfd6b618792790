// Redirection.cs: where a child's stdin, stdout or stderr goes (Lwt_process.redirection).

using System;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>
/// Where one of the child's standard descriptors points (Lwt's <c>Lwt_process.redirection</c>).
/// Every redirection argument defaults to <see cref="Keep"/>, as in Lwt.
/// </summary>
public sealed class Redirection
{
    private Redirection(RedirectionKind kind, FileDescriptor? descriptor, int rawFd)
    {
        Kind = kind;
        Descriptor = descriptor;
        RawFd = rawFd;
    }

    /// <summary>The child shares the parent's descriptor (Lwt's <c>`Keep</c>).</summary>
    public static Redirection Keep { get; } = new(RedirectionKind.Keep, null, -1);

    /// <summary>The child gets <c>/dev/null</c> (Lwt's <c>`Dev_null</c>).</summary>
    public static Redirection DevNull { get; } = new(RedirectionKind.DevNull, null, -1);

    /// <summary>The descriptor is closed in the child (Lwt's <c>`Close</c>): its writes fail with EBADF.</summary>
    public static Redirection Close { get; } = new(RedirectionKind.Close, null, -1);

    /// <summary>What this redirection does.</summary>
    public RedirectionKind Kind { get; }

    /// <summary>The descriptor of <see cref="RedirectionKind.Copy"/> and <see cref="RedirectionKind.Move"/>, else null.</summary>
    public FileDescriptor? Descriptor { get; }

    /// <summary>A raw descriptor this library moves to the child (its own pipe ends), the child's descriptor of <see cref="CopyStandard"/>, else -1.</summary>
    internal int RawFd { get; }

    /// <summary>
    /// The child gets a copy of <paramref name="descriptor"/>; it stays open in the parent (Lwt's <c>`FD_copy</c>).
    /// </summary>
    /// <remarks>
    /// The child shares the open file, including <c>O_NONBLOCK</c>: a non-blocking pipe end (as
    /// <see cref="FileDescriptor.Pipe"/> makes them) may give the child EAGAIN on a full pipe. Prefer
    /// <see cref="Move"/>, or a blocking end (<see cref="FileDescriptor.PipeIn"/>/<see cref="FileDescriptor.PipeOut"/>).
    /// </remarks>
    /// <param name="descriptor">An open descriptor.</param>
    /// <returns>The redirection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is null.</exception>
    public static Redirection Copy(FileDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new Redirection(RedirectionKind.Copy, descriptor, -1);
    }

    /// <summary>
    /// The child gets <paramref name="descriptor"/>, which is then closed in the parent (Lwt's
    /// <c>`FD_move</c>). It is closed once the spawn was attempted, also when the spawn fails. It is
    /// set to blocking mode first, since the child shares the open file and programs expect blocking I/O.
    /// </summary>
    /// <param name="descriptor">An open descriptor; the redirection takes it over.</param>
    /// <returns>The redirection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is null.</exception>
    public static Redirection Move(FileDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new Redirection(RedirectionKind.Move, descriptor, -1);
    }

    /// <summary>
    /// The child gets a copy of its own standard descriptor <paramref name="descriptor"/> as the
    /// redirections before this one left it (Lwt's <c>`FD_copy Unix.stdout</c> and the like):
    /// stdin, stdout and stderr are set in that order, so <c>stderr: CopyStandard(1)</c> sends
    /// the child's errors where its output goes, into <see cref="LwtProcess.Pread"/>'s pipe for
    /// instance, as a shell's <c>2&gt;&amp;1</c> does.
    /// </summary>
    /// <remarks>
    /// <see cref="Copy"/> of a <see cref="FileDescriptor"/> always means the parent's open file,
    /// whatever number it has (<see cref="FileDescriptor.Stdout"/> is a duplicate above 2); this
    /// is the way to name the child's.
    /// </remarks>
    /// <param name="descriptor">0 (stdin), 1 (stdout) or 2 (stderr).</param>
    /// <returns>The redirection.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="descriptor"/> is not 0, 1 or 2.</exception>
    public static Redirection CopyStandard(int descriptor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(descriptor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(descriptor, 2);
        return new Redirection(RedirectionKind.Copy, null, descriptor);
    }

    /// <summary>Whether this is <see cref="CopyStandard"/>: the source is the child's own descriptor <see cref="RawFd"/>.</summary>
    internal bool IsChildStandard => Kind == RedirectionKind.Copy && Descriptor is null;

    /// <summary>Moves a raw descriptor of ours (a pipe end) to the child.</summary>
    internal static Redirection MoveRaw(int fd) => new(RedirectionKind.Move, null, fd);

    /// <inheritdoc/>
    public override string ToString() =>
        IsChildStandard ? $"CopyStandard({RawFd})" : Descriptor is null ? Kind.ToString() : $"{Kind}({Descriptor.Fd})";
}
