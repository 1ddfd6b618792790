// InputChannel.Read.cs: byte and block reads (Lwt's read_char, read_char_opt, read, read_into,
// read_into_exactly, read_chars). Each has a fast path for an idle channel whose buffer holds
// what is asked: it copies, and returns a cached promise. Otherwise it runs as one operation
// that holds the channel, refilling the buffer as often as it needs.

using System;
using System.Buffers;
using System.Text;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    /// <summary>Reads one byte (Lwt's <c>Lwt_io.read_char</c>: an OCaml char is a byte).</summary>
    /// <returns>The byte. Rejected with <see cref="System.IO.EndOfStreamException"/> at end of input.</returns>
    /// <remarks>
    /// Served by the buffer it completes at once and allocates nothing. Rejected with
    /// <see cref="ChannelClosedException"/> when the channel is closed, and with the read function's
    /// error. Canceling a read that waits rejects it with <see cref="CanceledException"/>.
    /// </remarks>
    public Promise<byte> ReadChar()
    {
        ChannelCore c = _core;
        if (CanRunNow && c.Ptr < c.Max)
        {
            return ResultCache.Byte(c.Buffer[c.Ptr++]);
        }

        return ReadCharSlow();
    }

    private async Promise<byte> ReadCharSlow()
    {
        int b = await TryReadCharCore();
        return b >= 0 ? (byte)b : throw EndOfInput();
    }

    /// <summary>Reads one byte, or null at end of input (Lwt's <c>Lwt_io.read_char_opt</c>).</summary>
    /// <returns>The byte, or null at end of input.</returns>
    /// <remarks>Same rules as <see cref="ReadChar"/>, with null instead of <see cref="System.IO.EndOfStreamException"/>.</remarks>
    public Promise<byte?> TryReadChar()
    {
        ChannelCore c = _core;
        if (CanRunNow && c.Ptr < c.Max)
        {
            return ResultCache.OptionalByte(c.Buffer[c.Ptr++]);
        }

        return TryReadCharSlow();
    }

    private async Promise<byte?> TryReadCharSlow()
    {
        int b = await TryReadCharCore();
        return b >= 0 ? (byte)b : null;
    }

    private async Promise<int> TryReadCharCore()
    {
        await Acquire();
        try
        {
            ChannelCore c = _core;
            if (c.Ptr == c.Max && await Refill() == 0)
            {
                return -1;
            }

            return _core.Buffer[_core.Ptr++];
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes (Lwt's <c>Lwt_io.read ~count</c>): what the buffer holds,
    /// or what one refill brings when it is empty.
    /// </summary>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>
    /// The bytes, possibly fewer than asked; empty at end of input (never an exception for it). A
    /// <paramref name="count"/> of 0 gives an empty array, after a refill when the buffer is empty, as in Lwt.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <remarks>Rejected with <see cref="ChannelClosedException"/> when the channel is closed; canceling a read that waits rejects it with <see cref="CanceledException"/>.</remarks>
    public Promise<byte[]> Read(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return ReadSlow(count);
    }

    private async Promise<byte[]> ReadSlow(int count)
    {
        // A count of 0 is an operation like any other, as in Lwt: it waits its turn, and on an
        // empty buffer it refills (keeping what comes) before returning nothing.
        await Acquire();
        try
        {
            ChannelCore c = _core;
            if (c.Ptr == c.Max && await Refill() == 0)
            {
                return [];
            }

            int n = Math.Min(count, c.Max - c.Ptr);
            byte[] result = c.Buffer.AsSpan(c.Ptr, n).ToArray();
            c.Ptr += n;
            return result;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes into <paramref name="buffer"/> (Lwt's <c>Lwt_io.read_into</c>):
    /// what the channel's buffer holds, or what one refill brings when it is empty.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>How many bytes were read; 0 at end of input or for an empty <paramref name="buffer"/> (then without I/O, once the operations queued before it are done).</returns>
    /// <remarks>
    /// Served by the buffer it completes at once and allocates nothing for counts up to 8192.
    /// Rejected with <see cref="ChannelClosedException"/> when the channel is closed; canceling a read
    /// that waits rejects it with <see cref="CanceledException"/> and reads nothing.
    /// </remarks>
    public Promise<int> ReadInto(Memory<byte> buffer)
    {
        ChannelCore c = _core;
        if (buffer.IsEmpty)
        {
            return CanRunNow ? ResultCache.Count(0) : ReadNothingInTurn();
        }

        if (CanRunNow)
        {
            return c.Ptr < c.Max ? ResultCache.Count(TakeInto(buffer.Span)) : RefillInto(buffer);
        }

        return ReadIntoSlow(buffer);
    }

    /// <summary>An empty ReadInto on a busy or closed channel: 0 in its turn, or the channel's closed error, as Lwt's read_into.</summary>
    private async Promise<int> ReadNothingInTurn()
    {
        await Acquire();
        Release();
        return 0;
    }

    /// <summary>
    /// ReadInto on an idle wrapper with an empty buffer: one refill, then what fits. A refill that
    /// waits copies into <paramref name="buffer"/> and ends the operation itself when it completes
    /// (<see cref="EndRefillInto"/>), so the read that waits is the refill's one promise, without an
    /// async frame around it: a server's read loop waits this way on every message.
    /// </summary>
    private Promise<int> RefillInto(Memory<byte> buffer)
    {
        _state = WrapperState.Busy;
        _refillDestination = buffer;
        Promise<int> io = Refill(this);
        if (io.IsPending)
        {
            return io;
        }

        if (io.IsFulfilled)
        {
            return ResultCache.Count(EndRefillInto(io.Result));
        }

        AbandonRefillInto();
        return io;
    }

    /// <summary>The refill of <see cref="RefillInto"/> brought <paramref name="n"/> bytes (0 at end of input): copies what fits and ends the operation.</summary>
    /// <returns>The count copied, ReadInto's result.</returns>
    internal int EndRefillInto(int n)
    {
        Memory<byte> destination = _refillDestination;
        _refillDestination = default;
        int taken = n == 0 ? 0 : TakeInto(destination.Span);
        Release();
        return taken;
    }

    /// <summary>The refill of <see cref="RefillInto"/> failed, or the channel was aborted while it waited: ends the operation without reading.</summary>
    internal void AbandonRefillInto()
    {
        _refillDestination = default;
        Release();
    }

    // The caller's memory while a RefillInto waits; the wrapper is busy until then, so one field serves.
    private Memory<byte> _refillDestination;

    private async Promise<int> ReadIntoSlow(Memory<byte> buffer)
    {
        await Acquire();
        try
        {
            ChannelCore c = _core;
            if (c.Ptr == c.Max && await Refill() == 0)
            {
                return 0;
            }

            return TakeInto(buffer.Span);
        }
        finally
        {
            Release();
        }
    }

    private int TakeInto(Span<byte> destination)
    {
        ChannelCore c = _core;
        int n = Math.Min(destination.Length, c.Max - c.Ptr);
        c.Buffer.AsSpan(c.Ptr, n).CopyTo(destination);
        c.Ptr += n;
        return n;
    }

    /// <summary>Fills <paramref name="buffer"/> completely (Lwt's <c>Lwt_io.read_into_exactly</c>), as one operation.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>
    /// Fulfilled once the buffer is full. Rejected with <see cref="System.IO.EndOfStreamException"/> when
    /// input ends first (the bytes read so far stay in <paramref name="buffer"/>).
    /// </returns>
    /// <remarks>
    /// Served by the buffer it completes at once and allocates nothing. Rejected with
    /// <see cref="ChannelClosedException"/> when the channel is closed; canceling it while it waits
    /// rejects it with <see cref="CanceledException"/>, with part of the bytes possibly consumed.
    /// </remarks>
    public Promise ReadExactly(Memory<byte> buffer)
    {
        ChannelCore c = _core;
        if (CanRunNow && c.Max - c.Ptr >= buffer.Length)
        {
            TakeInto(buffer.Span);
            return Promise.Unit;
        }

        return ReadExactlySlow(buffer);
    }

    private async Promise ReadExactlySlow(Memory<byte> buffer)
    {
        await Acquire();
        try
        {
            int done = 0;
            while (true)
            {
                done += TakeInto(buffer.Span[done..]);
                if (done == buffer.Length)
                {
                    return;
                }

                if (await Refill() == 0)
                {
                    throw EndOfInput();
                }
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Reads everything up to end of input as bytes (Lwt's <c>Lwt_io.read</c> without <c>count</c>).</summary>
    /// <returns>The bytes; empty when input has already ended.</returns>
    /// <remarks>Rejected with <see cref="ChannelClosedException"/> when the channel is closed and with the read function's error; canceling it rejects it with <see cref="CanceledException"/>, with the bytes read so far lost.</remarks>
    public async Promise<byte[]> ReadAllBytes()
    {
        await Acquire();
        byte[] accumulated = ArrayPool<byte>.Shared.Rent(_core.Size);
        int length = 0;
        try
        {
            while (true)
            {
                ChannelCore c = _core;
                int n = c.Max - c.Ptr;
                if (n > 0)
                {
                    Append(ref accumulated, length, c.Buffer.AsSpan(c.Ptr, n));
                    length += n;
                    c.Ptr = c.Max;
                }

                if (await Refill() == 0)
                {
                    return accumulated.AsSpan(0, length).ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(accumulated);
            Release();
        }
    }

    /// <summary>Reads everything up to end of input as text in the channel's <see cref="Channel.Encoding"/> (Lwt's <c>Lwt_io.read</c> without <c>count</c>).</summary>
    /// <returns>The text; empty when input has already ended. Bytes the encoding cannot decode become U+FFFD.</returns>
    /// <remarks>Same errors and cancellation as <see cref="ReadAllBytes"/>.</remarks>
    public async Promise<string> ReadAll()
    {
        Encoding encoding = _core.Encoding;
        return encoding.GetString(await ReadAllBytes());
    }

    /// <summary>Appends bytes to a pooled array, growing it (through the pool) when full.</summary>
    internal static void Append(ref byte[] accumulated, int length, ReadOnlySpan<byte> bytes)
    {
        if (accumulated.Length - length < bytes.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(accumulated.Length * 2, length + bytes.Length));
            accumulated.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(accumulated);
            accumulated = bigger;
        }

        bytes.CopyTo(accumulated.AsSpan(length));
    }

    /// <summary>The bytes of the channel as a stream (Lwt's <c>Lwt_io.read_chars</c>), one <see cref="TryReadChar"/> per element.</summary>
    /// <returns>A stream that ends at end of input; a read error ends it with that error. Not atomic: other reads may interleave.</returns>
    public Stream<byte> ReadChars() =>
        Stream.From(() => TryReadChar().Map(static b => b is byte value ? Option.Some(value) : Option<byte>.None));
}
