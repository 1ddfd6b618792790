// Channel.Files.cs: file-system helpers of Lwt_io that make no channel: file_length,
// create_temp_dir, with_temp_dir, delete_recursively. Built on LwtUnix (stat, mkdir, rmdir,
// unlink, files_of_directory), so every step is a job on the worker pool.

using System;
using System.IO;
using Lwt.Unix;

namespace Lwt.Io;

public abstract partial class Channel
{
    private const int Eisdir = 21;
    private const int Eexist = 17;

    /// <summary>
    /// The length in bytes of the file at <paramref name="path"/> (Lwt's <c>Lwt_io.file_length</c>),
    /// following symbolic links: as Lwt, it checks with <c>stat</c> that it is not a directory, then
    /// opens it for reading and seeks to its end (so a device gives its size, and a pipe fails).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>Its length.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">
    /// Rejects the promise when <c>stat</c>, <c>open</c> (EACCES...) or <c>lseek</c> (ESPIPE on a FIFO)
    /// fails, and with EISDIR, call <c>file_length</c> and argument <paramref name="path"/> when it is a
    /// directory (Lwt's rule).
    /// </exception>
    /// <remarks>Jobs on worker threads: canceling the promise withdraws a step only while it waits for a free worker.</remarks>
    public static Promise<long> FileLength(string path) =>
        LwtUnix.Stat(path).Bind(status => status.Kind == FileKind.Directory
            ? throw new UnixException(Eisdir, "file_length", path)
            : InputChannel.WithFile(path, static input => input.Length()));

    /// <summary>
    /// Creates a directory with a random name (Lwt's <c>Lwt_io.create_temp_dir</c>): prefix, six hex
    /// digits, suffix. The caller removes it (or see <see cref="WithTempDirectory"/>).
    /// </summary>
    /// <param name="parent">Where to create it; <see cref="System.IO.Path.GetTempPath"/> when null.</param>
    /// <param name="prefix">The start of the name; <c>lwt_io_temp_dir_</c> when null.</param>
    /// <param name="suffix">The end of the name.</param>
    /// <param name="permissions">Its permissions before the umask; 0755 when null.</param>
    /// <returns>Its path. A name that exists (EEXIST) is retried with a new one up to 1000 times; any other <see cref="UnixException"/> rejects the promise.</returns>
    /// <exception cref="ArgumentException"><paramref name="parent"/> is empty or has a NUL character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="suffix"/> is null.</exception>
    /// <remarks>Canceling the promise cancels the mkdir it waits on (withdrawn only while it waits for a worker); no further name is tried.</remarks>
    public static Promise<string> CreateTempDirectory(string? parent = null, string? prefix = null, string suffix = "", UnixFileMode? permissions = null)
    {
        if (parent is not null)
        {
            LwtUnix.CheckPath(parent, nameof(parent));
        }

        ArgumentNullException.ThrowIfNull(suffix);
        return CreateTempDirectoryCore(parent ?? System.IO.Path.GetTempPath(), prefix ?? "lwt_io_temp_dir_", suffix, permissions ?? (UnixFileMode)0x1ED);
    }

    private static async Promise<string> CreateTempDirectoryCore(string parent, string prefix, string suffix, UnixFileMode permissions)
    {
        for (int attempt = 0; ; attempt++)
        {
            string path = OutputChannel.TempName(parent, prefix, suffix);
            try
            {
                await LwtUnix.Mkdir(path, permissions);
                return path;
            }
            catch (UnixException e) when (e.Errno == Eexist && attempt < 1000)
            {
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> with a new temporary directory (<see cref="CreateTempDirectory"/>), then
    /// deletes it and everything in it however f ends (Lwt's <c>Lwt_io.with_temp_dir</c>).
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="f">Gets the directory's path; an exception it throws or rejects with rejects the result after the deletion.</param>
    /// <param name="parent">As for <see cref="CreateTempDirectory"/>.</param>
    /// <param name="prefix">As for <see cref="CreateTempDirectory"/>.</param>
    /// <param name="suffix">As for <see cref="CreateTempDirectory"/>.</param>
    /// <param name="permissions">As for <see cref="CreateTempDirectory"/>.</param>
    /// <returns>f's outcome once the directory is deleted; a failing deletion replaces a fulfilled result with its error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parent"/> is empty or has a NUL character.</exception>
    /// <remarks>Canceling the result cancels the promise it waits on; the deletion runs all the same.</remarks>
    public static Promise<T> WithTempDirectory<T>(Func<string, Promise<T>> f, string? parent = null, string? prefix = null, string suffix = "", UnixFileMode? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return UseTempDirectory(CreateTempDirectory(parent, prefix, suffix, permissions), f);
    }

    private static async Promise<T> UseTempDirectory<T>(Promise<string> creating, Func<string, Promise<T>> f)
    {
        string path = await creating;
        try
        {
            return await f(path);
        }
        finally
        {
            await DeleteRecursively(path);
        }
    }

    /// <summary>
    /// Deletes a directory and everything in it (Lwt's <c>Lwt_io.delete_recursively</c>). Symbolic links
    /// are removed, not followed. One job per entry: slow for large trees.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <returns>A promise fulfilled once it is gone.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise at the first failing listing, lstat, unlink or rmdir (ENOTDIR if <paramref name="path"/> is not a directory); what was deleted before stays deleted.</exception>
    /// <remarks>Canceling the promise cancels the step it waits on, which stops the deletion there.</remarks>
    public static Promise DeleteRecursively(string path)
    {
        LwtUnix.CheckPath(path);
        return DeleteRecursivelyCore(path);
    }

    private static async Promise<int> DeleteRecursivelyCore(string path)
    {
        System.Collections.Generic.List<string> names = await LwtUnix.FilesOfDirectory(path).ToList();
        foreach (string name in names)
        {
            if (name is "." or "..")
            {
                continue;
            }

            string child = System.IO.Path.Combine(path, name);
            FileStatus status = await LwtUnix.Lstat(child);
            if (status.Kind == FileKind.Directory)
            {
                await DeleteRecursivelyCore(child);
            }
            else
            {
                await LwtUnix.Unlink(child);
            }
        }

        await LwtUnix.Rmdir(path);
        return 0;
    }
}
