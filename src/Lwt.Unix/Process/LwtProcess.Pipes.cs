// LwtProcess.Pipes.cs: Lwt_process's high-level functions: pread* (run a command, read its
// output), pwrite* (run a command, feed its input), pmap* (both). As in Lwt they close the pipe
// they used when done and do not wait for the child to exit (it is reaped when it does).
// Canceling one of the promise-returning functions kills the child (SIGKILL) and closes its pipes.

using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

public static partial class LwtProcess
{
    /// <summary>Runs a command and reads all its output (Lwt's <c>Lwt_process.pread</c>), as UTF-8 text.</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The output, once the child closed its standard output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>
    /// A failed spawn rejects the promise with <see cref="UnixException"/>; the timeout rejects it with
    /// <see cref="ChannelClosedException"/>. Canceling kills the child and rejects with <see cref="CanceledException"/>.
    /// </remarks>
    public static Promise<string> Pread(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null) =>
        Receive(command, timeout, environment, workingDirectory, stdin, stderr, static ic => ic.ReadAll());

    /// <summary>Runs a command and reads the first line of its output (Lwt's <c>Lwt_process.pread_line</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The line, without its end; then the pipe is closed (the child gets EPIPE if it writes more).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>
    /// No output at all rejects with <see cref="System.IO.EndOfStreamException"/>; other errors and
    /// cancellation as <see cref="Pread"/>.
    /// </remarks>
    public static Promise<string> PreadLine(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null) =>
        Receive(command, timeout, environment, workingDirectory, stdin, stderr, static ic => ic.ReadLine());

    /// <summary>Runs a command and streams its output, byte by byte (Lwt's <c>Lwt_process.pread_chars</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The bytes; the stream ends when the child closes its output, and the pipe is closed then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The spawn failed (thrown, since a stream cannot be rejected).</exception>
    public static Stream<byte> PreadChars(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null)
    {
        InputChannel ic = OpenProcessIn(command, timeout, environment, workingDirectory, stdin, stderr).Stdout;
        return ReadToEndThenClose(ic, static ic => ic.TryReadChar().Map(static b => b is byte value ? Option.Some(value) : Option<byte>.None));
    }

    /// <summary>Runs a command and streams its output, line by line (Lwt's <c>Lwt_process.pread_lines</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The lines; the stream ends when the child closes its output, and the pipe is closed then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The spawn failed (thrown, since a stream cannot be rejected).</exception>
    public static Stream<string> PreadLines(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null)
    {
        InputChannel ic = OpenProcessIn(command, timeout, environment, workingDirectory, stdin, stderr).Stdout;
        return LinesThenClose(ic);
    }

    /// <summary>Runs a command and writes <paramref name="text"/> (UTF-8) to its input, then closes it (Lwt's <c>Lwt_process.pwrite</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="text">The text.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>Resolved once the text is written and the pipe closed (not when the child exits).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>
    /// A child that exits without reading everything rejects the promise with <see cref="UnixException"/>
    /// EPIPE, unless what it did not read was still in the channel's buffer when the text was all
    /// written: the close's final flush fails then, and Lwt's close ignores that. A failed spawn
    /// rejects with <see cref="UnixException"/>. Canceling kills the child, also while the close's
    /// final flush waits for a child that does not read.
    /// </remarks>
    public static Promise Pwrite(
        Command command,
        string text,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Send(command, timeout, environment, workingDirectory, stdout, stderr, oc => oc.Write(text));
    }

    /// <summary>Runs a command and writes <paramref name="line"/> and a newline to its input (Lwt's <c>Lwt_process.pwrite_line</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="line">The line.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>Resolved once the line is written and the pipe closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="line"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>Errors and cancellation as <see cref="Pwrite"/>.</remarks>
    public static Promise PwriteLine(
        Command command,
        string line,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Send(command, timeout, environment, workingDirectory, stdout, stderr, oc => oc.WriteLine(line));
    }

    /// <summary>Runs a command and writes the bytes of <paramref name="chars"/> to its input (Lwt's <c>Lwt_process.pwrite_chars</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="chars">The bytes.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>Resolved once the stream has ended, everything is written and the pipe closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="chars"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>Errors and cancellation as <see cref="Pwrite"/>; a failing stream rejects with its error.</remarks>
    public static Promise PwriteChars(
        Command command,
        Stream<byte> chars,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(chars);
        return Send(command, timeout, environment, workingDirectory, stdout, stderr, oc => oc.WriteChars(chars));
    }

    /// <summary>Runs a command and writes the lines of <paramref name="lines"/> to its input (Lwt's <c>Lwt_process.pwrite_lines</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="lines">The lines; a newline is written after each.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>Resolved once the stream has ended, everything is written and the pipe closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="lines"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>Errors and cancellation as <see cref="Pwrite"/>; a failing stream rejects with its error.</remarks>
    public static Promise PwriteLines(
        Command command,
        Stream<string> lines,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Send(command, timeout, environment, workingDirectory, stdout, stderr, oc => oc.WriteLines(lines));
    }

    /// <summary>
    /// Runs a command, writes <paramref name="text"/> to its input while reading all its output (Lwt's
    /// <c>Lwt_process.pmap</c>): a filter, <c>await Pmap(Command.Of("sort"), text)</c>.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="text">The input, UTF-8.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The output, once the input is written and the child closed its output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>
    /// Writing and reading run at once, so a child that writes before it has read everything does not
    /// block. A write error (EPIPE) rejects the promise. Canceling kills the child.
    /// </remarks>
    public static Promise<string> Pmap(
        Command command,
        string text,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Map(command, timeout, environment, workingDirectory, stderr, oc => oc.Write(text), static ic => ic.ReadAll());
    }

    /// <summary>Runs a command, writes <paramref name="line"/> and a newline to it, and reads one line back (Lwt's <c>Lwt_process.pmap_line</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="line">The line to send.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The first line of output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="line"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>Errors and cancellation as <see cref="Pmap"/>; no output rejects with <see cref="System.IO.EndOfStreamException"/>.</remarks>
    public static Promise<string> PmapLine(
        Command command,
        string line,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Map(command, timeout, environment, workingDirectory, stderr, oc => oc.WriteLine(line), static ic => ic.ReadLine());
    }

    /// <summary>Runs a command as a filter over a stream of bytes (Lwt's <c>Lwt_process.pmap_chars</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="chars">The input; written as it comes, then the child's input is closed.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The output bytes. A write error ends the stream with that error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="chars"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The spawn failed (thrown, since a stream cannot be rejected).</exception>
    public static Stream<byte> PmapChars(
        Command command,
        Stream<byte> chars,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(chars);
        ProcessInOut p = OpenProcess(command, timeout, environment, workingDirectory, stderr);
        Promise sender = SendTo(p, p.Stdin, oc => oc.WriteChars(chars));
        return Monitor(sender, ReadToEndThenClose(p.Stdout, static ic => ic.TryReadChar().Map(static b => b is byte value ? Option.Some(value) : Option<byte>.None)));
    }

    /// <summary>Runs a command as a filter over a stream of lines (Lwt's <c>Lwt_process.pmap_lines</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="lines">The input lines; written as they come, then the child's input is closed.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The output lines. A write error ends the stream with that error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="lines"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The spawn failed (thrown, since a stream cannot be rejected).</exception>
    public static Stream<string> PmapLines(
        Command command,
        Stream<string> lines,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ProcessInOut p = OpenProcess(command, timeout, environment, workingDirectory, stderr);
        Promise sender = SendTo(p, p.Stdin, oc => oc.WriteLines(lines));
        return Monitor(sender, LinesThenClose(p.Stdout));
    }

    private static Promise<T> Receive<T>(
        Command command,
        TimeSpan? timeout,
        ProcessEnvironment? environment,
        string? workingDirectory,
        Redirection? stdin,
        Redirection? stderr,
        Func<InputChannel, Promise<T>> read)
    {
        Check(command, timeout, workingDirectory, stdin, null, stderr);
        ProcessIn p;
        try
        {
            p = OpenProcessIn(command, timeout, environment, workingDirectory, stdin, stderr);
        }
        catch (UnixException e)
        {
            return Promise.Fail<T>(e);
        }

        return ReceiveFrom(p, p.Stdout, read);
    }

    private static Promise Send(
        Command command,
        TimeSpan? timeout,
        ProcessEnvironment? environment,
        string? workingDirectory,
        Redirection? stdout,
        Redirection? stderr,
        Func<OutputChannel, Promise> write)
    {
        Check(command, timeout, workingDirectory, null, stdout, stderr);
        ProcessOut p;
        try
        {
            p = OpenProcessOut(command, timeout, environment, workingDirectory, stdout, stderr);
        }
        catch (UnixException e)
        {
            return Promise.Fail(e);
        }

        return SendTo(p, p.Stdin, write);
    }

    private static Promise<T> Map<T>(
        Command command,
        TimeSpan? timeout,
        ProcessEnvironment? environment,
        string? workingDirectory,
        Redirection? stderr,
        Func<OutputChannel, Promise> write,
        Func<InputChannel, Promise<T>> read)
    {
        Check(command, timeout, workingDirectory, null, null, stderr);
        ProcessInOut p;
        try
        {
            p = OpenProcess(command, timeout, environment, workingDirectory, stderr);
        }
        catch (UnixException e)
        {
            return Promise.Fail<T>(e);
        }

        return MapCore(p, write, read);
    }

    /// <summary>Lwt's pmap: sender and getter start at once; wait for the sender, then the getter.</summary>
    private static async Promise<T> MapCore<T>(ProcessInOut p, Func<OutputChannel, Promise> write, Func<InputChannel, Promise<T>> read)
    {
        Promise sender = SendTo(p, p.Stdin, write);
        Promise<T> getter = ReceiveFrom(p, p.Stdout, read);
        try
        {
            await sender;
            return await getter;
        }
        catch (CanceledException)
        {
            getter.Cancel();
            p.TerminateQuietly();
            throw;
        }
    }

    /// <summary>Lwt's recv: read, then close the channel whatever happened; canceling kills the child.</summary>
    private static async Promise<T> ReceiveFrom<T>(ProcessNone p, InputChannel ic, Func<InputChannel, Promise<T>> read)
    {
        try
        {
            return await read(ic);
        }
        catch (CanceledException)
        {
            p.TerminateQuietly();
            throw;
        }
        finally
        {
            await ic.Close();
        }
    }

    /// <summary>Lwt's send: write, then close the channel whatever happened; canceling kills the child.</summary>
    private static async Promise SendTo(ProcessNone p, OutputChannel oc, Func<OutputChannel, Promise> write)
    {
        try
        {
            await write(oc);
        }
        catch (CanceledException)
        {
            p.TerminateQuietly();
            throw;
        }
        finally
        {
            await CloseOrAbortOnCancel(p, oc);
        }
    }

    /// <summary>
    /// Closes the child's input, whose final flush waits while the child does not read; canceling
    /// that wait kills the child and aborts the channel (as Lwt's close aborts when its flush fails),
    /// since the channel's own close cannot be canceled and a child that never reads would hold it.
    /// </summary>
    private static async Promise CloseOrAbortOnCancel(ProcessNone p, OutputChannel oc)
    {
        Promise closing = oc.Close();
        try
        {
            await closing.WrapInCancelable();
        }
        catch (CanceledException) when (closing.IsPending)
        {
            p.TerminateQuietly();
            await oc.AbortAsync();
            throw;
        }
    }

    /// <summary>Lwt's recv_chars/recv_lines: a stream that closes the channel at its end.</summary>
    private static Stream<T> ReadToEndThenClose<T>(InputChannel ic, Func<InputChannel, Promise<Option<T>>> next) =>
        Stream.From(() => NextThenClose(ic, next));

    private static Stream<string> LinesThenClose(InputChannel ic) =>
        ReadToEndThenClose(ic, static ic => ic.TryReadLine().Map(static line => line is not null ? Option.Some(line) : Option<string>.None));

    private static async Promise<Option<T>> NextThenClose<T>(InputChannel ic, Func<InputChannel, Promise<Option<T>>> next)
    {
        Option<T> item = await next(ic);
        if (!item.HasValue)
        {
            await ic.Close();
        }

        return item;
    }

    /// <summary>Lwt's monitor: the output stream, ended by the sender's error if writing failed.</summary>
    private static Stream<T> Monitor<T>(Promise sender, Stream<T> output)
    {
        bool reported = false;
        return Stream.From(async () =>
        {
            if (!reported && sender.IsRejected)
            {
                reported = true;
                await sender;
            }

            return await output.Get();
        });
    }
}
