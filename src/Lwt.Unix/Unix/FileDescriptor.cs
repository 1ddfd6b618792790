// FileDescriptor.cs: Lwt_unix's file_descr. A descriptor, its state (opened, closed, aborted),
// whether it is in blocking mode, and the operations waiting on it. This file has the life
// cycle; FileDescriptor.Waiting.cs the wait queues and engine watches; FileDescriptor.ReadWrite.cs,
// FileDescriptor.Pipe.cs and FileDescriptor.Socket.cs the calls.
//
// Blocking mode decides how I/O runs. A non-blocking descriptor (pipe, socket) tries the system
// call at once and waits for readiness only on EAGAIN; a blocking one (regular file, terminal)
// runs the call on a worker thread, because epoll cannot watch regular files and a read on a
// terminal would stall the loop. As in Lwt, the mode is settled lazily, on first use.
//
// Everything here runs on the loop thread, like every promise.

using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// A file descriptor wrapped for non-blocking use on the event loop (Lwt's <c>Lwt_unix.file_descr</c>):
/// reads and writes that never block the loop, sockets, pipes. It owns the descriptor: <see cref="Close"/>
/// (or <see cref="Dispose"/>, or the finalizer if it is leaked) closes it.
/// </summary>
/// <remarks>
/// Use it on the loop thread only. Closing or aborting it rejects every operation waiting on it.
/// </remarks>
public sealed partial class FileDescriptor : IDisposable
{
    private readonly DescriptorHandle _handle;
    private readonly int _fd;
    private Exception? _abortException;

    // The blocking mode: asked for (null: guess from the kind of file), whether to set the
    // O_NONBLOCK flag to match, and whether that was done yet (Lwt's lazy `blocking`).
    private bool? _blockingRequested;
    private bool _setFlags;
    private bool _blockingKnown;
    private bool _isBlocking;

    // Set once preadv2/pwritev2 with RWF_NOWAIT are refused for this descriptor (FileDescriptor.ReadWrite.cs).
    private bool _noWaitRefused;

    // Set for sockets this library made (socket, socketpair, accept): channels then use recv/send,
    // which skip the file layer that read/write go through (FileDescriptor.ReadWrite.cs).
    private bool _isSocket;

    // Set when a channel's read got fewer bytes than it asked for: the kernel's buffer was empty
    // then, so the channel's next read waits for readiness first (FileDescriptor.ReadWrite.cs).
    private bool _channelReadDrained;

    private FileDescriptor(int fd, bool? blocking, bool setFlags)
    {
        _fd = fd;
        _handle = new DescriptorHandle(fd);
        _blockingRequested = blocking;
        _setFlags = setFlags;
    }

    /// <summary>The state: opened, closed or aborted (Lwt's <c>Lwt_unix.state</c>).</summary>
    public FileDescriptorState State { get; private set; }

    /// <summary>
    /// The descriptor number (Lwt's <c>Lwt_unix.unix_file_descr</c>). Readable in any state; after
    /// <see cref="Close"/> the number may belong to another file.
    /// </summary>
    public int Fd => _fd;

    /// <summary>The exception given to <see cref="Abort"/>, while <see cref="State"/> is <see cref="FileDescriptorState.Aborted"/>.</summary>
    public Exception? AbortException => State == FileDescriptorState.Aborted ? _abortException : null;

    /// <summary>
    /// Whether I/O on the descriptor runs as a blocking call on a worker thread (true) or as a
    /// non-blocking call on the loop (false) (Lwt's <c>Lwt_unix.blocking</c>). The first read
    /// settles the mode given to <see cref="FromRaw"/>, guessing it from the kind of file if none was given.
    /// </summary>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; setting the flag failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public bool IsBlocking
    {
        get
        {
            CheckDescriptor("blocking");
            return IsBlockingCore();
        }
    }

    private string FdText => _fd.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Wraps a descriptor the caller opened (Lwt's <c>Lwt_unix.of_unix_file_descr</c>); the wrapper owns it from then on.
    /// </summary>
    /// <param name="fd">The descriptor number.</param>
    /// <param name="blocking">
    /// True for blocking mode, false for non-blocking mode, null to decide on first use from the kind
    /// of file: pipes and sockets non-blocking, anything else (regular files, terminals) blocking.
    /// </param>
    /// <param name="setFlags">
    /// Whether to set or clear <c>O_NONBLOCK</c> to match the mode, on first use (default). False
    /// trusts <paramref name="blocking"/> and leaves the flags alone.
    /// </param>
    /// <returns>The wrapper.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    public static FileDescriptor FromRaw(int fd, bool? blocking = null, bool setFlags = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new FileDescriptor(fd, blocking, setFlags);
    }

    /// <summary>Wraps a descriptor this library just made in non-blocking mode (sockets, pipes).</summary>
    internal static FileDescriptor OwnNonBlocking(int fd) => new(fd, blocking: false, setFlags: false);

    /// <summary>Wraps a socket this library just made in non-blocking mode.</summary>
    internal static FileDescriptor OwnSocket(int fd) => new(fd, blocking: false, setFlags: false) { _isSocket = true };

    /// <summary>
    /// Switches the descriptor to blocking or non-blocking mode (Lwt's <c>Lwt_unix.set_blocking</c>),
    /// from the next operation on. Operations already waiting keep their mode.
    /// </summary>
    /// <param name="blocking">The mode.</param>
    /// <param name="setFlags">Whether to set or clear <c>O_NONBLOCK</c> to match (on next use), or trust the caller.</param>
    /// <exception cref="UnixException">EBADF when the descriptor is closed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void SetBlocking(bool blocking, bool setFlags = true)
    {
        CheckDescriptor("set_blocking");
        _blockingRequested = blocking;
        _setFlags = setFlags;
        _blockingKnown = false;
    }

    /// <summary>
    /// Whether data can be read now (Lwt's <c>Lwt_unix.readable</c>): a poll for POLLIN with no
    /// timeout. As in Lwt, only POLLIN counts: a pipe whose writer is closed reports POLLHUP alone,
    /// so it is not readable although a read returns 0 at once (a socket at end of file is readable).
    /// </summary>
    /// <returns>True when readable.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; poll failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public bool Readable()
    {
        CheckDescriptor("readable");
        return Poll(Libc.POLLIN, "readable");
    }

    /// <summary>Whether a write would not block now (Lwt's <c>Lwt_unix.writable</c>): a poll for POLLOUT with no timeout; as in Lwt, only POLLOUT counts.</summary>
    /// <returns>True when writable.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; poll failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public bool Writable()
    {
        CheckDescriptor("writable");
        return Poll(Libc.POLLOUT, "writable");
    }

    /// <summary>
    /// Aborts the descriptor (Lwt's <c>Lwt_unix.abort</c>): every operation waiting on it is rejected
    /// with <paramref name="exception"/>, and so is every later one, except <see cref="Close"/>. Does
    /// nothing on a closed descriptor; aborting again replaces the exception. Blocking calls already
    /// running on a worker thread finish normally. The descriptor stays open until closed.
    /// </summary>
    /// <param name="exception">The exception for the operations.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public void Abort(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (State == FileDescriptorState.Closed)
        {
            return;
        }

        State = FileDescriptorState.Aborted;
        _abortException = exception;
        (IIoWait[] readers, IIoWait[] writers) = TakeAllWaiting();
        StopWatches();
        RejectAll(readers, exception);
        RejectAll(writers, exception);
    }

    /// <summary>
    /// Closes the descriptor (Lwt's <c>Lwt_unix.close</c>). Every operation waiting on it is rejected
    /// with <see cref="UnixException"/> EBADF naming its call; its engine watches are stopped. An
    /// aborted descriptor can be closed. If a worker thread is running a blocking call on it, the
    /// system close happens when that call returns.
    /// </summary>
    /// <exception cref="UnixException">
    /// EBADF when the descriptor is already closed (as Lwt, a double close is an error); <c>close(2)</c> failed
    /// (the descriptor is released anyway).
    /// </exception>
    public void Close()
    {
        if (State == FileDescriptorState.Closed)
        {
            throw new UnixException(Libc.EBADF, "close", FdText);
        }

        int errno = CloseCore();
        if (errno != 0)
        {
            throw new UnixException(errno, "close", FdText);
        }
    }

    /// <summary>Closes the descriptor unless it is closed already; never throws.</summary>
    public void Dispose()
    {
        if (State != FileDescriptorState.Closed)
        {
            CloseCore();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"FileDescriptor({FdText}, {State})";

    /// <summary>
    /// Throws unless the descriptor is opened (Lwt's <c>Lwt_unix.check_descriptor</c>): for code that
    /// builds its own operations on <see cref="Fd"/>.
    /// </summary>
    /// <exception cref="UnixException">EBADF (call <c>check_descriptor</c>) when the descriptor is closed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void CheckDescriptor() => CheckDescriptor("check_descriptor");

    /// <summary>Lwt's <c>check_descriptor</c>: throws, naming <paramref name="call"/>, unless the descriptor is opened.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CheckDescriptor(string call)
    {
        if (State != FileDescriptorState.Opened)
        {
            ThrowNotOpened(call);
        }
    }

    /// <summary>The blocking mode, settling it (guess, set the flag) on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsBlockingCore()
    {
        if (!_blockingKnown)
        {
            SettleBlocking();
        }

        return _isBlocking;
    }

    private void ThrowNotOpened(string call)
    {
        if (State == FileDescriptorState.Aborted)
        {
            ExceptionDispatchInfo.Throw(_abortException!);
        }

        throw new UnixException(Libc.EBADF, call, FdText);
    }

    private int CloseCore()
    {
        State = FileDescriptorState.Closed;
        (IIoWait[] readers, IIoWait[] writers) = TakeAllWaiting();

        // Watches first: once closed, the number may be reused by a descriptor another watch needs.
        StopWatches();
        _handle.Dispose();
        RejectClosed(readers);
        RejectClosed(writers);
        return _handle.IsClosed ? _handle.CloseErrno : 0;
    }

    private void RejectClosed(IIoWait[] waits)
    {
        foreach (IIoWait wait in waits)
        {
            wait.Reject(new UnixException(Libc.EBADF, wait.Call, FdText));
        }
    }

    private static void RejectAll(IIoWait[] waits, Exception exception)
    {
        foreach (IIoWait wait in waits)
        {
            wait.Reject(exception);
        }
    }

    private unsafe void SettleBlocking()
    {
        bool blocking = _blockingRequested ?? GuessBlocking();
        if (_setFlags)
        {
            int flags = Libc.fcntl(_fd, Libc.F_GETFL, 0);
            if (flags < 0)
            {
                throw UnixException.FromLastError("fcntl", FdText);
            }

            int wanted = blocking ? flags & ~Libc.O_NONBLOCK : flags | Libc.O_NONBLOCK;
            if (wanted != flags && Libc.fcntl(_fd, Libc.F_SETFL, wanted) < 0)
            {
                throw UnixException.FromLastError("fcntl", FdText);
            }
        }

        _isBlocking = blocking;
        _blockingKnown = true;
    }

    /// <summary>
    /// Lwt's guess_blocking: pipes and sockets are non-blocking, anything else (regular files,
    /// terminals, devices, or a failed stat) is blocking. Lwt runs the fstat as a job; statx on an
    /// open descriptor does not block, so it runs here.
    /// </summary>
    private unsafe bool GuessBlocking()
    {
        byte* buffer = stackalloc byte[256];
        byte empty = 0;
        if (Libc.statx(_fd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE, buffer) != 0)
        {
            return true;
        }

        // struct statx: stx_mode is the __u16 at offset 28, on every architecture.
        int kind = *(ushort*)(buffer + 28) & Libc.S_IFMT;
        return kind != Libc.S_IFIFO && kind != Libc.S_IFSOCK;
    }

    private unsafe bool Poll(short events, string call)
    {
        var pfd = new PollFd { Fd = _fd, Events = events };
        while (true)
        {
            int n = Libc.poll(&pfd, 1, 0);
            if (n >= 0)
            {
                return n > 0 && (pfd.Revents & events) != 0;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                throw new UnixException(errno, call, FdText);
            }
        }
    }
}
