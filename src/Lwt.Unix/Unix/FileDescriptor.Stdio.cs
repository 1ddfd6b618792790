// FileDescriptor.Stdio.cs: Lwt_unix's stdin, stdout and stderr. A FileDescriptor belongs to a
// loop, so each thread gets its own three, made on first use, each over a duplicate
// (close-on-exec) of descriptor 0, 1 or 2: closing one closes the duplicate, never the process's
// own descriptor, so System.Console keeps working. As in Lwt they are in blocking mode with their
// flags left alone: setting O_NONBLOCK on a shared terminal or pipe would change it for every
// process that shares it, so their reads and writes run on worker threads.

using System;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    [ThreadStatic]
    private static FileDescriptor? t_stdin;

    [ThreadStatic]
    private static FileDescriptor? t_stdout;

    [ThreadStatic]
    private static FileDescriptor? t_stderr;

    /// <summary>
    /// Standard input (Lwt's <c>Lwt_unix.stdin</c>): this thread's descriptor over a duplicate of
    /// descriptor 0, in blocking mode. Closing it closes the duplicate only; it then stays closed on
    /// this thread, as Lwt's does.
    /// </summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed (EBADF when the process has no standard input).</exception>
    public static FileDescriptor Stdin => t_stdin ??= Io.InputChannel.DuplicateStandard(0);

    /// <summary>Standard output (Lwt's <c>Lwt_unix.stdout</c>): this thread's descriptor over a duplicate of descriptor 1; see <see cref="Stdin"/>.</summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed.</exception>
    public static FileDescriptor Stdout => t_stdout ??= Io.InputChannel.DuplicateStandard(1);

    /// <summary>Standard error (Lwt's <c>Lwt_unix.stderr</c>): this thread's descriptor over a duplicate of descriptor 2; see <see cref="Stdin"/>.</summary>
    /// <exception cref="UnixException">Duplicating the descriptor failed.</exception>
    public static FileDescriptor Stderr => t_stderr ??= Io.InputChannel.DuplicateStandard(2);
}
