// LwtUnix.Paths.cs: names and permissions: unlink, rename, link, symlink, readlink, mkdir,
// rmdir, chdir, getcwd, chmod, chown. Jobs on the worker pool, like the rest of LwtUnix.

using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    private const int PathMax = 4096;

    /// <summary>Removes a name of a file (Lwt's <c>Lwt_unix.unlink</c>); the file goes when its last name and descriptor do.</summary>
    /// <param name="path">The name; not a directory (see <see cref="Rmdir"/>).</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>unlink(2)</c> fails (ENOENT, EISDIR...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Unlink(string path)
    {
        CheckPath(path);
        return Job(() => Check(Libc.unlink(path), "unlink", path));
    }

    /// <summary>Renames a file or directory, replacing <paramref name="destination"/> if it exists (Lwt's <c>Lwt_unix.rename</c>).</summary>
    /// <param name="source">The current name.</param>
    /// <param name="destination">The new name.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException">A path is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>rename(2)</c> fails; the argument is <paramref name="source"/>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Rename(string source, string destination)
    {
        CheckPath(source, nameof(source));
        CheckPath(destination, nameof(destination));
        return Job(() => Check(Libc.rename(source, destination), "rename", source));
    }

    /// <summary>Gives an existing file another name, a hard link (Lwt's <c>Lwt_unix.link</c>).</summary>
    /// <param name="source">The existing file.</param>
    /// <param name="destination">The new name; must not exist.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException">A path is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>link(2)</c> fails (EEXIST...); the argument is <paramref name="destination"/>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Link(string source, string destination)
    {
        CheckPath(source, nameof(source));
        CheckPath(destination, nameof(destination));
        return Job(() => Check(Libc.link(source, destination), "link", destination));
    }

    /// <summary>Makes a symbolic link <paramref name="linkPath"/> that points to <paramref name="target"/> (Lwt's <c>Lwt_unix.symlink</c>).</summary>
    /// <param name="target">What the link points to; it need not exist, and a relative target is relative to the link's folder.</param>
    /// <param name="linkPath">The link to make.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException">A path is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>symlink(2)</c> fails (EEXIST...); the argument is <paramref name="linkPath"/>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Symlink(string target, string linkPath)
    {
        CheckPath(target, nameof(target));
        CheckPath(linkPath, nameof(linkPath));
        return Job(() => Check(Libc.symlink(target, linkPath), "symlink", linkPath));
    }

    /// <summary>What a symbolic link points to (Lwt's <c>Lwt_unix.readlink</c>), as written in it.</summary>
    /// <param name="path">The link.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>readlink(2)</c> fails (EINVAL when not a link, ENOENT).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<string> Readlink(string path)
    {
        CheckPath(path);
        return Job(() => ReadlinkCore(path));
    }

    /// <summary>Makes a directory (Lwt's <c>Lwt_unix.mkdir</c>).</summary>
    /// <param name="path">The directory.</param>
    /// <param name="permissions">Its permissions, before the umask.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>mkdir(2)</c> fails (EEXIST, ENOENT...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Mkdir(string path, UnixFileMode permissions)
    {
        CheckPath(path);
        uint mode = (uint)permissions & 0xFFF;
        return Job(() => Check(Libc.mkdir(path, mode), "mkdir", path));
    }

    /// <summary>Makes a named pipe (Lwt's <c>Lwt_unix.mkfifo</c>); open it with <see cref="OpenFile"/>, which gives a non-blocking descriptor.</summary>
    /// <param name="path">The pipe to make.</param>
    /// <param name="permissions">Its permissions, before the umask.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>mkfifo(3)</c> fails (EEXIST...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Mkfifo(string path, UnixFileMode permissions)
    {
        CheckPath(path);
        uint mode = (uint)permissions & 0xFFF;
        return Job(() => Check(Libc.mkfifo(path, mode), "mkfifo", path));
    }

    /// <summary>Removes an empty directory (Lwt's <c>Lwt_unix.rmdir</c>).</summary>
    /// <param name="path">The directory.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>rmdir(2)</c> fails (ENOTEMPTY, ENOTDIR...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Rmdir(string path)
    {
        CheckPath(path);
        return Job(() => Check(Libc.rmdir(path), "rmdir", path));
    }

    /// <summary>
    /// Changes the working directory of the whole process (Lwt's <c>Lwt_unix.chdir</c>). Relative
    /// paths given to calls that are already running on workers may be resolved against either folder.
    /// </summary>
    /// <param name="path">The new working directory.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>chdir(2)</c> fails (ENOENT, ENOTDIR...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Chdir(string path)
    {
        CheckPath(path);
        return Job(() => Check(Libc.chdir(path), "chdir", path));
    }

    /// <summary>The working directory of the process (Lwt's <c>Lwt_unix.getcwd</c>).</summary>
    /// <returns>Its absolute path.</returns>
    /// <exception cref="UnixException">Rejects the promise when <c>getcwd(3)</c> fails (ENOENT when the directory was removed).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<string> Getcwd() => Job(GetcwdCore);

    /// <summary>Sets the permissions of a file (Lwt's <c>Lwt_unix.chmod</c>).</summary>
    /// <param name="path">The file; symbolic links are followed.</param>
    /// <param name="permissions">The permission bits (set-id and sticky bits included).</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>chmod(2)</c> fails (EPERM, ENOENT...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Chmod(string path, UnixFileMode permissions)
    {
        CheckPath(path);
        uint mode = (uint)permissions & 0xFFF;
        return Job(() => Check(Libc.chmod(path, mode), "chmod", path));
    }

    /// <summary>Sets the owner and group of a file (Lwt's <c>Lwt_unix.chown</c>).</summary>
    /// <param name="path">The file; symbolic links are followed.</param>
    /// <param name="userId">The new owner, or -1 to keep it.</param>
    /// <param name="groupId">The new group, or -1 to keep it.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id is less than -1.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>chown(2)</c> fails (EPERM...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Chown(string path, int userId, int groupId)
    {
        CheckPath(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(userId, -1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId, -1);
        return Job(() => Check(Libc.chown(path, (uint)userId, (uint)groupId), "chown", path));
    }

    private static unsafe string ReadlinkCore(string path)
    {
        for (int size = PathMax; ; size *= 2)
        {
            byte[] buffer = new byte[size];
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.readlink(path, p, (nuint)size);
            }

            if (n < 0)
            {
                throw UnixException.FromLastError("readlink", path);
            }

            // A full buffer may mean a cut target: try again with more room.
            if (n < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)n);
            }
        }
    }

    private static unsafe string GetcwdCore()
    {
        for (int size = PathMax; ; size *= 2)
        {
            byte[] buffer = new byte[size];
            fixed (byte* p = buffer)
            {
                if (Libc.getcwd(p, (nuint)size) != null)
                {
                    return Marshal.PtrToStringUTF8((nint)p)!;
                }
            }

            if (Marshal.GetLastPInvokeError() != Libc.ERANGE)
            {
                throw UnixException.FromLastError("getcwd");
            }
        }
    }
}
