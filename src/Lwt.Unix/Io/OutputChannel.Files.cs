// OutputChannel.Files.cs: output channels over named files (Lwt's open_file ~mode:output,
// with_file ~mode:output, lines_to_file, chars_to_file, open_temp_file, with_temp_file).
// Built on LwtUnix.OpenFile and FromDescriptor: closing the channel flushes and closes the file.

using System;
using System.IO;
using Lwt.Unix;

namespace Lwt.Io;

public sealed partial class OutputChannel
{
    /// <summary>Lwt's default flags for <c>open_file ~mode:output</c>: write only, create, truncate, non-blocking.</summary>
    internal const OpenFlags DefaultWriteFlags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate | OpenFlags.NonBlocking;

    /// <summary>Lwt's default flags for <c>open_temp_file</c>: write only, create, exclusive, close-on-exec.</summary>
    internal const OpenFlags DefaultTempFlags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.CloseOnExec;

    /// <summary>
    /// Opens a file for writing (Lwt's <c>Lwt_io.open_file ~mode:output</c>). The channel can seek;
    /// closing it flushes it and closes the file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="flags">The open flags, used exactly as given; <c>WriteOnly | Create | Truncate | NonBlocking</c> when null.</param>
    /// <param name="permissions">The permissions of a file that <see cref="OpenFlags.Create"/> makes (0666 before the umask by default).</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <returns>The channel, which the caller closes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>, or <paramref name="flags"/> has an unknown bit.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>open(2)</c> fails (ENOENT, EACCES, EISDIR...).</exception>
    /// <remarks>
    /// The open is a job on a worker thread: canceling the promise withdraws it only while it waits for a
    /// worker; once running it completes and its descriptor is closed by the finalizer if nobody takes it.
    /// </remarks>
    public static Promise<OutputChannel> OpenFile(string path, OpenFlags? flags = null, UnixFileMode permissions = LwtUnix.DefaultFileMode, int? bufferSize = null)
    {
        LwtUnix.CheckPath(path);
        if (bufferSize is int s)
        {
            CheckBufferSize(s, nameof(bufferSize));
        }

        return LwtUnix.OpenFile(path, flags ?? DefaultWriteFlags, permissions).Map(fd => FromDescriptor(fd, bufferSize));
    }

    /// <summary>
    /// Opens a file for writing, passes the channel to <paramref name="f"/>, and closes (flushes) the
    /// channel however f ends (Lwt's <c>Lwt_io.with_file ~mode:output</c>). f may close the channel itself.
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="f">The function; an exception it throws or rejects with rejects the result after the close.</param>
    /// <param name="flags">As for <see cref="OpenFile"/>.</param>
    /// <param name="permissions">As for <see cref="OpenFile"/>.</param>
    /// <param name="bufferSize">As for <see cref="OpenFile"/>.</param>
    /// <returns>f's outcome once the channel is closed; a failing close replaces a fulfilled result with its error.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="UnixException">Rejects the promise when the open fails; f is then not called.</exception>
    /// <remarks>Canceling the result cancels the promise it waits on (the open or f's); the channel is closed all the same.</remarks>
    public static Promise<T> WithFile<T>(string path, Func<OutputChannel, Promise<T>> f, OpenFlags? flags = null, UnixFileMode permissions = LwtUnix.DefaultFileMode, int? bufferSize = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Use(OpenFile(path, flags, permissions, bufferSize), f);
    }

    private static async Promise<T> Use<T>(Promise<OutputChannel> opening, Func<OutputChannel, Promise<T>> f)
    {
        OutputChannel oc = await opening;
        try
        {
            return await f(oc);
        }
        finally
        {
            await oc.Close();
        }
    }

    /// <summary>Writes every line of <paramref name="lines"/>, each followed by a newline, to a file it creates or truncates (Lwt's <c>Lwt_io.lines_to_file</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="lines">The lines; the stream is read to its end.</param>
    /// <returns>A promise fulfilled once the file is written and closed. An open, write or stream error rejects it; the file is closed all the same.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    /// <remarks>Canceling the promise cancels the step it waits on; the file is closed all the same.</remarks>
    public static Promise LinesToFile(string path, Stream<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return WithFile(path, oc => oc.WriteLines(lines).Map(static () => 0));
    }

    /// <summary>Writes every byte of <paramref name="chars"/> to a file it creates or truncates (Lwt's <c>Lwt_io.chars_to_file</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="chars">The bytes; the stream is read to its end.</param>
    /// <returns>A promise fulfilled once the file is written and closed. An open, write or stream error rejects it; the file is closed all the same.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="chars"/> is null.</exception>
    /// <remarks>Canceling the promise cancels the step it waits on; the file is closed all the same.</remarks>
    public static Promise CharsToFile(string path, Stream<byte> chars)
    {
        ArgumentNullException.ThrowIfNull(chars);
        return WithFile(path, oc => oc.WriteChars(chars).Map(static () => 0));
    }

    /// <summary>
    /// Creates a new file with a random name and opens it for writing (Lwt's <c>Lwt_io.open_temp_file</c>).
    /// The caller deletes it (or see <see cref="WithTempFile"/>).
    /// </summary>
    /// <param name="directory">Where to create it; <see cref="System.IO.Path.GetTempPath"/> when null.</param>
    /// <param name="prefix">The start of the name; <c>lwt_io_temp_file_</c> when null.</param>
    /// <param name="suffix">The end of the name.</param>
    /// <param name="flags">The open flags, used exactly as given; <c>WriteOnly | Create | Exclusive | CloseOnExec</c> when null (keep Create and Exclusive, or an existing file may be opened).</param>
    /// <param name="permissions">The permissions of the new file (0666 before the umask by default).</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <returns>The file's path and the channel. A failing open is retried with a new name up to 1000 times, then its <see cref="UnixException"/> rejects the promise.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    /// <remarks>Canceling the promise cancels the open it waits on (see <see cref="OpenFile"/>); no further name is tried.</remarks>
    public static Promise<(string Path, OutputChannel Channel)> OpenTempFile(string? directory = null, string? prefix = null, string suffix = "", OpenFlags? flags = null, UnixFileMode permissions = LwtUnix.DefaultFileMode, int? bufferSize = null)
    {
        if (directory is not null)
        {
            LwtUnix.CheckPath(directory, nameof(directory));
        }

        ArgumentNullException.ThrowIfNull(suffix);
        if (bufferSize is int s)
        {
            CheckBufferSize(s, nameof(bufferSize));
        }

        return OpenTempFileCore(directory ?? System.IO.Path.GetTempPath(), prefix ?? "lwt_io_temp_file_", suffix, flags ?? DefaultTempFlags, permissions, bufferSize);
    }

    private static async Promise<(string Path, OutputChannel Channel)> OpenTempFileCore(string directory, string prefix, string suffix, OpenFlags flags, UnixFileMode permissions, int? bufferSize)
    {
        for (int attempt = 0; ; attempt++)
        {
            string path = TempName(directory, prefix, suffix);
            try
            {
                return (path, await OpenFile(path, flags, permissions, bufferSize));
            }
            catch (UnixException) when (attempt < 1000)
            {
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> with a new temporary file (<see cref="OpenTempFile"/>), then closes the
    /// channel and deletes the file however f ends (Lwt's <c>Lwt_io.with_temp_file</c>). f may close the channel itself.
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="f">Gets the path and the channel; an exception it throws or rejects with rejects the result after the clean-up.</param>
    /// <param name="directory">As for <see cref="OpenTempFile"/>.</param>
    /// <param name="prefix">As for <see cref="OpenTempFile"/>.</param>
    /// <param name="suffix">As for <see cref="OpenTempFile"/>.</param>
    /// <param name="flags">As for <see cref="OpenTempFile"/>.</param>
    /// <param name="permissions">As for <see cref="OpenTempFile"/>.</param>
    /// <param name="bufferSize">As for <see cref="OpenTempFile"/>.</param>
    /// <returns>f's outcome once the file is closed and deleted; a failing close or unlink replaces a fulfilled result with its error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <remarks>Canceling the result cancels the promise it waits on; the clean-up runs all the same.</remarks>
    public static Promise<T> WithTempFile<T>(Func<string, OutputChannel, Promise<T>> f, string? directory = null, string? prefix = null, string suffix = "", OpenFlags? flags = null, UnixFileMode permissions = LwtUnix.DefaultFileMode, int? bufferSize = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return UseTemp(OpenTempFile(directory, prefix, suffix, flags, permissions, bufferSize), f);
    }

    private static async Promise<T> UseTemp<T>(Promise<(string Path, OutputChannel Channel)> opening, Func<string, OutputChannel, Promise<T>> f)
    {
        (string path, OutputChannel oc) = await opening;
        try
        {
            return await f(path, oc);
        }
        finally
        {
            try
            {
                await oc.Close();
            }
            finally
            {
                await LwtUnix.Unlink(path);
            }
        }
    }

    /// <summary>A random name in <paramref name="directory"/>: prefix, six hex digits, suffix (Lwt's temp_file_name).</summary>
    internal static string TempName(string directory, string prefix, string suffix) =>
        System.IO.Path.Combine(directory, prefix + Random.Shared.Next(0x1000000).ToString("x6", System.Globalization.CultureInfo.InvariantCulture) + suffix);
}
