// LwtUnix.Directories.cs: listing directories: opendir, readdir, readdir_n, rewinddir,
// closedir, and files_of_directory as a Lwt stream that reads in chunks. Listings include "."
// and "..", as readdir(3) and Lwt do.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    /// <summary>How many names <see cref="FilesOfDirectory"/> reads per job (Lwt's chunk size).</summary>
    private const int ListingChunk = 1024;

    // struct dirent on 64-bit glibc: d_ino, d_off (8 bytes each), d_reclen (2), d_type (1), d_name.
    private const int DirentNameOffset = 19;

    /// <summary>Opens a directory for listing (Lwt's <c>Lwt_unix.opendir</c>).</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The handle, which the caller closes with <see cref="Closedir"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>opendir(3)</c> fails (ENOENT, ENOTDIR, EACCES).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<DirectoryHandle> Opendir(string path)
    {
        CheckPath(path);
        return Job(() =>
        {
            nint dir = Libc.opendir(path);
            if (dir == 0)
            {
                throw UnixException.FromLastError("opendir", path);
            }

            return new DirectoryHandle(dir, path);
        });
    }

    /// <summary>The next name in the directory, "." and ".." included (Lwt's <c>Lwt_unix.readdir</c>).</summary>
    /// <param name="directory">The open directory.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="EndOfStreamException">Rejects the promise when every name has been read (Lwt's <c>End_of_file</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise with EBADF (call <c>readdir</c>) when the handle is closed, or when <c>readdir(3)</c> fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<string> Readdir(DirectoryHandle directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.IsClosed)
        {
            return Promise.Fail<string>(new UnixException(Libc.EBADF, "readdir", directory.Path));
        }

        return Job(() => directory.Use(
            dir => NextName(dir, directory.Path) ?? throw new EndOfStreamException("readdir: no more entries in " + directory.Path),
            "readdir"));
    }

    /// <summary>
    /// Up to <paramref name="count"/> next names in one job (Lwt's <c>Lwt_unix.readdir_n</c>); fewer
    /// means the end of the directory was reached.
    /// </summary>
    /// <param name="directory">The open directory.</param>
    /// <param name="count">The most names to read.</param>
    /// <returns>The names, in the directory's order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="UnixException">Rejects the promise with EBADF (call <c>readdir_n</c>) when the handle is closed, or when <c>readdir(3)</c> fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<string[]> ReaddirN(DirectoryHandle directory, int count)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (directory.IsClosed)
        {
            return Promise.Fail<string[]>(new UnixException(Libc.EBADF, "readdir_n", directory.Path));
        }

        return Job(() => directory.Use(dir => NextNames(dir, directory.Path, count), "readdir_n"));
    }

    /// <summary>Starts the listing again from the first name (Lwt's <c>Lwt_unix.rewinddir</c>).</summary>
    /// <param name="directory">The open directory.</param>
    /// <returns>A promise fulfilled when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="UnixException">Rejects the promise with EBADF (call <c>rewinddir</c>) when the handle is closed.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Rewinddir(DirectoryHandle directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.IsClosed)
        {
            return Promise.Fail(new UnixException(Libc.EBADF, "rewinddir", directory.Path));
        }

        return Job(() => directory.Use(
            static dir =>
            {
                Libc.rewinddir(dir);
                return true;
            },
            "rewinddir"));
    }

    /// <summary>
    /// Closes the directory (Lwt's <c>Lwt_unix.closedir</c>). Runs on the loop, since
    /// <c>closedir(3)</c> does not block; if a worker is reading the directory, it is closed when that read ends.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="UnixException">Rejects the promise with EBADF (call <c>closedir</c>) when the handle is already closed, or when <c>closedir(3)</c> fails.</exception>
    public static Promise Closedir(DirectoryHandle directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.IsClosed)
        {
            return Promise.Fail(new UnixException(Libc.EBADF, "closedir", directory.Path));
        }

        int errno = directory.Close();
        return errno == 0 ? Promise.Unit : Promise.Fail(new UnixException(errno, "closedir", directory.Path));
    }

    /// <summary>
    /// The names in a directory, "." and ".." included, as a stream (Lwt's <c>Lwt_unix.files_of_directory</c>).
    /// The directory is opened when the first name is read, read 1024 names per job, and closed at
    /// the end or on an error; a stream dropped before its end leaves the directory to the finalizer.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <returns>The stream of names.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">
    /// Rejects the read that opens the directory when that fails (the next read tries again), or
    /// the read that reads it (the directory is then closed and the stream ends).
    /// </exception>
    /// <remarks>Canceling a read of the stream does not stop the job it started; the names it reads stay in the stream.</remarks>
    public static Stream<string> FilesOfDirectory(string path)
    {
        CheckPath(path);
        return new DirectoryListing(path).Stream;
    }

    /// <summary>On a worker holding the DIR*: the next name, or null at the end.</summary>
    private static unsafe string? NextName(nint dir, string path)
    {
        byte* entry = Libc.readdir(dir);
        if (entry == null)
        {
            // The generated stub clears errno before the call: 0 means the end, not an error.
            int errno = Marshal.GetLastPInvokeError();
            return errno == 0 ? null : throw new UnixException(errno, "readdir", path);
        }

        return Marshal.PtrToStringUTF8((nint)(entry + DirentNameOffset))!;
    }

    private static string[] NextNames(nint dir, string path, int count)
    {
        var names = new List<string>(Math.Min(count, ListingChunk));
        while (names.Count < count && NextName(dir, path) is { } name)
        {
            names.Add(name);
        }

        return names.ToArray();
    }

    /// <summary>The state behind <see cref="FilesOfDirectory"/>: not opened, reading, or done.</summary>
    private sealed class DirectoryListing
    {
        private readonly string _path;
        private DirectoryHandle? _handle;
        private string[] _chunk = [];
        private int _next;
        private bool _done;

        internal DirectoryListing(string path)
        {
            _path = path;
            Stream = Lwt.Stream.From(Next);
        }

        internal Stream<string> Stream { get; }

        private Promise<Option<string>> Next()
        {
            if (_next < _chunk.Length)
            {
                return Promise.Return(Option.Some(_chunk[_next++]));
            }

            if (_done)
            {
                return Promise.Return(Option.None<string>());
            }

            return _handle is null
                ? Opendir(_path).Bind(h =>
                {
                    _handle = h;
                    return ReadChunk(h);
                })
                : ReadChunk(_handle);
        }

        private Promise<Option<string>> ReadChunk(DirectoryHandle handle) =>
            ReaddirN(handle, ListingChunk).TryBind(
                names =>
                {
                    _chunk = names;
                    _next = 0;
                    if (names.Length < ListingChunk)
                    {
                        Finish();
                    }

                    return Next();
                },
                e =>
                {
                    Finish();
                    return Promise.Fail<Option<string>>(e);
                });

        private void Finish()
        {
            _done = true;
            _handle?.Dispose();
            _handle = null;
        }
    }
}
