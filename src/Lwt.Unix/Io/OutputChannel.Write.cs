// OutputChannel.Write.cs: writes (Lwt's write_char, write, write_line, write_from,
// write_from_exactly, write_chars, write_lines). A write that fits in the free part of the buffer
// of an idle channel copies and returns a cached promise; otherwise it runs as one operation that
// holds the channel and flushes the buffer (partially, as often as needed) to make room.

using System;
using System.Buffers;
using System.Text;

namespace Lwt.Io;

public sealed partial class OutputChannel
{
    /// <summary>Writes one byte (Lwt's <c>Lwt_io.write_char</c>: an OCaml char is a byte).</summary>
    /// <param name="value">The byte.</param>
    /// <returns>
    /// Fulfilled once the byte is buffered; at once, without allocating, when there is room. Rejected
    /// with <see cref="ChannelClosedException"/> when the channel is closed, and with the write
    /// function's error when making room fails.
    /// </returns>
    /// <remarks>Canceling a write that waits rejects it with <see cref="CanceledException"/>; the byte is not written.</remarks>
    public Promise WriteChar(byte value)
    {
        ChannelCore c = _core;
        if (CanRunNow && c.Ptr < c.Max)
        {
            c.Buffer[c.Ptr++] = value;
            StartAutoFlush();
            return Promise.Unit;
        }

        return WriteCharSlow(value);
    }

    private async Promise WriteCharSlow(byte value)
    {
        await Acquire();
        try
        {
            // Lwt flushes until there is room: a write function may take none of the bytes.
            while (_core.Ptr == _core.Max)
            {
                await FlushPartial();
            }

            _core.Buffer[_core.Ptr++] = value;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Writes <paramref name="text"/> in the channel's <see cref="Channel.Encoding"/>, UTF-8 by default (Lwt's <c>Lwt_io.write</c>), as one operation.</summary>
    /// <param name="text">The text.</param>
    /// <returns>
    /// Fulfilled once all of it is buffered (the buffer is flushed as often as needed); at once, without
    /// allocating, when it fits. Rejected with <see cref="ChannelClosedException"/> when the channel is
    /// closed, and with the write function's error.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <remarks>Canceling a write that waits rejects it with <see cref="CanceledException"/>; a part of the text may have been written.</remarks>
    public Promise Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteText(text, newline: false);
    }

    /// <summary>Writes <paramref name="text"/> in the channel's <see cref="Channel.Encoding"/> followed by an encoded <c>"\n"</c> (Lwt's <c>Lwt_io.write_line</c>), as one operation.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Same as <see cref="Write"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <remarks>Same errors and cancellation as <see cref="Write"/>.</remarks>
    public Promise WriteLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteText(text, newline: true);
    }

    private Promise WriteText(string text, bool newline)
    {
        ChannelCore c = _core;
        Encoding encoding = c.Encoding;
        int extra = newline ? c.NewlineBytes.Length : 0;

        // The maximum byte count is cheap to compute, so a short text can skip counting (the
        // length bound keeps GetMaxByteCount from overflowing).
        if (CanRunNow && text.Length <= c.Size && (long)encoding.GetMaxByteCount(text.Length) + extra <= c.Max - c.Ptr
            || CanRunNow && (long)encoding.GetByteCount(text) + extra <= c.Max - c.Ptr)
        {
            c.Ptr += encoding.GetBytes(text, c.Buffer.AsSpan(c.Ptr));
            if (newline)
            {
                c.NewlineBytes.CopyTo(c.Buffer.AsSpan(c.Ptr));
                c.Ptr += extra;
            }

            StartAutoFlush();
            return Promise.Unit;
        }

        return WriteTextSlow(text, newline);
    }

    private async Promise WriteTextSlow(string text, bool newline)
    {
        Encoding encoding = _core.Encoding;
        byte[] newlineBytes = _core.NewlineBytes;
        int length = encoding.GetByteCount(text) + (newline ? newlineBytes.Length : 0);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int n = encoding.GetBytes(text, bytes);
            if (newline)
            {
                newlineBytes.CopyTo(bytes, n);
            }

            await Acquire();
            try
            {
                await WriteAllHeld(new ReadOnlyMemory<byte>(bytes, 0, length));
            }
            finally
            {
                Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Writes up to <c>buffer.Length</c> bytes (Lwt's <c>Lwt_io.write_from</c>): it fills the
    /// channel's buffer, flushes it once (one call of the write function), and goes on while that
    /// flush emptied the buffer. So it takes everything unless a flush left bytes in the buffer.
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <returns>
    /// How many bytes were taken: all of them, or fewer when the write function took only part of a
    /// full buffer (0 only for an empty <paramref name="buffer"/>); at once, without allocating for
    /// counts up to 8192, when they fit. Rejected with <see cref="ChannelClosedException"/> when the
    /// channel is closed, and with the write function's error (the bytes put in the buffer before it
    /// stay there).
    /// </returns>
    /// <remarks>Canceling a write that waits rejects it with <see cref="CanceledException"/>; the bytes put in the buffer before it stay there.</remarks>
    public Promise<int> WriteFrom(ReadOnlyMemory<byte> buffer)
    {
        ChannelCore c = _core;
        if (CanRunNow && buffer.Length <= c.Max - c.Ptr)
        {
            Put(buffer.Span);
            if (!buffer.IsEmpty)
            {
                StartAutoFlush();
            }

            return ResultCache.Count(buffer.Length);
        }

        return WriteFromSlow(buffer);
    }

    private async Promise<int> WriteFromSlow(ReadOnlyMemory<byte> buffer)
    {
        await Acquire();
        try
        {
            int done = 0;
            while (true)
            {
                done += Put(buffer.Span[done..]);
                if (done == buffer.Length)
                {
                    return done;
                }

                await FlushPartial();
                if (_core.Ptr != 0)
                {
                    return done;
                }
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Writes all of <paramref name="buffer"/> (Lwt's <c>Lwt_io.write_from_exactly</c>), as one operation.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <returns>
    /// Fulfilled once all of it is buffered; at once, without allocating, when it fits. Rejected with
    /// <see cref="ChannelClosedException"/> when the channel is closed, and with the write function's error.
    /// </returns>
    /// <remarks>Canceling a write that waits rejects it with <see cref="CanceledException"/>; a part of the bytes may have been written.</remarks>
    public Promise WriteFromExactly(ReadOnlyMemory<byte> buffer)
    {
        ChannelCore c = _core;
        if (CanRunNow && c.Max - c.Ptr >= buffer.Length)
        {
            Put(buffer.Span);
            StartAutoFlush();
            return Promise.Unit;
        }

        return WriteFromExactlySlow(buffer);
    }

    private async Promise WriteFromExactlySlow(ReadOnlyMemory<byte> buffer)
    {
        await Acquire();
        try
        {
            await WriteAllHeld(buffer);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Copies all of <paramref name="bytes"/> through the buffer, flushing when it is full; the caller holds the channel.</summary>
    private async Promise WriteAllHeld(ReadOnlyMemory<byte> bytes)
    {
        int done = 0;
        while (true)
        {
            done += Put(bytes.Span[done..]);
            if (done == bytes.Length)
            {
                return;
            }

            await FlushPartial();
        }
    }

    private int Put(ReadOnlySpan<byte> bytes)
    {
        ChannelCore c = _core;
        int n = Math.Min(bytes.Length, c.Max - c.Ptr);
        bytes[..n].CopyTo(c.Buffer.AsSpan(c.Ptr));
        c.Ptr += n;
        return n;
    }

    /// <summary>Writes each line of <paramref name="lines"/> with <see cref="WriteLine"/> (Lwt's <c>Lwt_io.write_lines</c>).</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>Fulfilled when the stream ends and every line is buffered; rejected with the first error of the stream or of a write.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    /// <remarks>Not atomic: other writes may come between lines. Canceling it cancels the write or stream read it waits for.</remarks>
    public Promise WriteLines(Stream<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.IterSequential(WriteLine);
    }

    /// <summary>Writes each byte of <paramref name="chars"/> with <see cref="WriteChar"/> (Lwt's <c>Lwt_io.write_chars</c>).</summary>
    /// <param name="chars">The bytes.</param>
    /// <returns>Fulfilled when the stream ends and every byte is buffered; rejected with the first error of the stream or of a write.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="chars"/> is null.</exception>
    /// <remarks>Not atomic: other writes may come between bytes. Canceling it cancels the write or stream read it waits for.</remarks>
    public Promise WriteChars(Stream<byte> chars)
    {
        ArgumentNullException.ThrowIfNull(chars);
        return chars.IterSequential(WriteChar);
    }

    /// <summary>Writes the lines of <see cref="Stream.Hexdump"/> for <paramref name="bytes"/> (<c>hexdump -C</c>'s layout with Lwt's <c>|</c> after the offset), one per 16 bytes (Lwt's <c>Lwt_io.hexdump_stream</c>).</summary>
    /// <param name="bytes">The bytes; read to their end.</param>
    /// <returns>Fulfilled when every line is buffered; rejected with the stream's or a write's error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <remarks>Not atomic, like <see cref="WriteLines"/>. Canceling it cancels the write or stream read it waits for.</remarks>
    public Promise Hexdump(Stream<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return WriteLines(Stream.Hexdump(bytes));
    }

    /// <summary>Writes the lines of <see cref="Stream.Hexdump"/> for <paramref name="bytes"/> (Lwt's <c>Lwt_io.hexdump</c>).</summary>
    /// <param name="bytes">The bytes; copied when the call is made.</param>
    /// <returns>Fulfilled when every line is buffered; rejected with a write's error.</returns>
    /// <remarks>Not atomic, like <see cref="WriteLines"/>. Canceling it cancels the write it waits for.</remarks>
    public Promise Hexdump(ReadOnlyMemory<byte> bytes) => Hexdump(Stream.OfArray(bytes.ToArray()));
}
