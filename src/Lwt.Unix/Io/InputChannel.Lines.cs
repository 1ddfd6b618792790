// InputChannel.Lines.cs: line reading (Lwt's read_line, read_line_opt, read_lines).
//
// Lwt's rule: a line ends at "\n", and a "\r" is dropped only when it comes right before that
// "\n"; any other "\r" is kept, including one right before end of input. End of input before the
// first byte of a line means no line (End_of_file); after at least one byte it ends the line.
// The bytes of a line are gathered raw and decoded once, so a "\r\n" or a UTF-8 sequence split
// across two refills is handled like any other. "\n" and "\r" are those of the channel's
// Encoding (Channel.Encoding.cs): one byte for UTF-8, two for UTF-16.

using System;
using System.Buffers;
using System.Collections.Generic;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    /// <summary>Reads one line of text in the channel's <see cref="Channel.Encoding"/> (UTF-8 by default) (Lwt's <c>Lwt_io.read_line</c>), without its <c>"\n"</c> or <c>"\r\n"</c>.</summary>
    /// <returns>
    /// The line. At end of input, a last line without <c>"\n"</c> is returned as it is (a final
    /// <c>"\r"</c> included); with no byte left the promise is rejected with <see cref="System.IO.EndOfStreamException"/>.
    /// </returns>
    /// <remarks>
    /// Rejected with <see cref="ChannelClosedException"/> when the channel is closed. Canceling a read
    /// that waits rejects it with <see cref="CanceledException"/>; the bytes of the line read so far are lost.
    /// Bytes the encoding cannot decode become U+FFFD.
    /// </remarks>
    public Promise<string> ReadLine()
    {
        string? line = TryReadBufferedLine();
        return line is not null ? Promise.Return(line) : ReadLineSlow();
    }

    private async Promise<string> ReadLineSlow() => await ReadLineCore() ?? throw EndOfInput();

    /// <summary>Reads one line, or null at end of input (Lwt's <c>Lwt_io.read_line_opt</c>).</summary>
    /// <returns>The line, or null when no byte is left.</returns>
    /// <remarks>Same rules as <see cref="ReadLine"/>, with null instead of <see cref="System.IO.EndOfStreamException"/>.</remarks>
    public Promise<string?> TryReadLine()
    {
        string? line = TryReadBufferedLine();
        return line is not null ? Promise.Return<string?>(line) : ReadLineCore();
    }

    /// <summary>The lines of the channel as a stream (Lwt's <c>Lwt_io.read_lines</c>), one <see cref="TryReadLine"/> per element.</summary>
    /// <returns>A stream that ends at end of input; a read error ends it with that error. Not atomic: other reads may interleave between lines.</returns>
    /// <remarks>For <c>await foreach</c>, <see cref="ReadLinesAsync"/> reads the same lines without a stream, and a line already buffered without a promise.</remarks>
    public Stream<string> ReadLines() =>
        Stream.From(() => TryReadLine().Map(static line => line is not null ? Option.Some(line) : Option<string>.None));

    /// <summary>
    /// The lines of the channel for <c>await foreach</c>, read as <see cref="TryReadLine"/> reads
    /// them, until end of input: Lwt's <c>read_lines</c> as an <see cref="IAsyncEnumerable{T}"/>.
    /// A line already in the buffer of an idle channel costs its string and nothing else; any
    /// other line (one that needs a refill, or waits for another operation on the channel) is
    /// read by <see cref="TryReadLine"/>, whose promise the enumerator waits on.
    /// </summary>
    /// <returns>
    /// The lines. Enumerating reads the channel (lines read are gone from it, and other reads may
    /// interleave between lines); the enumeration does not close it.
    /// </returns>
    /// <remarks>
    /// <para>
    /// Enumerate on the channel's thread (the loop's). A <c>MoveNextAsync</c> that waits completes
    /// when the refill does, on that thread; its continuation runs there (or is posted to the
    /// SynchronizationContext the awaiter captured).
    /// </para>
    /// <para>
    /// A read error or a closed channel (<see cref="ChannelClosedException"/>) faults
    /// <c>MoveNextAsync</c> as it rejects <see cref="TryReadLine"/>.
    /// Canceling the enumeration's token rejects a waiting <c>MoveNextAsync</c> with
    /// <see cref="CanceledException"/> (a token that can be canceled needs the current thread's
    /// SynchronizationContext, see <see cref="Promise.WithCancellation"/>: without one,
    /// <c>MoveNextAsync</c> throws <see cref="InvalidOperationException"/> and withdraws its read),
    /// and one called after with <see cref="OperationCanceledException"/>; disposing the enumerator
    /// withdraws a waiting read. Either way the bytes of that line read so far are lost and the
    /// channel stays open.
    /// </para>
    /// </remarks>
    public IAsyncEnumerable<string> ReadLinesAsync() => new ChannelLines(this);

    /// <summary>The fast path: a whole line already in the buffer of an idle channel, else null.</summary>
    internal string? TryReadBufferedLine()
    {
        ChannelCore c = _core;
        if (!CanRunNow)
        {
            return null;
        }

        ReadOnlySpan<byte> window = c.Buffer.AsSpan(c.Ptr, c.Max - c.Ptr);
        int newline = IndexOfNewline(window, c.NewlineBytes);
        if (newline < 0)
        {
            return null;
        }

        c.Ptr += newline + c.NewlineBytes.Length;
        return DecodeLine(window[..newline]);
    }

    /// <summary>
    /// The offset of the first encoded newline in <paramref name="bytes"/>, which starts a line; a
    /// newline wider than a byte only counts at a multiple of its width (a UTF-16 unit boundary).
    /// </summary>
    private static int IndexOfNewline(ReadOnlySpan<byte> bytes, byte[] newline)
    {
        if (newline.Length == 1)
        {
            return bytes.IndexOf(newline[0]);
        }

        int unit = newline.Length;
        for (int i = 0; i + unit <= bytes.Length; i += unit)
        {
            if (bytes.Slice(i, unit).SequenceEqual(newline))
            {
                return i;
            }
        }

        return -1;
    }

    private string DecodeLine(ReadOnlySpan<byte> line)
    {
        ChannelCore c = _core;
        byte[] ret = c.ReturnBytes;

        // A one-byte "\r" (UTF-8, Latin-1) is one comparison; EndsWith would call SequenceEqual.
        if (ret.Length == 1 ? line.Length > 0 && line[^1] == ret[0] : line.EndsWith(ret))
        {
            line = line[..^ret.Length];
        }

        return c.Decode(line);
    }

    private async Promise<string?> ReadLineCore()
    {
        await Acquire();
        byte[]? accumulated = null;
        int length = 0;
        try
        {
            ChannelCore c = _core;
            int unit = c.NewlineBytes.Length;
            while (true)
            {
                if (c.Ptr == c.Max)
                {
                    if (await Refill() == 0)
                    {
                        // End of input: a partial line is a line, "\r" and all.
                        return length == 0 ? null : c.Decode(accumulated.AsSpan(0, length));
                    }

                    continue;
                }

                ReadOnlySpan<byte> window = c.Buffer.AsSpan(c.Ptr, c.Max - c.Ptr);
                if (unit > 1)
                {
                    // A wide newline may straddle two refills: gather the window, search the whole
                    // line from the last unit boundary searched, and give back what follows it.
                    accumulated ??= ArrayPool<byte>.Shared.Rent(Math.Max(window.Length, 256));
                    int searched = length / unit * unit;
                    Append(ref accumulated, length, window);
                    length += window.Length;
                    c.Ptr = c.Max;
                    int found = IndexOfNewline(accumulated.AsSpan(searched, length - searched), c.NewlineBytes);
                    if (found >= 0)
                    {
                        int end = searched + found;
                        c.Ptr -= length - (end + unit);
                        return DecodeLine(accumulated.AsSpan(0, end));
                    }

                    continue;
                }

                int newline = window.IndexOf(c.NewlineBytes[0]);
                if (newline >= 0)
                {
                    c.Ptr += newline + 1;
                    if (length == 0)
                    {
                        return DecodeLine(window[..newline]);
                    }

                    Append(ref accumulated!, length, window[..newline]);
                    return DecodeLine(accumulated.AsSpan(0, length + newline));
                }

                accumulated ??= ArrayPool<byte>.Shared.Rent(Math.Max(window.Length, 256));
                Append(ref accumulated, length, window);
                length += window.Length;
                c.Ptr = c.Max;
            }
        }
        finally
        {
            if (accumulated is not null)
            {
                ArrayPool<byte>.Shared.Return(accumulated);
            }

            Release();
        }
    }
}
