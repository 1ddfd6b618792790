// FileDescriptor.Actions.cs: Lwt_unix's wrap_syscall and register_action, for code that makes its
// own non-blocking system calls on Fd: try the call, and when it says EAGAIN (or EINTR), wait for
// the descriptor's readiness and try again. This is what the library's own reads and writes do,
// offered for calls it does not wrap.

using System;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Runs <paramref name="action"/> now and, if it throws a <see cref="UnixException"/> EAGAIN,
    /// EWOULDBLOCK or EINTR, again each time the descriptor becomes ready for <paramref name="ioEvent"/>,
    /// until it returns or throws something else (Lwt's <c>wrap_syscall</c>). As Lwt, it first settles
    /// the descriptor's mode (a pipe or socket becomes non-blocking), and on a descriptor that stays
    /// blocking it runs the action only once <see cref="Readable"/> or <see cref="Writable"/> says it is ready.
    /// </summary>
    /// <typeparam name="T">What the action returns.</typeparam>
    /// <param name="ioEvent">The readiness to wait for between tries.</param>
    /// <param name="action">The system call, made on the loop thread; it must not block (use it on a non-blocking descriptor).</param>
    /// <returns>The action's result. Canceling the promise stops the wait; another exception from the action rejects it; closing the descriptor rejects it with EBADF.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ioEvent"/> is not an <see cref="IoEvent"/>.</exception>
    /// <exception cref="UnixException">EBADF (call <c>wrap_syscall</c>) at once when the descriptor is closed.</exception>
    public Promise<T> WrapSyscallAsync<T>(IoEvent ioEvent, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        CheckEvent(ioEvent);
        CheckDescriptor("wrap_syscall");

        // Lwt: settle the mode first; on a descriptor that stays blocking, call only when ready.
        if (IsBlockingCore() && !(ioEvent == IoEvent.Read ? Readable() : Writable()))
        {
            return Retry(ioEvent, action);
        }

        try
        {
            return Promise.Return(action());
        }
        catch (UnixException e) when (IsRetry(e))
        {
            return Retry(ioEvent, action);
        }
        catch (Exception e) when (ExceptionFilter.Run(e))
        {
            return Promise.Fail<T>(e);
        }
    }

    /// <summary>
    /// Waits until the descriptor is ready for <paramref name="ioEvent"/>, then runs
    /// <paramref name="action"/>, as often as it throws a <see cref="UnixException"/> EAGAIN, EWOULDBLOCK
    /// or EINTR (Lwt's <c>register_action</c>). <see cref="WrapSyscallAsync{T}"/> tries first, which is usually better.
    /// </summary>
    /// <typeparam name="T">What the action returns.</typeparam>
    /// <param name="ioEvent">The readiness to wait for.</param>
    /// <param name="action">The system call, made on the loop thread; it must not block.</param>
    /// <returns>The action's result. Canceling the promise stops the wait; another exception from the action rejects it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ioEvent"/> is not an <see cref="IoEvent"/>.</exception>
    /// <exception cref="UnixException">EBADF (call <c>register_action</c>) at once when the descriptor is closed.</exception>
    public Promise<T> RegisterActionAsync<T>(IoEvent ioEvent, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        CheckEvent(ioEvent);
        CheckDescriptor("register_action");
        return Retry(ioEvent, action);
    }

    private static void CheckEvent(IoEvent ioEvent)
    {
        if (ioEvent is not (IoEvent.Read or IoEvent.Write))
        {
            throw new ArgumentOutOfRangeException(nameof(ioEvent), ioEvent, "Unknown I/O event.");
        }
    }

    private static bool IsRetry(UnixException e) => e.Errno is Libc.EAGAIN or Libc.EINTR;

    private async Promise<T> Retry<T>(IoEvent ioEvent, Func<T> action)
    {
        while (true)
        {
            await (ioEvent == IoEvent.Read ? WaitReadAsync() : WaitWriteAsync());
            try
            {
                return action();
            }
            catch (UnixException e) when (IsRetry(e))
            {
                // Not ready after all (another reader took the data): wait again.
            }
        }
    }
}
