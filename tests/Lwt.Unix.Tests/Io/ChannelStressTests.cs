// ChannelStressTests.cs: many concurrent users of one pair of channels through a pipe with small
// buffers, so that operations queue, refills and partial flushes happen all the time. Every
// operation is atomic (Lwt rule): lines written by concurrent writers arrive whole, and lines
// read by concurrent readers are each read once, whole.

using System;
using System.Collections.Generic;
using System.Linq;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelStressTests
{
    private const int Writers = 20;
    private const int LinesPerWriter = 200;

    [Fact]
    public void Concurrent_writers_and_readers_never_split_a_line() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe(inputBufferSize: 16, outputBufferSize: 16);
            var random = new Random(11);
            var read = new List<string>();
            Main.Run(async () =>
            {
                var writers = new List<Promise>();
                for (int w = 0; w < Writers; w++)
                {
                    writers.Add(Writer(oc, w, random.Next(1, 60)));
                }

                var readers = new List<Promise>();
                for (int r = 0; r < 5; r++)
                {
                    readers.Add(Reader(ic, read));
                }

                await Promise.Join(writers);
                await oc.Close();
                await Promise.Join(readers);
                await ic.Close();
            });

            var expected = new List<string>();
            for (int w = 0; w < Writers; w++)
            {
                for (int i = 0; i < LinesPerWriter; i++)
                {
                    expected.Add(Line(w, i));
                }
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));

            // Each writer's lines arrive in its own order.
            for (int w = 0; w < Writers; w++)
            {
                string prefix = $"w{w:D2} ";
                Assert.Equal(expected.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)), read.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)));
            }
        });

    private static string Line(int writer, int index) => $"w{writer:D2} #{index:D4} " + new string((char)('a' + (writer % 26)), (writer * 7 + index) % 40);

    private static async Promise Writer(OutputChannel oc, int writer, int pauseEvery)
    {
        for (int i = 0; i < LinesPerWriter; i++)
        {
            if (i % 3 == 0)
            {
                // A line in two writes, made one operation by Atomic.
                string line = Line(writer, i);
                await oc.Atomic(async tmp =>
                {
                    await tmp.Write(line[..(line.Length / 2)]);
                    await Promise.Pause();
                    await tmp.WriteLine(line[(line.Length / 2)..]);
                    return 0;
                });
            }
            else
            {
                await oc.WriteLine(Line(writer, i));
            }

            if (i % pauseEvery == 0)
            {
                await Promise.Pause();
            }
        }
    }

    private static async Promise Reader(InputChannel ic, List<string> read)
    {
        while (await ic.TryReadLine() is string line)
        {
            read.Add(line);
        }
    }
}
