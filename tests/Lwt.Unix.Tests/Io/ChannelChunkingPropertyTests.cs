// ChannelChunkingPropertyTests.cs: however the backend chunks the bytes, a channel reads back
// exactly what a model of the byte sequence says. Random inputs over an alphabet rich in "\r",
// "\n" and multi-byte UTF-8, random chunk sizes (at once or one iteration later), random buffer
// sizes, and a random sequence of ReadLine / ReadChar / ReadInto / ReadExactly operations; and
// the same bytes written in random pieces through a pipe come out identical.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelChunkingPropertyTests
{
    private static readonly byte[][] Alphabet =
        [[(byte)'a'], [(byte)'b'], [(byte)'\r'], [(byte)'\n'], [(byte)'\r', (byte)'\n'], [0xC3, 0xA9], [0xE4, 0xB8, 0x96]];

    private static readonly Gen<byte[]> GenData =
        Gen.Int[0, Alphabet.Length - 1].Array[0, 200].Select(ix => ix.SelectMany(i => Alphabet[i]).ToArray());

    private static readonly Gen<int[]> GenChunks = Gen.Int[1, 40].Array[1, 6];

    private static readonly Gen<(int Kind, int Size)[]> GenOps = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 30]).Array[1, 60];

    [Fact]
    public void Lines_read_from_any_chunking_match_the_model() =>
        LoopThread.Run(() =>
            Gen.Select(GenData, GenChunks, Gen.Bool, Gen.Int[16, 40]).Sample(
                (data, chunks, pending, bufferSize) =>
                {
                    InputChannel ic = ChannelSources.Chunked(data, chunks, pending, bufferSize);
                    List<string> lines = Main.Run(ic.ReadLines().ToList());
                    Assert.Equal(ModelLines(data), lines);
                },
                iter: 300,
                threads: 1));

    [Fact]
    public void Mixed_reads_from_any_chunking_match_the_model() =>
        LoopThread.Run(() =>
            Gen.Select(GenData, GenChunks, Gen.Bool, GenOps).Sample(
                (data, chunks, pending, ops) =>
                {
                    InputChannel ic = ChannelSources.Chunked(data, chunks, pending, bufferSize: 16);
                    int position = 0;
                    foreach ((int kind, int size) in ops)
                    {
                        position = kind switch
                        {
                            0 => CheckLine(ic, data, position),
                            1 => CheckChar(ic, data, position),
                            2 => CheckInto(ic, data, position, size),
                            _ => CheckExactly(ic, data, position, size),
                        };
                        Assert.Equal(position, ic.Position);
                    }
                },
                iter: 300,
                threads: 1));

    [Fact]
    public void Bytes_written_in_random_pieces_through_a_pipe_come_out_identical() =>
        LoopThread.Run(() =>
            Gen.Select(Gen.Byte.Array[0, 3000], Gen.Int[1, 700].Array[1, 5], Gen.Int[16, 100], Gen.Int[16, 100]).Sample(
                (data, pieces, inSize, outSize) =>
                {
                    (InputChannel ic, OutputChannel oc) = Channel.Pipe(inSize, outSize);
                    byte[] read = Main.Run(async () =>
                    {
                        Promise<byte[]> reading = ic.ReadAllBytes();
                        int done = 0;
                        for (int i = 0; done < data.Length; i++)
                        {
                            int n = Math.Min(pieces[i % pieces.Length], data.Length - done);
                            await oc.WriteFromExactly(data.AsMemory(done, n));
                            done += n;
                            if (i % 3 == 2)
                            {
                                await Promise.Pause();
                            }
                        }

                        await oc.Close();
                        byte[] all = await reading;
                        await ic.Close();
                        return all;
                    });
                    Assert.Equal(data, read);
                },
                iter: 100,
                threads: 1));

    /// <summary>Lwt's rule applied to a whole byte sequence: split at "\n", drop one "\r" before it, keep a final partial line.</summary>
    private static List<string> ModelLines(byte[] data)
    {
        var lines = new List<string>();
        int position = 0;
        while (position < data.Length)
        {
            (string line, position) = ModelLine(data, position);
            lines.Add(line);
        }

        return lines;
    }

    private static (string Line, int Next) ModelLine(byte[] data, int position)
    {
        int newline = Array.IndexOf(data, (byte)'\n', position);
        if (newline < 0)
        {
            return (Encoding.UTF8.GetString(data, position, data.Length - position), data.Length);
        }

        int end = newline > position && data[newline - 1] == (byte)'\r' ? newline - 1 : newline;
        return (Encoding.UTF8.GetString(data, position, end - position), newline + 1);
    }

    private static int CheckLine(InputChannel ic, byte[] data, int position)
    {
        if (position == data.Length)
        {
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadLine()));
            return position;
        }

        (string line, int next) = ModelLine(data, position);
        Assert.Equal(line, Main.Run(ic.ReadLine()));
        return next;
    }

    private static int CheckChar(InputChannel ic, byte[] data, int position)
    {
        byte? b = Main.Run(ic.TryReadChar());
        if (position == data.Length)
        {
            Assert.Null(b);
            return position;
        }

        Assert.Equal(data[position], b);
        return position + 1;
    }

    private static int CheckInto(InputChannel ic, byte[] data, int position, int size)
    {
        var buffer = new byte[size];
        int n = Main.Run(ic.ReadInto(buffer));
        Assert.InRange(n, size == 0 || position == data.Length ? 0 : 1, Math.Min(size, data.Length - position));
        Assert.Equal(data.AsSpan(position, n).ToArray(), buffer.AsSpan(0, n).ToArray());
        return position + n;
    }

    private static int CheckExactly(InputChannel ic, byte[] data, int position, int size)
    {
        var buffer = new byte[size];
        if (data.Length - position < size)
        {
            Assert.Throws<EndOfStreamException>(() => Main.Run(ic.ReadExactly(buffer)));
            return data.Length;
        }

        Main.Run(ic.ReadExactly(buffer));
        Assert.Equal(data.AsSpan(position, size).ToArray(), buffer);
        return position + size;
    }
}
