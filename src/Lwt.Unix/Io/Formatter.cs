// Formatter.cs: Lwt_fmt. A formatter is a TextWriter (OCaml's Format.formatter: where formatted
// text goes) plus a commit function that turns what the writer collected into promises of I/O.
// Printing formats into the writer at once, synchronously, then returns commit's promise; flushing
// flushes the writer (which queues a Flush order) then commits. of_channel's writer queues orders
// that commit applies to the channel in order; make_stream's writer pushes them to a stream.
//
// .NET has no counterpart of Format's boxes and break hints (`@[<v2>...@]`); the text is written
// as formatted, so the ported tests check text and orders, not layout.

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Lwt.Io;

/// <summary>
/// Lwt's <c>Lwt_fmt.formatter</c>: formatted printing that returns promises. Text goes to
/// <see cref="Writer"/> when a print method is called; the returned promise is the writing of the
/// pending text to the channel (or whatever the formatter commits to). Holes are formatted with the
/// invariant culture, as OCaml's <c>Format</c> does. Use a formatter on its loop's thread.
/// </summary>
/// <example>
/// <code>
/// Formatter f = Formatter.OfChannel(channel);
/// await f.Fprintf($"{name} has {count} items\n");
/// await f.Flush();
/// </code>
/// </example>
public sealed class Formatter
{
    [ThreadStatic]
    private static Formatter? t_stdout;

    [ThreadStatic]
    private static Formatter? t_stderr;

    private readonly Func<Promise> _commit;

    private Formatter(Func<Promise> commit, TextWriter writer)
    {
        _commit = commit;
        Writer = writer;
    }

    /// <summary>This thread's formatter on <see cref="OutputChannel.Stdout"/> (Lwt's <c>Lwt_fmt.stdout</c>).</summary>
    /// <exception cref="Lwt.Unix.UnixException">Duplicating descriptor 1 failed.</exception>
    public static Formatter Stdout => t_stdout ??= OfChannel(OutputChannel.Stdout);

    /// <summary>This thread's formatter on <see cref="OutputChannel.Stderr"/> (Lwt's <c>Lwt_fmt.stderr</c>).</summary>
    /// <exception cref="Lwt.Unix.UnixException">Duplicating descriptor 2 failed.</exception>
    public static Formatter Stderr => t_stderr ??= OfChannel(OutputChannel.Stderr);

    /// <summary>
    /// Where formatted text goes (Lwt's <c>get_formatter</c>, OCaml's <c>Format.formatter</c>). Writing to
    /// it directly queues text that the next print, <see cref="WritePending"/> or <see cref="Flush"/> commits.
    /// </summary>
    public TextWriter Writer { get; }

    /// <summary>
    /// Makes a formatter from a writer and a commit function (Lwt's <c>make_formatter ~commit ~fmt</c>).
    /// The print methods write to <paramref name="writer"/>, then return <paramref name="commit"/>'s promise.
    /// </summary>
    /// <param name="commit">Brings what <paramref name="writer"/> collected to its destination.</param>
    /// <param name="writer">Where formatted text goes.</param>
    /// <returns>The formatter.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Formatter Create(Func<Promise> commit, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(writer);
        return new Formatter(commit, writer);
    }

    /// <summary>
    /// A formatter that writes to <paramref name="channel"/> (Lwt's <c>of_channel</c>): printing queues
    /// orders, and the promise each print returns applies the queued orders to the channel, in order.
    /// The channel itself is flushed by <see cref="Flush"/> (or its own auto-flush).
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The formatter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="channel"/> is null.</exception>
    public static Formatter OfChannel(OutputChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var queue = new Queue<FormatOrder>();
        return new Formatter(() => WriteOrders(channel, queue), new OrderWriter(queue.Enqueue, null));
    }

    /// <summary>
    /// A formatter whose orders go to a stream (Lwt's <c>make_stream</c>): each piece of text and
    /// each flush becomes a <see cref="FormatOrder"/> pushed at once; commit does nothing. Disposing
    /// <see cref="Writer"/> ends the stream (Lwt ends it when the formatter is garbage collected).
    /// </summary>
    /// <returns>The stream of orders and the formatter.</returns>
    public static (Stream<FormatOrder> Orders, Formatter Formatter) MakeStream()
    {
        var (stream, push) = Stream.Create<FormatOrder>();
        var writer = new OrderWriter(push.Push, push.Close);
        return (stream, new Formatter(static () => Promise.Unit, writer));
    }

    /// <summary>Applies one order to a channel (Lwt's <c>write_order</c>): writes the text, or flushes.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="order">The order.</param>
    /// <returns>The channel's promise for the write or the flush; rejected as the channel's operation is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A text order's offset and length do not lie within its string.</exception>
    public static Promise WriteOrder(OutputChannel channel, FormatOrder order)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(order);
        switch (order)
        {
            case FormatOrder.Text t:
                ArgumentOutOfRangeException.ThrowIfNegative(t.Offset, nameof(order));
                ArgumentOutOfRangeException.ThrowIfNegative(t.Length, nameof(order));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(t.Offset, t.Value.Length - t.Length, nameof(order));
                return channel.Write(t.Offset == 0 && t.Length == t.Value.Length ? t.Value : t.Value.Substring(t.Offset, t.Length));
            default:
                return channel.Flush();
        }
    }

    /// <summary>Prints on <see cref="Stdout"/> (Lwt's <c>Lwt_fmt.printf</c>); see <see cref="Fprintf(FormatterInterpolatedStringHandler)"/>.</summary>
    /// <param name="text">The interpolated string.</param>
    /// <returns>The promise of the writing.</returns>
    public static Promise Printf(FormatterInterpolatedStringHandler text) => Stdout.Fprintf(text);

    /// <summary>Prints on <see cref="Stdout"/> with a composite format (Lwt's <c>Lwt_fmt.printf</c>).</summary>
    /// <param name="format">The composite format, e.g. "{0} = {1}".</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The promise of the writing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="format"/> is invalid.</exception>
    public static Promise Printf(string format, params object?[] args) => Stdout.Fprintf(format, args);

    /// <summary>Prints on <see cref="Stderr"/> (Lwt's <c>Lwt_fmt.eprintf</c>).</summary>
    /// <param name="text">The interpolated string.</param>
    /// <returns>The promise of the writing.</returns>
    public static Promise Eprintf(FormatterInterpolatedStringHandler text) => Stderr.Fprintf(text);

    /// <summary>Prints on <see cref="Stderr"/> with a composite format (Lwt's <c>Lwt_fmt.eprintf</c>).</summary>
    /// <param name="format">The composite format.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The promise of the writing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="format"/> is invalid.</exception>
    public static Promise Eprintf(string format, params object?[] args) => Stderr.Fprintf(format, args);

    /// <summary>
    /// Formats <paramref name="text"/> into <see cref="Writer"/> now, then commits (Lwt's <c>fprintf</c>).
    /// </summary>
    /// <param name="text">The interpolated string.</param>
    /// <returns>The promise of the commit: for a channel formatter, the writing of every pending order.
    /// Canceling it cancels the channel operation it waits on; a failed write rejects it.</returns>
    public Promise Fprintf(FormatterInterpolatedStringHandler text) => Kfprintf(static (_, p) => p, text);

    /// <summary>Formats a composite format into <see cref="Writer"/> now, then commits (Lwt's <c>fprintf</c>).</summary>
    /// <param name="format">The composite format.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The promise of the commit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="format"/> is invalid.</exception>
    public Promise Fprintf(string format, params object?[] args) => Kfprintf(static (_, p) => p, format, args);

    /// <summary>
    /// Formats <paramref name="text"/> into <see cref="Writer"/>, commits, and returns what
    /// <paramref name="continuation"/> makes of this formatter and the commit's promise (Lwt's <c>kfprintf</c>).
    /// </summary>
    /// <typeparam name="T">What the continuation returns.</typeparam>
    /// <param name="continuation">Receives the formatter and the commit's promise.</param>
    /// <param name="text">The interpolated string.</param>
    /// <returns>The continuation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="continuation"/> is null.</exception>
    public T Kfprintf<T>(Func<Formatter, Promise, T> continuation, FormatterInterpolatedStringHandler text)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Writer.Write(text.ToStringAndClear());
        return continuation(this, Commit());
    }

    /// <summary>As <see cref="Kfprintf{T}(Func{Formatter, Promise, T}, FormatterInterpolatedStringHandler)"/>, with a composite format.</summary>
    /// <typeparam name="T">What the continuation returns.</typeparam>
    /// <param name="continuation">Receives the formatter and the commit's promise.</param>
    /// <param name="format">The composite format.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The continuation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="continuation"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="format"/> is invalid.</exception>
    public T Kfprintf<T>(Func<Formatter, Promise, T> continuation, string format, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(format);
        Writer.Write(string.Format(CultureInfo.InvariantCulture, format, args));
        return continuation(this, Commit());
    }

    /// <summary>Ignores <paramref name="text"/>, whose holes are not even evaluated, and commits nothing (Lwt's <c>ifprintf</c>).</summary>
    /// <param name="text">The interpolated string.</param>
    /// <returns>A resolved promise.</returns>
    [SuppressMessage("Performance", "CA1822", Justification = "An instance method, as Lwt's ifprintf takes the formatter.")]
    public Promise Ifprintf(FormatterIgnoredInterpolatedStringHandler text)
    {
        _ = text;
        return Promise.Unit;
    }

    /// <summary>Ignores the format and its arguments (Lwt's <c>ifprintf</c>).</summary>
    /// <param name="format">The composite format; not parsed.</param>
    /// <param name="args">Its arguments; not formatted.</param>
    /// <returns>A resolved promise.</returns>
    [SuppressMessage("Performance", "CA1822", Justification = "An instance method, as Lwt's ifprintf takes the formatter.")]
    public Promise Ifprintf(string format, params object?[] args)
    {
        _ = format;
        _ = args;
        return Promise.Unit;
    }

    /// <summary>Ignores <paramref name="text"/> and returns <paramref name="continuation"/>'s result for a resolved promise (Lwt's <c>ikfprintf</c>).</summary>
    /// <typeparam name="T">What the continuation returns.</typeparam>
    /// <param name="continuation">Receives the formatter and a resolved promise.</param>
    /// <param name="text">The interpolated string; its holes are not evaluated.</param>
    /// <returns>The continuation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="continuation"/> is null.</exception>
    public T Ikfprintf<T>(Func<Formatter, Promise, T> continuation, FormatterIgnoredInterpolatedStringHandler text)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        _ = text;
        return continuation(this, Promise.Unit);
    }

    /// <summary>Ignores the format and returns <paramref name="continuation"/>'s result for a resolved promise (Lwt's <c>ikfprintf</c>).</summary>
    /// <typeparam name="T">What the continuation returns.</typeparam>
    /// <param name="continuation">Receives the formatter and a resolved promise.</param>
    /// <param name="format">The composite format; not parsed.</param>
    /// <param name="args">Its arguments; not formatted.</param>
    /// <returns>The continuation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="continuation"/> is null.</exception>
    public T Ikfprintf<T>(Func<Formatter, Promise, T> continuation, string format, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        _ = format;
        _ = args;
        return continuation(this, Promise.Unit);
    }

    /// <summary>
    /// Flushes <see cref="Writer"/> (for a channel or stream formatter: queues a flush order) and
    /// commits (Lwt's <c>flush</c>): for a channel formatter, every pending text is written and the channel flushed.
    /// </summary>
    /// <returns>The promise of the commit; rejected when a write or the flush fails.</returns>
    public Promise Flush()
    {
        Writer.Flush();
        return Commit();
    }

    /// <summary>
    /// Commits what is pending without flushing <see cref="Writer"/> or the channel (Lwt's
    /// <c>write_pending</c>); low level: <see cref="Flush"/> is what most code wants.
    /// </summary>
    /// <returns>The promise of the commit.</returns>
    public Promise WritePending() => Commit();

    /// <summary>The commit's promise; a commit function that throws gives a rejected promise, as Lwt's binds do.</summary>
    private Promise Commit()
    {
        try
        {
            return _commit();
        }
        catch (Exception e) when (ExceptionFilter.Run(e))
        {
            return Promise.Fail(e);
        }
    }

    private static async Promise WriteOrders(OutputChannel channel, Queue<FormatOrder> queue)
    {
        while (queue.TryDequeue(out FormatOrder? order))
        {
            await WriteOrder(channel, order);
        }
    }

    /// <summary>A writer that turns text and flushes into orders.</summary>
    private sealed class OrderWriter(Action<FormatOrder> sink, Action? end) : TextWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => sink(new FormatOrder.Text(value.ToString(), 0, 1));

        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sink(new FormatOrder.Text(value, 0, value.Length));
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (count > 0)
            {
                sink(new FormatOrder.Text(new string(buffer, index, count), 0, count));
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (!buffer.IsEmpty)
            {
                sink(new FormatOrder.Text(buffer.ToString(), 0, buffer.Length));
            }
        }

        public override void Flush() => sink(new FormatOrder.Flush());

        // TextWriter's async methods run the synchronous ones on the thread pool, off the loop
        // that owns the orders; queuing an order never waits, so they all run here and now.
        public override Task WriteAsync(char value) => Run(() => Write(value));

        public override Task WriteAsync(string? value) => Run(() => Write(value));

        public override Task WriteAsync(char[] buffer, int index, int count) => Run(() => Write(buffer, index, count));

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Run(() => Write(buffer.Span));

        public override Task WriteLineAsync(char value) => Run(() => WriteLine(value));

        public override Task WriteLineAsync(string? value) => Run(() => WriteLine(value));

        public override Task WriteLineAsync(char[] buffer, int index, int count) => Run(() => WriteLine(buffer, index, count));

        public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Run(() => WriteLine(buffer.Span));

        public override Task WriteLineAsync() => Run(WriteLine);

        public override Task FlushAsync() => Run(Flush);

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Run(Flush);

        private static Task Run(Action write)
        {
            try
            {
                write();
                return Task.CompletedTask;
            }
            catch (Exception e) when (ExceptionFilter.Run(e))
            {
                return Task.FromException(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                end?.Invoke();
            }

            base.Dispose(disposing);
        }
    }
}
