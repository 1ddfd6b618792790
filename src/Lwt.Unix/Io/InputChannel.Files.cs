// InputChannel.Files.cs: input channels over named files (Lwt's open_file ~mode:input,
// with_file ~mode:input, lines_of_file, chars_of_file). Built on LwtUnix.OpenFile and
// FromDescriptor: closing the channel closes the file.

using System;
using System.IO;
using Lwt.Unix;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    /// <summary>Lwt's default flags for <c>open_file ~mode:input</c>: read only, non-blocking.</summary>
    internal const OpenFlags DefaultReadFlags = OpenFlags.ReadOnly | OpenFlags.NonBlocking;

    /// <summary>
    /// Opens a file for reading (Lwt's <c>Lwt_io.open_file ~mode:input</c>). The channel can seek
    /// (<see cref="Channel.SetPosition"/>, <see cref="Channel.Length"/>); closing it closes the file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="flags">The open flags, used exactly as given; <c>ReadOnly | NonBlocking</c> when null.</param>
    /// <param name="permissions">The permissions of a file that <see cref="OpenFlags.Create"/> makes (none by default, as Lwt's <c>open_file ~mode:input</c>).</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <returns>The channel, which the caller closes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>, or <paramref name="flags"/> has an unknown bit.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>open(2)</c> fails (ENOENT, EACCES...).</exception>
    /// <remarks>
    /// The open is a job on a worker thread: canceling the promise withdraws it only while it waits for a
    /// worker; once running it completes and its descriptor is closed by the finalizer if nobody takes it.
    /// </remarks>
    public static Promise<InputChannel> OpenFile(string path, OpenFlags? flags = null, UnixFileMode permissions = UnixFileMode.None, int? bufferSize = null)
    {
        LwtUnix.CheckPath(path);
        if (bufferSize is int s)
        {
            CheckBufferSize(s, nameof(bufferSize));
        }

        return LwtUnix.OpenFile(path, flags ?? DefaultReadFlags, permissions).Map(fd => FromDescriptor(fd, bufferSize));
    }

    /// <summary>
    /// Opens a file for reading, passes the channel to <paramref name="f"/>, and closes the channel
    /// however f ends (Lwt's <c>Lwt_io.with_file ~mode:input</c>). f may close the channel itself.
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
    public static Promise<T> WithFile<T>(string path, Func<InputChannel, Promise<T>> f, OpenFlags? flags = null, UnixFileMode permissions = UnixFileMode.None, int? bufferSize = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise<InputChannel> opening = OpenFile(path, flags, permissions, bufferSize);
        return Use(opening, f);
    }

    private static async Promise<T> Use<T>(Promise<InputChannel> opening, Func<InputChannel, Promise<T>> f)
    {
        InputChannel ic = await opening;
        try
        {
            return await f(ic);
        }
        finally
        {
            await ic.Close();
        }
    }

    /// <summary>
    /// The lines of a file as a stream (Lwt's <c>Lwt_io.lines_of_file</c>). The file is opened when the
    /// first line is read and closed when the stream ends or a read fails.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream. The read that opens the file is rejected with <see cref="UnixException"/> if that fails (the next read tries again); a read error is passed to the read and ends the file (the next read gets the end).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <remarks>Canceling a read does not stop the read it started. A stream dropped before its end leaves the descriptor to its finalizer.</remarks>
    public static Stream<string> LinesOfFile(string path)
    {
        LwtUnix.CheckPath(path);
        return new FileItems<string>(path, static ic => ic.TryReadLine().Map(static line => line is not null ? Option.Some(line) : Option<string>.None)).Stream;
    }

    /// <summary>
    /// The bytes of a file as a stream (Lwt's <c>Lwt_io.chars_of_file</c>). The file is opened when the
    /// first byte is read and closed when the stream ends or a read fails.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream; errors as for <see cref="LinesOfFile"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <remarks>Canceling a read does not stop the read it started. A stream dropped before its end leaves the descriptor to its finalizer.</remarks>
    public static Stream<byte> CharsOfFile(string path)
    {
        LwtUnix.CheckPath(path);
        return new FileItems<byte>(path, static ic => ic.TryReadChar().Map(static b => b is byte value ? Option.Some(value) : Option<byte>.None)).Stream;
    }

    /// <summary>A stream over a file opened on first read and closed at its end or on error.</summary>
    private sealed class FileItems<T>
    {
        private readonly string _path;
        private readonly Func<InputChannel, Promise<Option<T>>> _read;
        private InputChannel? _channel;
        private bool _done;

        internal FileItems(string path, Func<InputChannel, Promise<Option<T>>> read)
        {
            _path = path;
            _read = read;
            Stream = Lwt.Stream.From(Next);
        }

        internal Stream<T> Stream { get; }

        private async Promise<Option<T>> Next()
        {
            if (_done)
            {
                return Option<T>.None;
            }

            _channel ??= await OpenFile(_path);
            Option<T> item;
            try
            {
                item = await _read(_channel);
            }
            catch
            {
                _done = true;
                await _channel.Close();
                throw;
            }

            if (!item.HasValue)
            {
                _done = true;
                await _channel.Close();
            }

            return item;
        }
    }
}
