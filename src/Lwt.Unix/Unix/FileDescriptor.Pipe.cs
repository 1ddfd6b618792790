// FileDescriptor.Pipe.cs: Lwt_unix's pipe, pipe_in, pipe_out. The wrapped ends are
// non-blocking, as in Lwt on Unix; the raw end that pipe_in/pipe_out hand back is left blocking,
// since it is meant for another program (a child process) or a blocking API.

using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Makes a pipe (Lwt's <c>Lwt_unix.pipe</c>), both ends non-blocking: bytes written to
    /// <c>Write</c> are read from <c>Read</c>.
    /// </summary>
    /// <param name="closeOnExec">Whether the ends are closed in programs this process executes (default, <c>O_CLOEXEC</c>).</param>
    /// <returns>The read end and the write end; the caller closes both.</returns>
    /// <exception cref="UnixException"><c>pipe2</c> failed (EMFILE...).</exception>
    public static (FileDescriptor Read, FileDescriptor Write) Pipe(bool closeOnExec = true)
    {
        (int r, int w) = MakePipe(Libc.O_NONBLOCK | (closeOnExec ? Libc.O_CLOEXEC : 0));
        return (OwnNonBlocking(r), OwnNonBlocking(w));
    }

    /// <summary>
    /// Makes a pipe whose read end is wrapped (non-blocking) and whose write end is a raw, blocking
    /// descriptor, e.g. for a child's standard output (Lwt's <c>Lwt_unix.pipe_in</c>).
    /// </summary>
    /// <param name="closeOnExec">Whether both ends get <c>O_CLOEXEC</c> (default).</param>
    /// <returns>The wrapped read end, and the raw write end, which the caller must close itself.</returns>
    /// <exception cref="UnixException"><c>pipe2</c> or <c>fcntl</c> failed.</exception>
    public static (FileDescriptor Read, int Write) PipeIn(bool closeOnExec = true)
    {
        (int r, int w) = MakePipe(closeOnExec ? Libc.O_CLOEXEC : 0);
        FileDescriptor read = FromRaw(r, blocking: false);
        read.SettleOrClose(w);
        return (read, w);
    }

    /// <summary>
    /// Makes a pipe whose write end is wrapped (non-blocking) and whose read end is a raw, blocking
    /// descriptor, e.g. for a child's standard input (Lwt's <c>Lwt_unix.pipe_out</c>).
    /// </summary>
    /// <param name="closeOnExec">Whether both ends get <c>O_CLOEXEC</c> (default).</param>
    /// <returns>The raw read end, which the caller must close itself, and the wrapped write end.</returns>
    /// <exception cref="UnixException"><c>pipe2</c> or <c>fcntl</c> failed.</exception>
    public static (int Read, FileDescriptor Write) PipeOut(bool closeOnExec = true)
    {
        (int r, int w) = MakePipe(closeOnExec ? Libc.O_CLOEXEC : 0);
        FileDescriptor write = FromRaw(w, blocking: false);
        write.SettleOrClose(r);
        return (r, write);
    }

    private static unsafe (int Read, int Write) MakePipe(int flags)
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, flags) != 0)
        {
            throw UnixException.FromLastError("pipe");
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Sets O_NONBLOCK now rather than on first use; on failure closes both ends and throws.</summary>
    private void SettleOrClose(int otherEnd)
    {
        try
        {
            IsBlockingCore();
        }
        catch (UnixException)
        {
            Dispose();
            Libc.close(otherEnd);
            throw;
        }
    }
}
