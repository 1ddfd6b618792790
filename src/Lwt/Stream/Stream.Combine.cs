// Stream.Combine.cs: streams made from several streams (Lwt's combine, append, concat, flatten,
// choose) and whole-stream conversions of characters (to_string, hexdump). Like the transformers
// of Stream.T.Transform.cs, each is a From stream that reads its inputs as it is read.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Lwt.Internal;

namespace Lwt;

public static partial class Stream
{
    /// <summary>
    /// Pairs of the elements of two streams, read side by side (Lwt's <c>combine</c>); ends when
    /// either ends. Each read of the new stream reads both. A failure of either rejects that read.
    /// </summary>
    /// <typeparam name="T1">The type of the first elements.</typeparam>
    /// <typeparam name="T2">The type of the second elements.</typeparam>
    /// <param name="first">The first stream.</param>
    /// <param name="second">The second stream.</param>
    /// <returns>The stream of pairs.</returns>
    /// <exception cref="ArgumentNullException">A stream is null.</exception>
    public static Stream<(T1, T2)> Combine<T1, T2>(Stream<T1> first, Stream<T2> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return From(async () =>
        {
            Promise<Option<T1>> p1 = first.Get();
            Promise<Option<T2>> p2 = second.Get();
            Option<T1> x1 = await p1;
            Option<T2> x2 = await p2;
            return x1.HasValue && x2.HasValue ? (x1.Value, x2.Value) : default(Option<(T1, T2)>);
        });
    }

    /// <summary>The elements of <paramref name="first"/>, then those of <paramref name="second"/> (Lwt's <c>append</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="first">The first stream.</param>
    /// <param name="second">The stream read once the first has ended.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException">A stream is null.</exception>
    public static Stream<T> Append<T>(Stream<T> first, Stream<T> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        Stream<T> current = first;
        return From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                Option<T> x = await current.Get();
                storage.Restore();
                if (x.HasValue || ReferenceEquals(current, second))
                {
                    return x;
                }

                current = second;
            }
        });
    }

    /// <summary>The elements of each stream of <paramref name="streams"/> in turn (Lwt's <c>concat</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="streams">The streams.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> is null.</exception>
    public static Stream<T> Concat<T>(Stream<Stream<T>> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        Stream<T>? current = null;
        return From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                if (current is not null)
                {
                    Option<T> x = await current.Get();
                    storage.Restore();
                    if (x.HasValue)
                    {
                        return x;
                    }
                }

                Option<Stream<T>> s = await streams.Get();
                storage.Restore();
                if (!s.HasValue)
                {
                    return default;
                }

                current = s.Value ?? throw new InvalidOperationException("Stream.Concat: a stream of the stream is null.");
            }
        });
    }

    /// <summary>The elements of each list of <paramref name="lists"/>, in order (Lwt's <c>flatten</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="lists">The stream of lists.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lists"/> is null.</exception>
    public static Stream<T> Flatten<T>(Stream<IEnumerable<T>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return lists.MapList(static l => l);
    }

    /// <summary>
    /// The elements of several streams, in the order they arrive (Lwt's <c>choose</c>): a read
    /// is pending on every input, and the first to come (at random among those ready, as
    /// <see cref="Promise.Choose{T}(IEnumerable{Promise{T}})"/>) is the next element. A stream
    /// that ends is dropped; the new stream ends when all have. A failure of an input rejects the
    /// read of the new stream, in preference to elements of other inputs that are ready (as
    /// Lwt's choose); that input is read again by the next read (Lwt would keep reporting the same
    /// failure).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="streams">The streams.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> or one of them is null.</exception>
    public static Stream<T> Choose<T>(IEnumerable<Stream<T>> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);

        // Each pending read says which stream it reads; a failed one is rejected with a
        // ChooseInputFailure naming its stream, so that Promise.Choose takes it over the
        // elements of ready inputs, as Lwt.choose does. The newest read goes first, as in Lwt.
        var reads = new List<Promise<(Stream<T> Input, Option<T> Value)>>();
        foreach (Stream<T> s in streams)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(streams));
            reads.Add(ReadFrom(s));
        }

        return From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (reads.Count > 0)
            {
                Stream<T> input;
                Option<T> x;
                try
                {
                    (input, x) = await Promise.Choose(reads);
                }
                catch (ChooseInputFailure failure)
                {
                    storage.Restore();

                    // The input stays open after a failure (Lwt's rule for from streams): read it again next time.
                    reads.RemoveAt(reads.FindIndex(r => ReferenceEquals(r.Exception, failure)));
                    reads.Insert(0, ReadFrom((Stream<T>)failure.Input));

                    // Awaiting the failure rethrows the input's own error with its stack trace.
                    return await Promise.Fail<Option<T>>(failure.Error);
                }

                storage.Restore();
                reads.RemoveAt(reads.FindIndex(r => r.IsFulfilled && ReferenceEquals(r.Result.Input, input)));
                if (x.HasValue)
                {
                    reads.Insert(0, ReadFrom(input));
                    return x;
                }
            }

            return default;
        });

        static Promise<(Stream<T>, Option<T>)> ReadFrom(Stream<T> s) =>
            s.Get().TryBind(
                x => Promise.Return<(Stream<T>, Option<T>)>((s, x)),
                e => Promise.Fail<(Stream<T>, Option<T>)>(new ChooseInputFailure(s, e)));
    }

    /// <summary>The elements of several streams, in the order they arrive; see <see cref="Choose{T}(IEnumerable{Stream{T}})"/>.</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="streams">The streams.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> or one of them is null.</exception>
    public static Stream<T> Choose<T>(params Stream<T>[] streams) => Choose((IEnumerable<Stream<T>>)streams);

    /// <summary>
    /// Reads every character to the end into a string (Lwt's <c>to_string</c>). Cancels and fails
    /// as <see cref="Stream{T}.ToList"/>.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static Promise<string> ReadToEnd(Stream<char> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Fold(static (c, sb) => sb.Append(c), new StringBuilder()).Map(static sb => sb.ToString());
    }

    /// <summary>
    /// The lines of a hexadecimal dump of a stream of bytes, in the format of <c>hexdump -C</c>
    /// (Lwt's <c>hexdump</c>): the offset, 16 bytes in hexadecimal, and those that are printable
    /// ASCII, e.g. <c>00000000|  68 65 6c 6c 6f                                    |hello|</c>.
    /// Lwt dumps a stream of OCaml chars, which are bytes; map a <c>Stream&lt;char&gt;</c> first.
    /// </summary>
    /// <param name="stream">The bytes.</param>
    /// <returns>The stream of lines, without line terminators.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static Stream<string> Hexdump(Stream<byte> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var line = new StringBuilder(80);
        int offset = 0;
        return From(async () =>
        {
            List<byte> bytes = await stream.NGet(16);
            if (bytes.Count == 0)
            {
                return default(Option<string>);
            }

            line.Clear();
            line.Append(offset.ToString("x8", CultureInfo.InvariantCulture)).Append("|  ");
            offset += 16;
            for (int pos = 0; pos < 16; pos++)
            {
                if (pos == 8)
                {
                    line.Append(' ');
                }

                if (pos < bytes.Count)
                {
                    line.Append(bytes[pos].ToString("x2", CultureInfo.InvariantCulture)).Append(' ');
                }
                else
                {
                    line.Append("   ");
                }
            }

            line.Append(" |");
            foreach (byte b in bytes)
            {
                line.Append(b is >= 0x20 and <= 0x7e ? (char)b : '.');
            }

            return line.Append('|').ToString();
        });
    }
}
