// ChannelEncodingTests.cs: Channel.Encoding (not in Lwt, whose strings are bytes): text reads and
// writes in Latin-1 and UTF-16, lines split on the encoded "\n" wherever refills cut the bytes, and
// UTF-8 lines (decoded by an ASCII fast path when they can be) equal to what Encoding.UTF8 makes.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChannelEncodingTests
{
    [Fact]
    public void Channels_are_UTF8_unless_told_otherwise_and_refuse_a_null_encoding() =>
        LoopThread.Run(() =>
        {
            var sink = new ChannelSources.Sink();
            Assert.Same(Encoding.UTF8, sink.Channel.Encoding);
            Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => sink.Channel.Encoding = null!).ParamName);
        });

    [Fact]
    public void Latin1_text_is_written_and_read_as_one_byte_per_character() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var sink = new ChannelSources.Sink();
            sink.Channel.Encoding = Encoding.Latin1;
            await sink.Channel.WriteLine("café ñ");
            await sink.Channel.Flush();
            Assert.Equal(new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x20, 0xF1, 0x0A }, sink.All);

            InputChannel latin = ChannelSources.Chunked(sink.All, [1]);
            latin.Encoding = Encoding.Latin1;
            Assert.Equal("café ñ", await latin.ReadLine());

            // The same bytes as UTF-8 are invalid: U+FFFD, not an exception.
            InputChannel utf8 = ChannelSources.Chunked(sink.All, []);
            Assert.Equal("caf\uFFFD \uFFFD", await utf8.ReadLine());
        }));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UTF16_lines_split_on_the_encoded_newline_only(bool bigEndian) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Encoding encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;

            // U+0A0A and U+0D0A contain the byte 0x0A: not newlines in UTF-16.
            string text = "first\r\nsecond \u0A0A\u0D0A\nthird\r";
            byte[] bytes = encoding.GetBytes(text);
            foreach (int[] chunks in new[] { new[] { 1 }, new[] { 3 }, new[] { 5, 2 }, new[] { 64 } })
            {
                InputChannel input = ChannelSources.Chunked(bytes, chunks);
                input.Encoding = encoding;
                Assert.Equal(["first", "second \u0A0A\u0D0A", "third\r"], await ReadAllLines(input));
            }
        }));

    [Fact]
    public void UTF16_writes_encode_the_text_and_the_newline() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var sink = new ChannelSources.Sink(bufferSize: 16);
            sink.Channel.Encoding = Encoding.Unicode;
            await sink.Channel.WriteLine("a longer line than the buffer");
            await sink.Channel.Write("é");
            await sink.Channel.Flush();
            Assert.Equal(Encoding.Unicode.GetBytes("a longer line than the buffer\né"), sink.All);

            InputChannel input = ChannelSources.Chunked(sink.All, [7]);
            input.Encoding = Encoding.Unicode;
            Assert.Equal("a longer line than the buffer\né", await input.ReadAll());
        }));

    [Fact]
    public void Random_UTF16_text_reads_back_the_same_lines_whatever_the_chunking() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var random = new Random(12345);
            char[] alphabet = ['a', 'é', '\n', '\r', '\u0A0A', '\u0D0A', '\u0A00', 'z', '€'];
            for (int round = 0; round < 200; round++)
            {
                string text = new(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                byte[] bytes = Encoding.Unicode.GetBytes(text);
                int[] chunks = Enumerable.Range(0, 3).Select(_ => random.Next(1, 9)).ToArray();
                InputChannel input = ChannelSources.Chunked(bytes, chunks, pending: round % 2 == 0);
                input.Encoding = Encoding.Unicode;
                Assert.Equal(ModelLines(text), await ReadAllLines(input));
            }
        }));

    [Fact]
    public void UTF8_lines_of_ASCII_multibyte_and_invalid_bytes_decode_as_Encoding_UTF8_does_whatever_the_chunking() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // Every byte value, so that the ASCII check and the decoder's fallback both see all of
            // them: 0x00 and 0x7F are ASCII, 0x80 and above start or continue a sequence or are invalid.
            var random = new Random(2026);
            byte[][] pieces =
            [
                [(byte)'a'], [0x00], [0x7F], [(byte)'\r'], [(byte)'\n'], "é"u8.ToArray(), "€"u8.ToArray(),
                "𝄞"u8.ToArray(), [0x80], [0xC3], [0xFF], [0xE2, 0x82], [0xF0, 0x9D],
            ];
            for (int round = 0; round < 300; round++)
            {
                byte[] bytes = Enumerable.Range(0, random.Next(0, 80)).SelectMany(_ => pieces[random.Next(pieces.Length)]).ToArray();
                int[] chunks = round % 3 == 0 ? [] : Enumerable.Range(0, 3).Select(_ => random.Next(1, 9)).ToArray();
                InputChannel input = ChannelSources.Chunked(bytes, chunks, pending: round % 2 == 0);
                Assert.Equal(ModelUtf8Lines(bytes), await ReadAllLines(input));
            }
        }));

    [Fact]
    public void A_UTF8_encoding_that_throws_on_invalid_bytes_rejects_that_line_and_reads_ASCII_ones() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked([.. "plain\n"u8, 0x80, .. "\nnext\n"u8], []);
            input.Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            Assert.Equal("plain", await input.ReadLine());
            await Assert.ThrowsAsync<DecoderFallbackException>(async () => await input.ReadLine());
            Assert.Equal("next", await input.ReadLine());
        }));

    [Fact]
    public void The_temporary_channel_of_Atomic_shares_the_encoding() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var sink = new ChannelSources.Sink();
            sink.Channel.Encoding = Encoding.Latin1;
            await sink.Channel.Atomic(async temporary =>
            {
                Assert.Same(Encoding.Latin1, temporary.Encoding);
                await temporary.Write("é");
                return 0;
            });
            await sink.Channel.Flush();
            Assert.Equal(new byte[] { 0xE9 }, sink.All);
        }));

    private static async Promise<List<string>> ReadAllLines(InputChannel input)
    {
        var lines = new List<string>();
        while (await input.TryReadLine() is string line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Lwt's line rule on UTF-8 bytes: <see cref="ModelLineRanges"/>, each line decoded with Encoding.UTF8.</summary>
    private static List<string> ModelUtf8Lines(byte[] bytes) =>
        ModelLineRanges<byte>(bytes, (byte)'\n', (byte)'\r').Select(r => Encoding.UTF8.GetString(bytes.AsSpan(r))).ToList();

    /// <summary>Lwt's line rule on text: <see cref="ModelLineRanges"/> of its characters.</summary>
    private static List<string> ModelLines(string text) =>
        ModelLineRanges<char>(text.AsSpan(), '\n', '\r').Select(r => text[r]).ToList();

    /// <summary>Lwt's line rule: split at "\n", drop one "\r" before it, a last line without "\n" kept as it is.</summary>
    private static List<Range> ModelLineRanges<T>(ReadOnlySpan<T> units, T newline, T ret)
        where T : IEquatable<T>
    {
        var lines = new List<Range>();
        int start = 0;
        for (int i = 0; i < units.Length; i++)
        {
            if (units[i].Equals(newline))
            {
                int end = i > start && units[i - 1].Equals(ret) ? i - 1 : i;
                lines.Add(start..end);
                start = i + 1;
            }
        }

        if (start < units.Length)
        {
            lines.Add(start..units.Length);
        }

        return lines;
    }
}
