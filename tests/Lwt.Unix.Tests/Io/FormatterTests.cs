// FormatterTests.cs: Lwt_fmt (test/unix/test_lwt_fmt.ml by intent) on a channel whose write
// function appends to a buffer, and on the stream of orders. .NET has no Format boxes, so Lwt's
// box tests become tests of the text and of when it is written.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class FormatterTests
{
    // Lwt: "flushing"
    [Fact]
    public void Printing_then_flushing_writes_the_text_to_the_channel() =>
        Run(async (fmt, written) =>
        {
            await fmt.Fprintf($"{"bla"}{3}{"blo"}");
            await fmt.Flush();
            Assert.Equal("bla3blo", written());
        });

    // Lwt: "with combinator" (%a with a printer): a value formatted by its own IFormattable.
    [Fact]
    public void Holes_use_the_values_own_formatting_with_the_invariant_culture() =>
        Run(async (fmt, written) =>
        {
            CultureInfo saved = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            try
            {
                await fmt.Fprintf($"{3}|{1.5}|{255:x2}|{"r",3}|{new Point(1, 2)}");
                await fmt.Fprintf("{0}+{1}", 1.25, 2);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }

            await fmt.Flush();
            Assert.Equal("3|1.5|ff|  r|(1, 2)1.25+2", written());
        });

    // Lwt: "box", "boxsplit", "box close with flush": text printed by several calls comes out in order on flush.
    [Fact]
    public void Several_prints_come_out_in_order_on_flush() =>
        Run(async (fmt, written) =>
        {
            await fmt.Fprintf($"{1}");
            await fmt.Fprintf($"\n  {2}");
            await fmt.Flush();
            Assert.Equal("1\n  2", written());
        });

    [Fact]
    public void Printing_writes_to_the_channel_buffer_and_only_flush_reaches_the_sink() =>
        Run(async (fmt, written) =>
        {
            fmt.Writer.Write("direct ");
            await fmt.WritePending();
            await fmt.Fprintf($"then {1}");
            Assert.Equal("", written());
            await fmt.Flush();
            Assert.Equal("direct then 1", written());
        });

    // Lwt: "stream"
    [Fact]
    public void A_stream_formatter_emits_text_and_flush_orders() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (orders, fmt) = Formatter.MakeStream();
            await fmt.Fprintf($"{1}\n");
            fmt.Writer.Write('x');
            await fmt.Flush();
            fmt.Writer.Dispose();
            List<FormatOrder> all = [];
            await orders.Iter(all.Add);
            Assert.Equal(
                new FormatOrder[] { new FormatOrder.Text("1\n", 0, 2), new FormatOrder.Text("x", 0, 1), new FormatOrder.Flush() },
                all);
        }));

    // Lwt's formatter is synchronous; TextWriter's own async methods would run the writes on the
    // thread pool, off the loop that owns the orders.
    [Fact]
    public void The_writers_async_methods_write_at_once_on_the_calling_thread() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (orders, fmt) = Formatter.MakeStream();
            TextWriter w = fmt.Writer;
            System.Threading.Tasks.Task[] calls =
            [
                w.WriteAsync('a'), w.WriteAsync("b"), w.WriteAsync("c".ToCharArray(), 0, 1), w.WriteAsync("d".AsMemory()),
                w.WriteLineAsync('e'), w.WriteLineAsync("f"), w.WriteLineAsync("g".ToCharArray(), 0, 1), w.WriteLineAsync("h".AsMemory()),
                w.WriteLineAsync(), w.FlushAsync(), w.FlushAsync(TestContext.Current.CancellationToken),
            ];
            Assert.All(calls, t => Assert.True(t.IsCompletedSuccessfully));
            w.Dispose();
            var text = new StringBuilder();
            int flushes = 0;
            await orders.Iter(o =>
            {
                if (o is FormatOrder.Text t)
                {
                    text.Append(t.Value, t.Offset, t.Length);
                }
                else
                {
                    flushes++;
                }
            });
            Assert.Equal("abcde\nf\ng\nh\n\n", text.ToString().ReplaceLineEndings("\n"));
            Assert.Equal(2, flushes);
        }));

    [Fact]
    public void Write_order_writes_a_slice_or_flushes() =>
        Run(async (_, written) =>
        {
            var (channel, sink) = BufferChannel();
            await Formatter.WriteOrder(channel, new FormatOrder.Text("abcdef", 1, 3));
            Assert.Equal("", sink());
            await Formatter.WriteOrder(channel, new FormatOrder.Flush());
            Assert.Equal("bcd", sink());
            Assert.Throws<ArgumentOutOfRangeException>("order", () => Formatter.WriteOrder(channel, new FormatOrder.Text("abc", 2, 2)));
            Assert.Throws<ArgumentOutOfRangeException>("order", () => Formatter.WriteOrder(channel, new FormatOrder.Text("abc", -1, 1)));
            Assert.Throws<ArgumentNullException>("order", () => Formatter.WriteOrder(channel, null!));
            Assert.Throws<ArgumentNullException>("channel", () => Formatter.WriteOrder(null!, new FormatOrder.Flush()));
            Assert.Equal("", written());
        });

    [Fact]
    public void Ifprintf_ignores_the_format_without_evaluating_its_holes() =>
        Run(async (fmt, written) =>
        {
            int evaluated = 0;
            int Touch() => ++evaluated;
            await fmt.Ifprintf($"{Touch()}");
            await fmt.Ifprintf("{0}", 1);
            string r = fmt.Ikfprintf((f, p) => f == fmt && p.IsFulfilled ? "k" : "?", $"{Touch()}");
            Assert.Equal("k", r);
            Assert.Equal("k", fmt.Ikfprintf((_, _) => "k", "{0}", 2));
            await fmt.Flush();
            Assert.Equal(0, evaluated);
            Assert.Equal("", written());
        });

    [Fact]
    public void Kfprintf_hands_the_commit_promise_to_the_continuation() =>
        Run(async (fmt, written) =>
        {
            Promise commit = fmt.Kfprintf((f, p) =>
            {
                Assert.Same(fmt, f);
                return p;
            }, $"x{1}");
            await commit;
            int n = fmt.Kfprintf((_, _) => 7, "{0}", "y");
            Assert.Equal(7, n);
            await fmt.Flush();
            Assert.Equal("x1y", written());
        });

    [Fact]
    public void A_formatter_made_from_a_writer_commits_with_its_function() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var writer = new StringWriter();
            int commits = 0;
            Formatter fmt = Formatter.Create(() =>
            {
                commits++;
                return Promise.Unit;
            }, writer);
            Assert.Same(writer, fmt.Writer);
            await fmt.Fprintf($"a{1}");
            await fmt.Flush();
            await fmt.WritePending();
            Assert.Equal(("a1", 3), (writer.ToString(), commits));

            Formatter failing = Formatter.Create(() => throw new IOException("commit"), new StringWriter());
            await Rejection.Of<IOException>(failing.Fprintf($"z"));
            Assert.Throws<ArgumentNullException>("commit", () => Formatter.Create(null!, writer));
            Assert.Throws<ArgumentNullException>("writer", () => Formatter.Create(() => Promise.Unit, null!));
            Assert.Throws<ArgumentNullException>("channel", () => Formatter.OfChannel(null!));
            Assert.Throws<ArgumentNullException>("continuation", () => fmt.Kfprintf<int>(null!, $"x"));
            Assert.Throws<FormatException>(() => fmt.Fprintf("{0", 1));
        }));

    [Fact]
    public void A_failing_channel_rejects_the_flush() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            OutputChannel broken = OutputChannel.Create(_ => Promise.Fail<int>(new IOException("disk full")));
            Formatter fmt = Formatter.OfChannel(broken);
            await fmt.Fprintf($"text");
            await Rejection.Of<IOException>(fmt.Flush());
        }));

    [Fact]
    public void Stdout_and_stderr_formatters_are_per_thread_over_the_standard_channels() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Same(Formatter.Stdout, Formatter.Stdout);
            Assert.NotSame(Formatter.Stdout, Formatter.Stderr);
            await Formatter.Printf($"");
            await Formatter.Eprintf("");
            await Formatter.Printf("{0}", "");
            await Formatter.Eprintf($"{""}");
            await Formatter.Stdout.Flush();
            await Formatter.Stderr.Flush();
        }));

    private static (OutputChannel Channel, Func<string> Written) BufferChannel()
    {
        var sink = new MemoryStream();
        OutputChannel channel = OutputChannel.Create(buffer =>
        {
            sink.Write(buffer.Span);
            return Promise.Return(buffer.Length);
        });
        return (channel, () => Encoding.UTF8.GetString(sink.ToArray()));
    }

    private static void Run(Func<Formatter, Func<string>, Promise> body) =>
        LoopThread.Run(() => Main.Run(() =>
        {
            var (channel, written) = BufferChannel();
            return body(Formatter.OfChannel(channel), written);
        }));

    private sealed record Point(int X, int Y) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => $"({X}, {Y})";
    }
}
