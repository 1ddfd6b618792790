// OutputChannel.Numbers.cs: binary numbers (Lwt's NumberIO.write_* in Lwt_io.LE and Lwt_io.BE).
// A number is encoded into a contiguous block of the buffer: in place when there is room, else
// after flushing (partially, as often as needed) to make room.

using System;
using System.Buffers.Binary;

namespace Lwt.Io;

public sealed partial class OutputChannel
{
    private delegate void Encoder<T>(Span<byte> destination, T value, bool bigEndian);

    private static readonly Encoder<short> s_int16 = static (d, v, big) => { if (big) { BinaryPrimitives.WriteInt16BigEndian(d, v); } else { BinaryPrimitives.WriteInt16LittleEndian(d, v); } };
    private static readonly Encoder<int> s_int32 = static (d, v, big) => { if (big) { BinaryPrimitives.WriteInt32BigEndian(d, v); } else { BinaryPrimitives.WriteInt32LittleEndian(d, v); } };
    private static readonly Encoder<long> s_int64 = static (d, v, big) => { if (big) { BinaryPrimitives.WriteInt64BigEndian(d, v); } else { BinaryPrimitives.WriteInt64LittleEndian(d, v); } };
    private static readonly Encoder<float> s_single = static (d, v, big) => { if (big) { BinaryPrimitives.WriteSingleBigEndian(d, v); } else { BinaryPrimitives.WriteSingleLittleEndian(d, v); } };
    private static readonly Encoder<double> s_double = static (d, v, big) => { if (big) { BinaryPrimitives.WriteDoubleBigEndian(d, v); } else { BinaryPrimitives.WriteDoubleLittleEndian(d, v); } };

    /// <summary>Writes a 16-bit integer (Lwt's <c>write_int16</c>).</summary>
    /// <param name="value">The number.</param>
    /// <param name="order">The byte order.</param>
    /// <returns>
    /// Fulfilled once the 2 bytes are buffered; at once, without allocating, when there is room. Rejected
    /// with <see cref="ChannelClosedException"/> when the channel is closed, and with the write function's error.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    /// <remarks>Canceling a write that waits rejects it with <see cref="CanceledException"/>; nothing is written.</remarks>
    public Promise WriteInt16(short value, ByteOrder order) => WriteNumber(sizeof(short), value, order, s_int16);

    /// <summary>Writes a 32-bit integer (Lwt's <c>write_int</c> and <c>write_int32</c>).</summary>
    /// <param name="value">The number.</param>
    /// <param name="order">The byte order.</param>
    /// <returns>Fulfilled once the 4 bytes are buffered; same rules as <see cref="WriteInt16"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    /// <remarks>Same errors and cancellation as <see cref="WriteInt16"/>.</remarks>
    public Promise WriteInt32(int value, ByteOrder order) => WriteNumber(sizeof(int), value, order, s_int32);

    /// <summary>Writes a 64-bit integer (Lwt's <c>write_int64</c>).</summary>
    /// <param name="value">The number.</param>
    /// <param name="order">The byte order.</param>
    /// <returns>Fulfilled once the 8 bytes are buffered; same rules as <see cref="WriteInt16"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    /// <remarks>Same errors and cancellation as <see cref="WriteInt16"/>.</remarks>
    public Promise WriteInt64(long value, ByteOrder order) => WriteNumber(sizeof(long), value, order, s_int64);

    /// <summary>Writes an IEEE 754 single-precision number (Lwt's <c>write_float32</c>).</summary>
    /// <param name="value">The number.</param>
    /// <param name="order">The byte order.</param>
    /// <returns>Fulfilled once the 4 bytes are buffered; same rules as <see cref="WriteInt16"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    /// <remarks>Same errors and cancellation as <see cref="WriteInt16"/>.</remarks>
    public Promise WriteSingle(float value, ByteOrder order) => WriteNumber(sizeof(float), value, order, s_single);

    /// <summary>Writes an IEEE 754 double-precision number (Lwt's <c>write_float64</c>).</summary>
    /// <param name="value">The number.</param>
    /// <param name="order">The byte order.</param>
    /// <returns>Fulfilled once the 8 bytes are buffered; same rules as <see cref="WriteInt16"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    /// <remarks>Same errors and cancellation as <see cref="WriteInt16"/>.</remarks>
    public Promise WriteDouble(double value, ByteOrder order) => WriteNumber(sizeof(double), value, order, s_double);

    private Promise WriteNumber<T>(int size, T value, ByteOrder order, Encoder<T> encode)
    {
        bool big = InputChannel.IsBigEndian(order);
        ChannelCore c = _core;
        if (CanRunNow && c.Max - c.Ptr >= size)
        {
            encode(c.Buffer.AsSpan(c.Ptr, size), value, big);
            c.Ptr += size;
            StartAutoFlush();
            return Promise.Unit;
        }

        return WriteNumberSlow(size, value, big, encode);
    }

    private async Promise WriteNumberSlow<T>(int size, T value, bool big, Encoder<T> encode)
    {
        await Acquire();
        try
        {
            while (_core.Max - _core.Ptr < size)
            {
                await FlushPartial();
            }

            encode(_core.Buffer.AsSpan(_core.Ptr, size), value, big);
            _core.Ptr += size;
        }
        finally
        {
            Release();
        }
    }
}
