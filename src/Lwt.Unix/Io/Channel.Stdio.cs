// Channel.Stdio.cs: standard input, output and error (Lwt's Lwt_io.stdin, stdout, stderr).
//
// Channels belong to a loop, so each thread gets its own three, made on first use, each over a
// duplicate (close-on-exec) of descriptor 0, 1 or 2. The duplicate is what the channel owns:
// closing the channel, or the finalizer of a thread's abandoned channel, closes the duplicate and
// never the process's own standard descriptor. Like Lwt_unix's stdio descriptors they are in
// blocking mode with their flags left alone (O_NONBLOCK would leak to every process sharing the
// terminal or pipe), so their reads and writes run on Preemptive's worker threads.

using System.Globalization;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    [System.ThreadStatic]
    private static InputChannel? t_stdin;

    /// <summary>
    /// Standard input (Lwt's <c>Lwt_io.stdin</c>): this thread's channel over a duplicate of descriptor 0.
    /// Closing it closes the duplicate only.
    /// </summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed (EBADF when the process has no standard input).</exception>
    public static InputChannel Stdin => t_stdin ??= FromDescriptor(DuplicateStandard(0));

    internal static FileDescriptor DuplicateStandard(int fd)
    {
        int copy = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 0);
        if (copy < 0)
        {
            throw UnixException.FromLastError("fcntl", fd.ToString(CultureInfo.InvariantCulture));
        }

        return FileDescriptor.FromRaw(copy, blocking: true, setFlags: false);
    }
}

public sealed partial class OutputChannel
{
    [System.ThreadStatic]
    private static OutputChannel? t_stdout;

    [System.ThreadStatic]
    private static OutputChannel? t_stderr;

    /// <summary>
    /// Standard output (Lwt's <c>Lwt_io.stdout</c>): this thread's channel over a duplicate of descriptor 1.
    /// Written text reaches it one loop iteration later (auto-flush) or on <see cref="Flush"/>; closing
    /// it closes the duplicate only. Lwt's <c>print</c>/<c>printl</c> are <c>Stdout.Write</c>/<c>Stdout.WriteLine</c>.
    /// </summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed.</exception>
    public static OutputChannel Stdout => t_stdout ??= FromDescriptor(InputChannel.DuplicateStandard(1));

    /// <summary>
    /// Standard error (Lwt's <c>Lwt_io.stderr</c>): this thread's channel over a duplicate of descriptor 2.
    /// Same rules as <see cref="Stdout"/>; Lwt's <c>eprint</c>/<c>eprintl</c> are <c>Stderr.Write</c>/<c>Stderr.WriteLine</c>.
    /// </summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed.</exception>
    public static OutputChannel Stderr => t_stderr ??= FromDescriptor(InputChannel.DuplicateStandard(2));
}
