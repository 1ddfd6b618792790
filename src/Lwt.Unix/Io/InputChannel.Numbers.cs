// InputChannel.Numbers.cs: binary numbers (Lwt's NumberIO.read_* in Lwt_io.LE and Lwt_io.BE).
// A number is read from a contiguous block of the buffer (Lwt's block): the fast path decodes it
// in place; the slow path refills, keeping the unread bytes, until the block is there.

using System;
using System.Buffers.Binary;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    private delegate T Decoder<T>(ReadOnlySpan<byte> bytes, bool bigEndian);

    private static readonly Decoder<short> s_int16 = static (b, big) => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);
    private static readonly Decoder<int> s_int32 = static (b, big) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    private static readonly Decoder<long> s_int64 = static (b, big) => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
    private static readonly Decoder<float> s_single = static (b, big) => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);
    private static readonly Decoder<double> s_double = static (b, big) => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);

    /// <summary>Reads a signed 16-bit integer (Lwt's <c>read_int16</c>: <c>"\xfe\xff"</c> little-endian is -2).</summary>
    /// <param name="order">The byte order.</param>
    /// <returns>The number. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before 2 bytes.</returns>
    /// <remarks>Rejected with <see cref="ChannelClosedException"/> when the channel is closed; canceling a read that waits rejects it with <see cref="CanceledException"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    public Promise<short> ReadInt16(ByteOrder order) => ReadNumber(sizeof(short), order, s_int16);

    /// <summary>Reads a signed 32-bit integer (Lwt's <c>read_int</c> and <c>read_int32</c>).</summary>
    /// <param name="order">The byte order.</param>
    /// <returns>The number. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before 4 bytes.</returns>
    /// <remarks>Same errors and cancellation as <see cref="ReadInt16"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    public Promise<int> ReadInt32(ByteOrder order) => ReadNumber(sizeof(int), order, s_int32);

    /// <summary>Reads a signed 64-bit integer (Lwt's <c>read_int64</c>).</summary>
    /// <param name="order">The byte order.</param>
    /// <returns>The number. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before 8 bytes.</returns>
    /// <remarks>Same errors and cancellation as <see cref="ReadInt16"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    public Promise<long> ReadInt64(ByteOrder order) => ReadNumber(sizeof(long), order, s_int64);

    /// <summary>Reads an IEEE 754 single-precision number (Lwt's <c>read_float32</c>).</summary>
    /// <param name="order">The byte order.</param>
    /// <returns>The number. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before 4 bytes.</returns>
    /// <remarks>Same errors and cancellation as <see cref="ReadInt16"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    public Promise<float> ReadSingle(ByteOrder order) => ReadNumber(sizeof(float), order, s_single);

    /// <summary>Reads an IEEE 754 double-precision number (Lwt's <c>read_float64</c>).</summary>
    /// <param name="order">The byte order.</param>
    /// <returns>The number. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before 8 bytes.</returns>
    /// <remarks>Same errors and cancellation as <see cref="ReadInt16"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="ByteOrder"/>.</exception>
    public Promise<double> ReadDouble(ByteOrder order) => ReadNumber(sizeof(double), order, s_double);

    internal static bool IsBigEndian(ByteOrder order) => order switch
    {
        ByteOrder.BigEndian => true,
        ByteOrder.LittleEndian => false,
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Not a byte order."),
    };

    private Promise<T> ReadNumber<T>(int size, ByteOrder order, Decoder<T> decode)
    {
        bool big = IsBigEndian(order);
        ChannelCore c = _core;
        if (CanRunNow && c.Max - c.Ptr >= size)
        {
            T value = decode(c.Buffer.AsSpan(c.Ptr, size), big);
            c.Ptr += size;
            return Promise.Return(value);
        }

        return ReadNumberSlow(size, big, decode);
    }

    private async Promise<T> ReadNumberSlow<T>(int size, bool big, Decoder<T> decode)
    {
        await Acquire();
        try
        {
            while (_core.Max - _core.Ptr < size)
            {
                if (await Refill() == 0)
                {
                    throw EndOfInput();
                }
            }

            ChannelCore c = _core;
            T value = decode(c.Buffer.AsSpan(c.Ptr, size), big);
            c.Ptr += size;
            return value;
        }
        finally
        {
            Release();
        }
    }
}
