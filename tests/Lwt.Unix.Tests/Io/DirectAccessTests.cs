// DirectAccessTests.cs: Lwt_io's block and direct_access (Channel.Block, Channel.DirectAccess):
// windows onto the buffer that refill or flush as needed, pointer rules, use after the function,
// and a close during the function not handing the buffer back to the pool.

using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class DirectAccessTests
{
    private static readonly byte[] Data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    [Fact]
    public void Block_on_input_gives_the_next_bytes_refilling_across_chunks() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, [1], pending: true, bufferSize: 16);
            await input.ReadChar();
            byte[] seen = await input.Block(16, window => Promise.Return(window.ToArray()));
            Assert.Equal(Data[1..17], seen);
            Assert.Equal(17, input.Position);
            Assert.Equal(17, await input.ReadChar());
        }));

    [Fact]
    public void Block_on_input_rejects_with_end_of_input_when_too_few_bytes_are_left() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data.AsSpan(0, 5).ToArray(), [2]);
            await Rejection.Of<EndOfStreamException>(input.Block(8, _ => Promise.Return(0)));
        }));

    [Fact]
    public void Block_on_output_fills_free_space_that_counts_as_written() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var sink = new ChannelSources.Sink(bufferSize: 16, maxPerWrite: 3);
            await sink.Channel.WriteFromExactly(Data.AsMemory(0, 10));
            await sink.Channel.Block(12, window =>
            {
                Data.AsSpan(10, 12).CopyTo(window.Span);
                return Promise.Return(0);
            });
            Assert.Equal(22, sink.Channel.Position);
            await sink.Channel.Flush();
            Assert.Equal(Data[..22], sink.All);
        }));

    [Fact]
    public void Block_checks_its_arguments() =>
        LoopThread.Run(() =>
        {
            InputChannel input = ChannelSources.Chunked(Data, []);
            Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => input.Block(-1, _ => Promise.Return(0))).ParamName);
            Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => input.Block(17, _ => Promise.Return(0))).ParamName);
            Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => input.Block<int>(1, null!)).ParamName);
            Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => input.DirectAccess<int>(null!)).ParamName);
        });

    [Fact]
    public void DirectAccess_reads_the_whole_input_through_the_buffer() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, [7, 1, 30], bufferSize: 16);
            byte[] all = await input.DirectAccess(async access =>
            {
                var read = new System.Collections.Generic.List<byte>();
                while (true)
                {
                    read.AddRange(access.Buffer.Span[access.Cursor..access.Max].ToArray());
                    access.Cursor = access.Max;
                    if (await access.Perform() == 0)
                    {
                        return read.ToArray();
                    }
                }
            });
            Assert.Equal(Data, all);
            Assert.Null(await input.TryReadChar());
        }));

    [Fact]
    public void DirectAccess_writes_into_the_buffer_and_Perform_flushes_part_of_it() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var sink = new ChannelSources.Sink(bufferSize: 16, maxPerWrite: 5);
            await sink.Channel.DirectAccess(async access =>
            {
                int done = 0;
                while (done < Data.Length)
                {
                    if (access.Cursor == access.Max)
                    {
                        Assert.Equal(5, await access.Perform());
                    }

                    int n = Math.Min(access.Max - access.Cursor, Data.Length - done);
                    Data.AsSpan(done, n).CopyTo(access.Buffer.Span[access.Cursor..]);
                    access.Cursor += n;
                    done += n;
                }

                return 0;
            });
            await sink.Channel.Flush();
            Assert.Equal(Data, sink.All);
        }));

    [Fact]
    public void The_cursor_cannot_move_back_or_past_Max_and_the_access_ends_with_the_function() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, []);
            await input.ReadChar();
            ChannelBufferAccess kept = await input.DirectAccess(access =>
            {
                access.Cursor += 2;
                Assert.Throws<ArgumentOutOfRangeException>(() => access.Cursor = access.Max + 1);
                Assert.Throws<ArgumentOutOfRangeException>(() => access.Cursor = 0);
                return Promise.Return(access);
            });
            Assert.Equal(3, await input.ReadChar()); // the two bytes skipped by the cursor are consumed
            Assert.Throws<InvalidOperationException>(() => kept.Cursor = kept.Max);
            await Rejection.Of<InvalidOperationException>(kept.Perform());
        }));

    [Fact]
    public void A_failing_function_does_not_move_the_channel() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, []);
            await input.ReadChar();
            await Rejection.Of<InvalidDataException>(input.DirectAccess<int>(access =>
            {
                access.Cursor += 5;
                throw new InvalidDataException("f failed");
            }));
            Assert.Equal(1, await input.ReadChar());
        }));

    [Fact]
    public void Closing_during_Block_does_not_give_the_buffer_back_while_the_function_has_it() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, [], bufferSize: 64);
            await input.Block(8, async window =>
            {
                Assert.True(MemoryMarshal.TryGetArray((ReadOnlyMemory<byte>)window, out ArraySegment<byte> segment));
                await input.Close();
                byte[] rented = ArrayPool<byte>.Shared.Rent(64);
                Assert.NotSame(segment.Array, rented);
                rented.AsSpan().Fill(0xFF);
                Assert.Equal(Data[..8], window.ToArray());
                ArrayPool<byte>.Shared.Return(rented);
                return 0;
            });
            Assert.True(input.IsClosed);
        }));

    [Fact]
    public void Block_and_DirectAccess_on_a_closed_channel_reject_with_ChannelClosedException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            InputChannel input = ChannelSources.Chunked(Data, []);
            var sink = new ChannelSources.Sink();
            await input.Close();
            await sink.Channel.Close();
            await Rejection.Of<ChannelClosedException>(input.Block(1, _ => Promise.Return(0)));
            await Rejection.Of<ChannelClosedException>(sink.Channel.Block(1, _ => Promise.Return(0)));
            await Rejection.Of<ChannelClosedException>(input.DirectAccess(_ => Promise.Return(0)));
            await Rejection.Of<ChannelClosedException>(sink.Channel.DirectAccess(_ => Promise.Return(0)));
        }));
}
