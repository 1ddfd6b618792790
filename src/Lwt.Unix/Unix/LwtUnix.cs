// LwtUnix.cs: Lwt_unix's path-level calls (open, stat, access, truncate, utimes; links, renames,
// directories and permissions in the sibling files). The class is named LwtUnix because a class
// Unix would clash with the Lwt.Unix namespace, and UnixFile would hide that directories and the
// working directory live here too.
//
// Every call that may block (all of them touch the file system) runs as a job on the worker pool
// (Preemptive.Detach), as Lwt's jobs do, so the loop never waits for a disk or a slow network
// file system. Arguments are checked at once, on the loop thread, and bad ones throw; what the
// system call says comes back as a rejected promise with a UnixException that names the call and
// the path. A job cannot be stopped once a worker runs it, so these promises cannot be canceled
// then (Lwt's jobs are not cancelable either); canceling while the job waits for a free worker
// withdraws it.

using System;
using System.IO;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// Lwt's <c>Lwt_unix</c> calls on paths: open, stat, links, directories, permissions. Each runs the
/// system call on a worker thread (<see cref="Preemptive"/>) and returns a promise on the loop.
/// </summary>
/// <remarks>
/// Bad arguments (a null or empty path, a path with a NUL character, a negative length) throw at
/// once. A failed system call rejects the promise with a <see cref="UnixException"/> whose
/// <see cref="UnixException.Call"/> is the C call and whose <see cref="UnixException.Argument"/> is
/// the path. The promises can be canceled only while the call waits for a free worker.
/// </remarks>
public static partial class LwtUnix
{
    /// <summary>
    /// Opens a file (Lwt's <c>Lwt_unix.openfile</c>), close-on-exec unless <see cref="OpenFlags.KeepExec"/>
    /// is given. Regular files, terminals and devices come back in blocking mode (their reads and
    /// writes run on worker threads); pipes and sockets in non-blocking mode.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="flags">How to open it.</param>
    /// <param name="permissions">The permissions of a file that <see cref="OpenFlags.Create"/> makes (before the umask).</param>
    /// <returns>The descriptor, which the caller closes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> has an unknown bit.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>open(2)</c> fails (ENOENT, EACCES, EEXIST...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<FileDescriptor> OpenFile(string path, OpenFlags flags, UnixFileMode permissions = DefaultFileMode)
    {
        CheckPath(path);
        const OpenFlags known = OpenFlags.WriteOnly | OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Exclusive
            | OpenFlags.NoCtty | OpenFlags.Truncate | OpenFlags.Append | OpenFlags.NonBlocking | OpenFlags.DataSync
            | OpenFlags.Sync | OpenFlags.CloseOnExec | OpenFlags.KeepExec;
        if ((flags & ~known) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Unknown open flags.");
        }

        int native = (int)(flags & ~OpenFlags.KeepExec);
        if ((flags & OpenFlags.KeepExec) == 0)
        {
            native |= Libc.O_CLOEXEC;
        }

        uint mode = (uint)permissions & 0xFFF;
        return Job(() =>
        {
            int fd;
            do
            {
                fd = Libc.open(path, native, mode);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

            if (fd < 0)
            {
                throw UnixException.FromLastError("open", path);
            }

            // Wrapped here, on the worker, so that the finalizer closes it if the loop is gone
            // before the result arrives. The mode is left for the first use to settle (Lwt's
            // open job settles it at once; the outcome is the same).
            return FileDescriptor.FromRaw(fd);
        });
    }

    /// <summary>0666: what <see cref="OpenFile"/> gives a new file unless told otherwise; the umask takes away from it.</summary>
    internal const UnixFileMode DefaultFileMode = (UnixFileMode)0x1B6;

    /// <summary>The status of a file, following symbolic links (Lwt's <c>Lwt_unix.stat</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its status.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when the call fails (ENOENT...); the call is named <c>stat</c>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<FileStatus> Stat(string path)
    {
        CheckPath(path);
        return Job(() => StatCore(path, 0, "stat"));
    }

    /// <summary>The status of a file, not following a final symbolic link (Lwt's <c>Lwt_unix.lstat</c>).</summary>
    /// <param name="path">The file or link.</param>
    /// <returns>Its status; a link's kind is <see cref="FileKind.SymbolicLink"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when the call fails; the call is named <c>lstat</c>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<FileStatus> Lstat(string path)
    {
        CheckPath(path);
        return Job(() => StatCore(path, Libc.AT_SYMLINK_NOFOLLOW, "lstat"));
    }

    /// <summary>
    /// Whether a directory entry named <paramref name="path"/> exists (Lwt's <c>Lwt_unix.file_exists</c>):
    /// true when <c>stat</c> succeeds, false when it fails for any system reason (as Lwt, which
    /// answers false for EACCES too). A dangling symbolic link counts as missing.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>Whether it exists.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<bool> FileExists(string path)
    {
        CheckPath(path);
        return Job(() =>
        {
            byte* buffer = stackalloc byte[StatxSize];
            return Libc.statx_path(Libc.AT_FDCWD, path, Libc.AT_NO_AUTOMOUNT, Libc.STATX_TYPE, buffer) == 0;
        });
    }

    /// <summary>Checks that the process may use a file as <paramref name="mode"/> says (Lwt's <c>Lwt_unix.access</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">What to check; <see cref="AccessModes.Exists"/> checks only that it exists.</param>
    /// <returns>A promise fulfilled when the access is allowed.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> has an unknown bit.</exception>
    /// <exception cref="UnixException">Rejects the promise when the access is denied (EACCES) or the file is missing (ENOENT).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Access(string path, AccessModes mode)
    {
        CheckPath(path);
        if ((mode & ~(AccessModes.Read | AccessModes.Write | AccessModes.Execute)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown access mode.");
        }

        return Job(() => Check(Libc.access(path, (int)mode), "access", path));
    }

    /// <summary>Sets the length of a file, cutting it or extending it with zeros (Lwt's <c>Lwt_unix.truncate</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="length">The new length.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>truncate(2)</c> fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Truncate(string path, long length)
    {
        CheckPath(path);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Job(() => Check(Libc.truncate(path, length), "truncate", path));
    }

    /// <summary>
    /// Sets the access and modification times of a file (Lwt's <c>Lwt_unix.utimes</c>). Null stands
    /// for the current time (Lwt's <c>utimes path 0. 0.</c> sets both to now).
    /// </summary>
    /// <param name="path">The file; symbolic links are followed.</param>
    /// <param name="accessTime">The access time, or null for now.</param>
    /// <param name="modificationTime">The modification time, or null for now.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when the call fails (ENOENT, EPERM...); the call is named <c>utimes</c>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise Utimes(string path, DateTimeOffset? accessTime, DateTimeOffset? modificationTime)
    {
        CheckPath(path);
        Timespec access = ToTimespec(accessTime);
        Timespec modification = ToTimespec(modificationTime);
        return Job(() =>
        {
            Timespec* times = stackalloc Timespec[2];
            times[0] = access;
            times[1] = modification;
            return Check(Libc.utimensat(Libc.AT_FDCWD, path, times, 0), "utimes", path);
        });
    }

    /// <summary>The size of <c>struct statx</c>.</summary>
    internal const int StatxSize = 256;

    /// <summary>Throws the errno of a failed call (rc &lt; 0), naming the call and its argument; else returns true.</summary>
    internal static bool Check(int rc, string call, string argument) =>
        rc >= 0 ? true : throw UnixException.FromLastError(call, argument);

    /// <summary>Null, empty and NUL-carrying paths are the caller's error, not the file system's.</summary>
    internal static void CheckPath(string path, string paramName = "path")
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path cannot contain a NUL character.", paramName);
        }
    }

    private static unsafe FileStatus StatCore(string path, int flags, string call)
    {
        byte* buffer = stackalloc byte[StatxSize];
        // stat(2) and lstat(2), which Lwt calls, do not trigger automounts (the kernel adds
        // AT_NO_AUTOMOUNT for them); statx does unless asked not to.
        if (Libc.statx_path(Libc.AT_FDCWD, path, flags | Libc.AT_NO_AUTOMOUNT, Libc.STATX_BASIC_STATS, buffer) != 0)
        {
            throw UnixException.FromLastError(call, path);
        }

        return FileStatus.FromStatx(buffer);
    }

    private static Timespec ToTimespec(DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            return new Timespec { Seconds = 0, Nanoseconds = Libc.UTIME_NOW };
        }

        long ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new Timespec { Seconds = seconds, Nanoseconds = rest * 100 };
    }
}
