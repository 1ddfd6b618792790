// LineReadingTests.cs: Lwt's line rule (LWT-SEMANTICS.md 7.4): a line ends at "\n"; a "\r" is
// dropped only right before that "\n"; end of input ends a partial line; no byte left means
// EndOfStreamException for ReadLine and null for TryReadLine. Each case runs with the whole
// input in the buffer (fast path) and delivered one byte per read (slow path, "\r\n" split).

using System.Collections.Generic;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class LineReadingTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "a\nb\n", new[] { "a", "b" } },
        { "a\r\nb\r\n", new[] { "a", "b" } },
        { "a\rb\n", new[] { "a\rb" } },
        { "a\r\r\nb", new[] { "a\r", "b" } },
        { "a\r", new[] { "a\r" } },
        { "\n\n", new[] { "", "" } },
        { "x\n\r", new[] { "x", "\r" } },
        { "", System.Array.Empty<string>() },
        { "last line without newline", new[] { "last line without newline" } },
        { "h\u00e9llo \u00fcber\r\n\u4e16\u754c\n", new[] { "h\u00e9llo \u00fcber", "\u4e16\u754c" } },
        { new string('z', 100) + "\r\n" + new string('y', 40), new[] { new string('z', 100), new string('y', 40) } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryReadLine_follows_Lwt_line_rules_whatever_the_chunking(string input, string[] expected) =>
        LoopThread.Run(() =>
        {
            foreach (int[] chunks in new[] { System.Array.Empty<int>(), new[] { 1 }, new[] { 2, 3 } })
            {
                foreach (bool pending in new[] { false, true })
                {
                    InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes(input), chunks, pending, bufferSize: 16);
                    List<string> lines = Main.Run(async () =>
                    {
                        var result = new List<string>();
                        while (await ic.TryReadLine() is string line)
                        {
                            result.Add(line);
                        }

                        return result;
                    });
                    Assert.Equal(expected, lines);
                }
            }
        });

    [Fact]
    public void ReadLine_at_end_of_input_is_EndOfStreamException_and_TryReadLine_null() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("only\n"), [], pending: false);
            Assert.Equal("only", Main.Run(ic.ReadLine()));
            Promise<string> eof = ic.ReadLine();
            Assert.IsType<EndOfStreamException>(eof.Exception);
            Assert.Null(Main.Run(ic.TryReadLine()));
        });

    [Fact]
    public void ReadLines_streams_every_line_then_ends() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("one\r\ntwo\nthree"), [3], pending: true);
            IReadOnlyList<string> lines = Main.Run(ic.ReadLines().ToList());
            Assert.Equal(["one", "two", "three"], lines);
        });

    [Fact]
    public void WriteLine_then_ReadLine_round_trips_through_a_pipe() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            string[] lines = ["alpha", "", "\u00e9t\u00e9", new string('q', 10_000)];
            IReadOnlyList<string> read = Main.Run(async () =>
            {
                Promise writing = oc.WriteLines(Stream.OfArray(lines)).Bind(() => oc.Close());
                IReadOnlyList<string> result = await ic.ReadLines().ToList();
                await writing;
                await ic.Close();
                return result;
            });
            Assert.Equal(lines, read);
        });
}
