// ReadLinesAsyncTests.cs: InputChannel.ReadLinesAsync, Lwt's read_lines for `await foreach`. It
// must give exactly the lines TryReadLine gives (Lwt's line rule, LWT-SEMANTICS.md 7.4) whatever
// the chunking, wait for lines that come later, end at end of input, and on cancellation, disposal
// or a closed channel behave as the read it wraps does.

using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ReadLinesAsyncTests
{
    public static TheoryData<string, string[]> Cases => LineReadingTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadLinesAsync_gives_the_lines_of_Lwt_line_rules_whatever_the_chunking(string input, string[] expected) =>
        LoopThread.Run(() =>
        {
            foreach (int[] chunks in new[] { Array.Empty<int>(), new[] { 1 }, new[] { 2, 3 } })
            {
                foreach (bool pending in new[] { false, true })
                {
                    InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes(input), chunks, pending, bufferSize: 16);
                    List<string> lines = Main.Run(async () =>
                    {
                        var result = new List<string>();
                        await foreach (string line in ic.ReadLinesAsync())
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
    public void ReadLinesAsync_waits_for_lines_written_later_to_a_pipe_and_ends_when_it_closes() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            string[] lines = ["first", "", "\u00e9t\u00e9", new string('q', 10_000), "last"];
            List<string> read = Main.Run(async () =>
            {
                Promise writing = WriteSlowly(oc, lines);
                var result = new List<string>();
                await foreach (string line in ic.ReadLinesAsync())
                {
                    result.Add(line);
                }

                await writing;
                await ic.Close();
                return result;
            });
            Assert.Equal(lines, read);

            static async Promise WriteSlowly(OutputChannel oc, string[] lines)
            {
                foreach (string line in lines)
                {
                    await Time.Sleep(TimeSpan.FromMilliseconds(2));
                    await oc.WriteLine(line);
                    await oc.Flush();
                }

                await oc.Close();
            }
        });

    [Fact]
    public void ReadLinesAsync_works_from_an_async_Task_method_on_the_loop() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("a\nbb\nccc"), [2], pending: true);
            int loopThread = Environment.CurrentManagedThreadId;
            (List<string> lines, bool sameThread) = Main.Run(() => Promise.FromTask(ReadAll(ic, loopThread)));
            Assert.Equal(["a", "bb", "ccc"], lines);
            Assert.True(sameThread);

            static async Task<(List<string>, bool)> ReadAll(InputChannel ic, int loopThread)
            {
                var result = new List<string>();
                bool sameThread = true;
                await foreach (string line in ic.ReadLinesAsync())
                {
                    result.Add(line);
                    sameThread &= Environment.CurrentManagedThreadId == loopThread;
                }

                return (result, sameThread);
            }
        });

    [Fact]
    public void Canceling_the_token_while_a_line_is_awaited_faults_it_with_CanceledException_and_leaves_the_channel_open() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            using var cts = new CancellationTokenSource();
            string after = Main.Run(async () =>
            {
                IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator(cts.Token);
                ValueTask<bool> next = lines.MoveNextAsync();
                Assert.False(next.IsCompleted);
                await Time.Sleep(TimeSpan.FromMilliseconds(1));
                cts.Cancel();
                await Assert.ThrowsAsync<CanceledException>(async () => await next);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await lines.MoveNextAsync());
                await lines.DisposeAsync();
                await oc.WriteLine("still open");
                await oc.Flush();
                return await ic.ReadLine();
            });
            Assert.Equal("still open", after);
            Main.Run(oc.Close().Bind(ic.Close));
        });

    [Fact]
    public void Disposing_the_enumerator_withdraws_a_waiting_read() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            string after = Main.Run(async () =>
            {
                IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();
                ValueTask<bool> next = lines.MoveNextAsync();
                Assert.False(next.IsCompleted);
                await lines.DisposeAsync();
                await Assert.ThrowsAsync<CanceledException>(async () => await next);
                await oc.WriteLine("next reader");
                await oc.Flush();
                return await ic.ReadLine();
            });
            Assert.Equal("next reader", after);
            Main.Run(oc.Close().Bind(ic.Close));
        });

    [Fact]
    public void A_closed_channel_faults_MoveNextAsync_with_ChannelClosedException() =>
        LoopThread.Run(() =>
        {
            InputChannel ic = ChannelSources.Chunked(Encoding.UTF8.GetBytes("a\nb\n"), []);
            Main.Run(ic.Close());
            Main.Run(async () =>
            {
                await using IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();
                await Assert.ThrowsAsync<ChannelClosedException>(async () => await lines.MoveNextAsync());
            });
        });

    [Fact]
    public void Aborting_the_channel_while_a_line_is_awaited_faults_it_with_ChannelClosedException() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            Main.Run(async () =>
            {
                await using IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();
                ValueTask<bool> next = lines.MoveNextAsync();
                Assert.False(next.IsCompleted);
                await ic.AbortAsync();
                await Assert.ThrowsAsync<ChannelClosedException>(async () => await next);
                await Assert.ThrowsAsync<ChannelClosedException>(async () => await lines.MoveNextAsync());
            });
            Main.Run(oc.Close());
        });

    [Fact]
    public void A_line_buffered_while_another_read_holds_the_channel_waits_for_it() =>
        LoopThread.Run(() =>
        {
            // Channel operations run one at a time, in order: the enumerator must not take a
            // buffered line past a read in progress.
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            List<string> order = Main.Run(async () =>
            {
                var log = new List<string>();
                await oc.Write("ab");
                await oc.Flush();
                byte[] three = new byte[3];
                Promise exactly = ic.ReadExactly(three).Map(() =>
                {
                    log.Add("exactly " + Encoding.ASCII.GetString(three));
                    return true;
                });
                await Time.Sleep(TimeSpan.FromMilliseconds(1));
                await using IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();
                ValueTask<bool> next = lines.MoveNextAsync();
                Assert.False(next.IsCompleted);
                await oc.Write("c line\n");
                await oc.Flush();
                Assert.True(await next);
                log.Add("line " + lines.Current);
                await exactly;
                return log;
            });
            Assert.Equal(["exactly abc", "line  line"], order);
            Main.Run(oc.Close().Bind(ic.Close));
        });

    [Fact]
    public void A_cancelable_token_without_a_SynchronizationContext_throws_and_withdraws_the_read() =>
        LoopThread.Run(() =>
        {
            (InputChannel ic, OutputChannel oc) = Channel.Pipe();
            using var cts = new CancellationTokenSource();

            // Outside Main.Run this thread has no SynchronizationContext.
            Assert.Null(SynchronizationContext.Current);
            IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator(cts.Token);
            Assert.Throws<InvalidOperationException>(() => StartMoveNext(lines));
            string next = Main.Run(async () =>
            {
                await oc.WriteLine("not lost");
                await oc.Flush();
                return await Promise.Pick(ic.ReadLine(), Time.Sleep(TimeSpan.FromSeconds(5)).Map(() => "the withdrawn read took the line"));
            });
            Assert.Equal("not lost", next);
            Main.Run(oc.Close().Bind(ic.Close));
        });

    [Fact]
    public void A_failing_read_faults_MoveNextAsync_with_its_exception() =>
        LoopThread.Run(() =>
        {
            var boom = new InvalidOperationException("read failed");
            bool first = true;
            InputChannel ic = InputChannel.Create(
                buffer =>
                {
                    if (!first)
                    {
                        return Promise.Fail<int>(boom);
                    }

                    first = false;
                    "ok\npartial"u8.CopyTo(buffer.Span);
                    return Promise.Return(11);
                },
                16);
            Main.Run(async () =>
            {
                await using IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();
                Assert.True(await lines.MoveNextAsync());
                Assert.Equal("ok", lines.Current);
                Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(async () => await lines.MoveNextAsync()));
            });
        });

    [Fact]
    public void Lines_already_in_the_buffer_cost_their_strings_and_nothing_else() =>
        LoopThread.Run(() =>
        {
            const int Lines = 1000;
            var text = new StringBuilder();
            for (int i = 0; i < Lines; i++)
            {
                text.Append("line ").Append((i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            byte[] data = Encoding.UTF8.GetBytes(text.ToString());
            InputChannel ic = ChannelSources.Chunked(data, [], bufferSize: data.Length + 16);
            IAsyncEnumerator<string> lines = ic.ReadLinesAsync().GetAsyncEnumerator();

            // The first line refills the buffer with the whole input.
            Assert.True(Main.Run(() => Promise.FromTask(lines.MoveNextAsync().AsTask())));
            long stringsOnly = AllocatedBy(() =>
            {
                for (int i = 1; i < Lines; i++)
                {
                    GC.KeepAlive(Encoding.UTF8.GetString(data, 0, 6));
                }
            });
            int count = 1;
            long enumerating = AllocatedBy(() =>
            {
                for (int i = 1; i < Lines; i++)
                {
                    ValueTask<bool> next = lines.MoveNextAsync();
                    if (next.IsCompletedSuccessfully && next.Result && lines.Current.Length == 6)
                    {
                        count++;
                    }
                }
            });
            Assert.Equal(Lines, count);
            Assert.False(Main.Run(() => Promise.FromTask(lines.MoveNextAsync().AsTask())));
            Assert.True(enumerating <= stringsOnly, $"{Lines - 1} buffered lines allocated {enumerating} bytes; their strings alone {stringsOnly}");
        });

    // Throws what MoveNextAsync throws synchronously; its task, when it returns one, is left alone.
    private static void StartMoveNext(IAsyncEnumerator<string> e) => _ = e.MoveNextAsync().AsTask();

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
