// FileDescriptor.Files.cs: Lwt_unix's calls on file descriptors of files: pread, pwrite, lseek,
// ftruncate, fsync, fdatasync, fstat, fchmod, fchown, isatty, dup, dup2. On a blocking
// descriptor (a regular file) they run on a worker thread, with the descriptor's SafeHandle
// counted so that Close cannot free the number under the call; pread and pwrite on a
// non-blocking descriptor follow read and write (try at once, wait on EAGAIN).

using System;
using System.IO;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes at <paramref name="fileOffset"/> without moving the
    /// file position (Lwt's <c>Lwt_unix.pread</c>): fulfilled with the number read, 0 at end of file.
    /// </summary>
    /// <param name="buffer">Where the bytes go; keep it untouched until the promise resolves.</param>
    /// <param name="fileOffset">Where in the file to read.</param>
    /// <returns>The number of bytes read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is negative.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>pread</c>) when the descriptor is closed. Rejects the promise
    /// when <c>pread(2)</c> fails (ESPIPE on a pipe or socket).
    /// </exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>On a blocking descriptor the read runs on a worker thread and cannot be canceled.</remarks>
    public unsafe Promise<int> PreadAsync(Memory<byte> buffer, long fileOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        CheckDescriptor("pread");
        if (IsBlockingCore())
        {
            DescriptorHandle handle = _handle;
            return LwtUnix.Job(() => handle.Use(fd => Positioned(fd, buffer, fileOffset, write: false), "pread"));
        }

        var wait = new PositionedWait(this, buffer, fileOffset, write: false);
        return AttemptOrEnqueue(wait, writable: false);
    }

    /// <summary>
    /// Writes up to <c>buffer.Length</c> bytes at <paramref name="fileOffset"/> without moving the
    /// file position (Lwt's <c>Lwt_unix.pwrite</c>): fulfilled with the number written, which may be fewer.
    /// </summary>
    /// <param name="buffer">The bytes; keep them untouched until the promise resolves.</param>
    /// <param name="fileOffset">Where in the file to write.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is negative.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF (call <c>pwrite</c>) when the descriptor is closed. Rejects the
    /// promise when <c>pwrite(2)</c> fails (ESPIPE on a pipe or socket, EBADF on a read-only file).
    /// </exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>On a blocking descriptor the write runs on a worker thread and cannot be canceled.</remarks>
    public unsafe Promise<int> PwriteAsync(ReadOnlyMemory<byte> buffer, long fileOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        CheckDescriptor("pwrite");
        Memory<byte> bytes = MemoryMarshal.AsMemory(buffer); // only read from
        if (IsBlockingCore())
        {
            DescriptorHandle handle = _handle;
            return LwtUnix.Job(() => handle.Use(fd => Positioned(fd, bytes, fileOffset, write: true), "pwrite"));
        }

        var wait = new PositionedWait(this, bytes, fileOffset, write: true);
        return AttemptOrEnqueue(wait, writable: true);
    }

    /// <summary>Moves the file position (Lwt's <c>Lwt_unix.lseek</c>, 64-bit as Lwt's <c>LargeFile.lseek</c>).</summary>
    /// <param name="offset">The offset from <paramref name="origin"/>; may be negative.</param>
    /// <param name="origin">From the start, the current position or the end (<c>SEEK_SET</c>, <c>SEEK_CUR</c>, <c>SEEK_END</c>).</param>
    /// <returns>The new position from the start of the file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="origin"/> is not one of the three.</exception>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>lseek(2)</c> fails (EINVAL, ESPIPE).</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise<long> LseekAsync(long offset, SeekOrigin origin)
    {
        if (origin is not (SeekOrigin.Begin or SeekOrigin.Current or SeekOrigin.End))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, "Not a seek origin.");
        }

        return FileJob("lseek", fd =>
        {
            long position = Libc.lseek(fd, offset, (int)origin);
            return position >= 0 ? position : throw UnixException.FromLastError("lseek", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    /// <summary>Sets the length of the file, cutting it or extending it with zeros (Lwt's <c>Lwt_unix.ftruncate</c>).</summary>
    /// <param name="length">The new length.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>ftruncate(2)</c> fails (EINVAL when not open for writing).</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise FtruncateAsync(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return FileJob("ftruncate", fd => Checked(Libc.ftruncate(fd, length), "ftruncate", fd));
    }

    /// <summary>Waits until the file's data and metadata are on disk (Lwt's <c>Lwt_unix.fsync</c>).</summary>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>fsync(2)</c> fails (EIO, EINVAL on a pipe).</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise FsyncAsync() => FileJob("fsync", static fd => Checked(Libc.fsync(fd), "fsync", fd));

    /// <summary>Waits until the file's data (and the metadata needed to read it) are on disk (Lwt's <c>Lwt_unix.fdatasync</c>).</summary>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>fdatasync(2)</c> fails.</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise FdatasyncAsync() => FileJob("fdatasync", static fd => Checked(Libc.fdatasync(fd), "fdatasync", fd));

    /// <summary>The status of the open file (Lwt's <c>Lwt_unix.fstat</c>).</summary>
    /// <returns>Its status.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when the call fails.</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public unsafe Promise<FileStatus> FstatAsync() => FileJob("fstat", static fd =>
    {
        byte* buffer = stackalloc byte[LwtUnix.StatxSize];
        byte empty = 0;
        if (Libc.statx(fd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, buffer) != 0)
        {
            throw UnixException.FromLastError("fstat", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return FileStatus.FromStatx(buffer);
    });

    /// <summary>Sets the permissions of the open file (Lwt's <c>Lwt_unix.fchmod</c>).</summary>
    /// <param name="permissions">The permission bits.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>fchmod(2)</c> fails.</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise FchmodAsync(UnixFileMode permissions)
    {
        uint mode = (uint)permissions & 0xFFF;
        return FileJob("fchmod", fd => Checked(Libc.fchmod(fd, mode), "fchmod", fd));
    }

    /// <summary>Sets the owner and group of the open file (Lwt's <c>Lwt_unix.fchown</c>).</summary>
    /// <param name="userId">The new owner, or -1 to keep it.</param>
    /// <param name="groupId">The new group, or -1 to keep it.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is less than -1.</exception>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed; rejects the promise when <c>fchown(2)</c> fails (EPERM).</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise FchownAsync(int userId, int groupId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(userId, -1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId, -1);
        return FileJob("fchown", fd => Checked(Libc.fchown(fd, (uint)userId, (uint)groupId), "fchown", fd));
    }

    /// <summary>Whether the descriptor is a terminal (Lwt's <c>Lwt_unix.isatty</c>).</summary>
    /// <returns>True for a terminal; false for anything else.</returns>
    /// <exception cref="UnixException">Thrown at once with EBADF when closed.</exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public Promise<bool> IsattyAsync() => FileJob("isatty", static fd => Libc.isatty(fd) == 1);

    /// <summary>
    /// A new descriptor for the same open file (Lwt's <c>Lwt_unix.dup</c>), in the same blocking mode.
    /// Both share the file position and the file status flags (O_NONBLOCK included).
    /// </summary>
    /// <param name="closeOnExec">Whether the copy is closed in programs this process executes (default).</param>
    /// <returns>The copy, which the caller closes.</returns>
    /// <exception cref="UnixException">EBADF when closed; <c>fcntl(F_DUPFD)</c> failed (EMFILE).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public FileDescriptor Dup(bool closeOnExec = true)
    {
        CheckDescriptor("dup");
        int fd = Libc.fcntl(_fd, closeOnExec ? Libc.F_DUPFD_CLOEXEC : Libc.F_DUPFD, 0);
        if (fd < 0)
        {
            throw UnixException.FromLastError("dup", FdText);
        }

        return new FileDescriptor(fd, _blockingKnown ? _isBlocking : _blockingRequested, _blockingKnown ? false : _setFlags) { _isSocket = _isSocket };
    }

    /// <summary>
    /// Makes <paramref name="destination"/>'s number refer to this descriptor's open file (Lwt's
    /// <c>Lwt_unix.dup2</c>); the file it referred to is closed. <paramref name="destination"/> takes
    /// this descriptor's blocking mode; operations waiting on it are rejected with EBADF (call
    /// <c>dup2</c>), since the file they waited on is gone.
    /// </summary>
    /// <param name="destination">The descriptor to redirect; it stays open.</param>
    /// <param name="closeOnExec">Whether <paramref name="destination"/> is closed in programs this process executes (default).</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="UnixException">EBADF when either is closed; <c>dup3(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when either is aborted.</exception>
    public void Dup2(FileDescriptor destination, bool closeOnExec = true)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckDescriptor("dup2");
        destination.CheckDescriptor("dup2");
        if (destination._fd != _fd)
        {
            // Watches first, as in Close: the engine must forget the file before the number changes files.
            (IIoWait[] readers, IIoWait[] writers) = destination.TakeAllWaiting();
            destination.StopWatches();
            if (Libc.dup3(_fd, destination._fd, closeOnExec ? Libc.O_CLOEXEC : 0) < 0)
            {
                UnixException e = UnixException.FromLastError("dup2", FdText);
                destination.RejectWith(readers, "dup2");
                destination.RejectWith(writers, "dup2");
                throw e;
            }

            destination.RejectWith(readers, "dup2");
            destination.RejectWith(writers, "dup2");
        }

        destination._blockingRequested = _blockingKnown ? _isBlocking : _blockingRequested;
        destination._setFlags = !_blockingKnown && _setFlags;
        destination._blockingKnown = false;
    }

    /// <summary>Tries the call once; if it has an outcome, the wait (never queued) is resolved with it, else it is queued.</summary>
    private Promise<int> AttemptOrEnqueue(PositionedWait wait, bool writable)
    {
        if (wait.Attempt())
        {
            wait.Complete();
            return wait;
        }

        return Enqueue(wait, writable);
    }

    /// <summary>
    /// Locks, unlocks or tests a region of the file (Lwt's <c>Lwt_unix.lockf</c>), with POSIX record
    /// locks (<c>fcntl</c>), as OCaml's <c>Unix.lockf</c> does. The region starts at the current
    /// position and spans <paramref name="length"/> bytes; 0 means to the end of the file (and
    /// beyond), a negative length the bytes before the position. Record locks belong to the
    /// process: they never conflict with locks this process holds.
    /// </summary>
    /// <param name="command">What to do.</param>
    /// <param name="length">The length of the region.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="command"/> is not a <see cref="LockCommand"/>.</exception>
    /// <exception cref="UnixException">
    /// Thrown at once with EBADF when closed. Rejects the promise when the lock is held elsewhere
    /// (EACCES or EAGAIN for <see cref="LockCommand.TryLock"/>, <see cref="LockCommand.TryReadLock"/>
    /// and <see cref="LockCommand.Test"/>), on a deadlock (EDEADLK), or when the descriptor is not
    /// open for writing (EBADF for write locks) or reading (read locks).
    /// </exception>
    /// <exception cref="Exception">Thrown at once with the abort exception when the descriptor is aborted.</exception>
    /// <remarks>
    /// A job on a worker thread: canceling withdraws it only while it waits for a free worker. A
    /// waiting <see cref="LockCommand.Lock"/> holds its worker until the lock is granted.
    /// </remarks>
    public unsafe Promise LockfAsync(LockCommand command, long length)
    {
        (int cmd, short type) = command switch
        {
            LockCommand.Unlock => (Libc.F_SETLK, Libc.F_UNLCK),
            LockCommand.Lock => (Libc.F_SETLKW, Libc.F_WRLCK),
            LockCommand.TryLock => (Libc.F_SETLK, Libc.F_WRLCK),
            LockCommand.Test => (Libc.F_GETLK, Libc.F_WRLCK),
            LockCommand.ReadLock => (Libc.F_SETLKW, Libc.F_RDLCK),
            LockCommand.TryReadLock => (Libc.F_SETLK, Libc.F_RDLCK),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a lock command."),
        };

        return FileJob("lockf", fd =>
        {
            // struct flock: l_type (short), l_whence (short), l_start (off_t at 8), l_len (off_t at 16), l_pid (int at 24).
            byte* flock = stackalloc byte[32];
            new Span<byte>(flock, 32).Clear();
            *(short*)flock = type;
            *(short*)(flock + 2) = (short)SeekOrigin.Current;
            *(long*)(flock + 8) = length < 0 ? length : 0;
            *(long*)(flock + 16) = length < 0 ? -length : length;
            int rc;
            do
            {
                rc = Libc.fcntl_lock(fd, cmd, flock);
            }
            while (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

            Checked(rc, "lockf", fd);
            if (cmd == Libc.F_GETLK && *(short*)flock != Libc.F_UNLCK)
            {
                throw new UnixException(Libc.EACCES, "lockf", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return true;
        });
    }

    /// <summary>Closes the descriptor in programs this process executes (Lwt's <c>Lwt_unix.set_close_on_exec</c>; <c>FD_CLOEXEC</c>).</summary>
    /// <exception cref="UnixException">EBADF when closed; <c>fcntl(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void SetCloseOnExec() => SetCloseOnExec(true, "set_close_on_exec");

    /// <summary>Keeps the descriptor open in programs this process executes (Lwt's <c>Lwt_unix.clear_close_on_exec</c>).</summary>
    /// <exception cref="UnixException">EBADF when closed; <c>fcntl(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void ClearCloseOnExec() => SetCloseOnExec(false, "clear_close_on_exec");

    private void SetCloseOnExec(bool on, string call)
    {
        CheckDescriptor(call);
        int flags = Libc.fcntl(_fd, Libc.F_GETFD, 0);
        if (flags < 0 || Libc.fcntl(_fd, Libc.F_SETFD, on ? flags | Libc.FD_CLOEXEC : flags & ~Libc.FD_CLOEXEC) < 0)
        {
            throw UnixException.FromLastError(call, FdText);
        }
    }

    private void RejectWith(IIoWait[] waits, string call)
    {
        foreach (IIoWait wait in waits)
        {
            wait.Reject(new UnixException(Libc.EBADF, call, FdText));
        }
    }

    /// <summary>Checks the state at once, then runs <paramref name="call"/> on a worker with the descriptor kept open.</summary>
    private Promise<T> FileJob<T>(string name, Func<int, T> call)
    {
        CheckDescriptor(name);
        DescriptorHandle handle = _handle;
        return LwtUnix.Job(() => handle.Use(call, name));
    }

    private static bool Checked(int rc, string call, int fd) =>
        rc >= 0 ? true : throw UnixException.FromLastError(call, fd.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static unsafe int Positioned(int fd, Memory<byte> buffer, long offset, bool write)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer.Span)
            {
                n = write ? Libc.pwrite(fd, p, (nuint)buffer.Length, offset) : Libc.pread(fd, p, (nuint)buffer.Length, offset);
            }

            if (n >= 0)
            {
                return (int)n;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                throw new UnixException(errno, write ? "pwrite" : "pread", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>pread or pwrite on a non-blocking descriptor (rare: most such descriptors cannot seek).</summary>
    private sealed class PositionedWait(FileDescriptor owner, Memory<byte> buffer, long offset, bool write)
        : IoWait<int>(owner, write ? "pwrite" : "pread")
    {
        public override unsafe bool Attempt()
        {
            while (true)
            {
                nint n;
                fixed (byte* p = buffer.Span)
                {
                    n = write ? Libc.pwrite(Owner.Fd, p, (nuint)buffer.Length, offset) : Libc.pread(Owner.Fd, p, (nuint)buffer.Length, offset);
                }

                if (n >= 0)
                {
                    return Done((int)n);
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    return false;
                }

                if (errno != Libc.EINTR)
                {
                    return Failed(new UnixException(errno, Call, Owner.FdText));
                }
            }
        }
    }
}
