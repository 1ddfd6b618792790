// VectorIoTests.cs: Lwt_unix.readv and writev on pipes (non-blocking: syscall first, wait on
// EAGAIN) and on blocking descriptors and regular files (a job on a worker thread), with
// test_lwt_unix.ml's readv/writev cases ported by intent.

using System;
using System.IO;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class VectorIoTests
{
    private const int EBADF = 9;

    // Lwt: test_lwt_unix.ml › "readv: basic non-blocking"
    [Fact]
    public void Readv_fills_the_slices_in_order() =>
        LoopThread.Run(() => ReadvFoobar(blocking: false));

    // Lwt: test_lwt_unix.ml › "readv: basic blocking"
    [Fact]
    public void Readv_on_a_blocking_descriptor_runs_as_a_job() =>
        LoopThread.Run(() => ReadvFoobar(blocking: true));

    // Lwt: test_lwt_unix.ml › "readv: drop"
    [Fact]
    public void Readv_after_a_drop_starts_inside_the_second_slice() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                byte[] first = "_"u8.ToArray();
                byte[] second = "______"u8.ToArray();
                var v = new IOVectors();
                v.Append(first, 0, 1);
                v.Append(second, 1, 4);
                v.Drop(2);
                int n = Main.Run(async () =>
                {
                    await w.WriteAsync("foobar"u8.ToArray());
                    return await r.ReadvAsync(v);
                });
                Assert.Equal(3, n);
                Assert.Equal("___foo_", Encoding.ASCII.GetString(first) + Encoding.ASCII.GetString(second));
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    // Lwt: test_lwt_unix.ml › "readv: iovecs exceeding limit"
    [Fact]
    public void Readv_uses_only_the_first_IOV_MAX_slices() =>
        LoopThread.Run(() =>
        {
            int limit = IOVectors.SystemLimit!.Value;
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var buffers = new byte[limit + 1][];
                var v = new IOVectors();
                for (int i = 0; i < buffers.Length; i++)
                {
                    buffers[i] = "_"u8.ToArray();
                    v.Append(buffers[i]);
                }

                int n = Main.Run(async () =>
                {
                    byte[] data = new byte[limit + 1];
                    data.AsSpan().Fill((byte)'a');
                    await w.WriteAsync(data);
                    return await r.ReadvAsync(v);
                });
                Assert.Equal(limit, n);
                Assert.Equal((byte)'_', buffers[limit][0]);
                Assert.Equal((byte)'a', buffers[limit - 1][0]);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Readv_waits_for_data_then_reads_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                byte[] buffer = new byte[4];
                var v = new IOVectors();
                v.Append(buffer);
                int n = Main.Run(async () =>
                {
                    Promise<int> read = r.ReadvAsync(v);
                    Assert.True(read.IsPending);
                    await w.WriteAsync("ab"u8.ToArray());
                    return await read;
                });
                Assert.Equal(2, n);
                Assert.Equal("ab", Encoding.ASCII.GetString(buffer, 0, 2));
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Readv_into_a_read_only_slice_is_refused() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var v = new IOVectors();
                v.Append((ReadOnlyMemory<byte>)new byte[3]);
                Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => r.ReadvAsync(v)).ParamName);
                Assert.Throws<ArgumentNullException>(() => r.ReadvAsync(null!));
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void A_read_only_slice_appended_while_readv_waits_fails_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var v = new IOVectors();
                v.Append(new byte[1]);
                Main.Run(async () =>
                {
                    Promise<int> waiting = r.ReadvAsync(v);
                    v.Append((ReadOnlyMemory<byte>)new byte[1]);
                    await w.WriteAsync("ab"u8.ToArray());
                    Assert.Equal("vectors", (await Rejection.Of<ArgumentException>(waiting)).ParamName);
                });
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    // Lwt: test_lwt_unix.ml › "writev: basic non-blocking"
    [Fact]
    public void Writev_writes_the_slices_in_order() =>
        LoopThread.Run(() => WritevFoobarbaz(blocking: false));

    // Lwt: test_lwt_unix.ml › "writev: basic blocking"
    [Fact]
    public void Writev_on_a_blocking_descriptor_runs_as_a_job() =>
        LoopThread.Run(() => WritevFoobarbaz(blocking: true));

    // Lwt: test_lwt_unix.ml › "writev: slices"
    [Fact]
    public void Writev_writes_only_the_slices() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            var v = new IOVectors();
            v.Append("foo"u8.ToArray(), 1, 2);
            v.Append("bar"u8.ToArray().AsMemory(1, 2));
            Assert.Equal("ooar", WriteThenReadAll(r, w, v, 4));
        });

    // Lwt: test_lwt_unix.ml › "writev: degenerate vectors"
    [Fact]
    public void Writev_of_empty_slices_writes_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            var v = new IOVectors();
            v.Append("foo"u8.ToArray(), 0, 0);
            Assert.Equal("", WriteThenReadAll(r, w, v, 0));
        });

    // Lwt: test_lwt_unix.ml › "writev: iovecs exceeding limit"
    [Fact]
    public void Writev_passes_only_the_first_IOV_MAX_slices() =>
        LoopThread.Run(() =>
        {
            int limit = IOVectors.SystemLimit!.Value;
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            var v = new IOVectors();
            byte[] a = "a"u8.ToArray();
            for (int i = 0; i <= limit; i++)
            {
                v.Append(a);
            }

            Assert.Equal(new string('a', limit), WriteThenReadAll(r, w, v, limit));
        });

    [Fact]
    public void Writev_and_drop_send_everything_through_a_full_pipe() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var v = new IOVectors();
                var expected = new byte[300_000];
                for (int i = 0; i < expected.Length; i++)
                {
                    expected[i] = (byte)(i * 7);
                }

                for (int i = 0; i < expected.Length; i += 30_000)
                {
                    v.Append(expected.AsMemory(i, 30_000));
                }

                byte[] got = Main.Run(async () =>
                {
                    Promise<byte[]> reader = ReadAll(r, expected.Length);
                    while (!v.IsEmpty)
                    {
                        v.Drop(await w.WritevAsync(v));
                    }

                    return await reader;
                });
                Assert.Equal(expected, got);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Readv_and_writev_on_a_regular_file_run_as_jobs() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor f = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            Assert.True(f.IsBlocking);
            var v = new IOVectors();
            v.Append("hello "u8.ToArray());
            v.Append("world"u8.ToArray());
            Assert.Equal(11, await f.WritevAsync(v));
            Assert.Equal("hello world", File.ReadAllText(dir["f"]));
            await f.LseekAsync(0, SeekOrigin.Begin);
            byte[] a = new byte[5], b = new byte[6];
            var into = new IOVectors();
            into.Append(a);
            into.Append(b);
            Assert.Equal(11, await f.ReadvAsync(into));
            Assert.Equal("hello", Encoding.ASCII.GetString(a));
            Assert.Equal(" world", Encoding.ASCII.GetString(b));
        });

    [Fact]
    public void Readv_on_a_closed_descriptor_throws_EBADF_and_a_waiting_one_is_rejected_on_close() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            var v = new IOVectors();
            v.Append(new byte[4]);
            try
            {
                Main.Run(async () =>
                {
                    Promise<int> waiting = r.ReadvAsync(v);
                    r.Close();
                    await Rejection.Unix(waiting, EBADF, "readv");
                });
                Assert.Equal((EBADF, "readv"), Errno(() => r.ReadvAsync(v)));
            }
            finally
            {
                w.Close();
            }

            Assert.Equal((EBADF, "writev"), Errno(() => w.WritevAsync(v)));
        });

    [Fact]
    public void Canceling_a_waiting_readv_consumes_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var v = new IOVectors();
                byte[] buffer = new byte[4];
                v.Append(buffer);
                Main.Run(async () =>
                {
                    Promise<int> waiting = r.ReadvAsync(v);
                    waiting.Cancel();
                    await Rejection.Of<CanceledException>(waiting);
                    await w.WriteAsync("xy"u8.ToArray());
                    var other = new byte[4];
                    Assert.Equal(2, await r.ReadAsync(other));
                });
                Assert.Equal(0, buffer[0]);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    private static (int, string) Errno(Action call)
    {
        var e = Assert.Throws<UnixException>(call);
        return (e.Errno, e.Call);
    }

    [Fact]
    public void Readv_and_writev_on_a_blocking_descriptor_are_jobs() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // Lwt runs them with run_job: they count as jobs and follow the async method.
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                r.SetBlocking(true);
                w.SetBlocking(true);
                byte[] buffer = new byte[3];
                var v = new IOVectors();
                v.Append(buffer, 0, 3);
                Promise<int> read = r.ReadvAsync(v);
                Assert.Equal(1, LwtUnix.JobCount);
                var out1 = new IOVectors();
                out1.Append("abc"u8.ToArray());
                Assert.Equal(3, await w.WritevAsync(out1));
                Assert.Equal(3, await read);
                Assert.Equal(0, LwtUnix.JobCount);

                var out2 = new IOVectors();
                out2.Append("xyz"u8.ToArray());
                Promise<int> written = LwtUnix.WithAsyncNone(() => w.WritevAsync(out2));
                Assert.Equal(3, written.Result);
                var again = new IOVectors();
                again.Append(buffer, 0, 3);
                Promise<int> now = LwtUnix.WithAsyncNone(() => r.ReadvAsync(again));
                Assert.Equal(3, now.Result);
                Assert.Equal("xyz"u8.ToArray(), buffer);
            }
        }));

    private static void ReadvFoobar(bool blocking)
    {
        (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
        try
        {
            if (blocking)
            {
                r.SetBlocking(true);
            }

            byte[] first = "_____"u8.ToArray();
            byte[] second = "______"u8.ToArray();
            var v = new IOVectors();
            v.Append(first, 1, 3);
            v.Append(second.AsMemory(1, 4));
            int n = Main.Run(async () =>
            {
                await w.WriteAsync("foobar"u8.ToArray());
                w.Close();
                return await r.ReadvAsync(v);
            });
            Assert.Equal(blocking, r.IsBlocking);
            Assert.Equal(6, n);
            Assert.Equal("_foo__bar__", Encoding.ASCII.GetString(first) + Encoding.ASCII.GetString(second));
        }
        finally
        {
            r.Close();
        }
    }

    private static void WritevFoobarbaz(bool blocking)
    {
        (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
        if (blocking)
        {
            w.SetBlocking(true);
        }

        var v = new IOVectors();
        v.Append("foo"u8.ToArray(), 0, 3);
        v.Append("bar"u8.ToArray());
        v.Append((ReadOnlyMemory<byte>)"baz"u8.ToArray());
        Assert.Equal("foobarbaz", WriteThenReadAll(r, w, v, 9));
    }

    /// <summary>writev once, check the count, close the writer, read to end of file; closes both.</summary>
    private static string WriteThenReadAll(FileDescriptor r, FileDescriptor w, IOVectors v, int expected)
    {
        string text;
        try
        {
            text = Main.Run(async () =>
            {
                Assert.Equal(expected, await w.WritevAsync(v));
                w.Close();
                byte[] all = await ReadAll(r, int.MaxValue);
                return Encoding.ASCII.GetString(all);
            });
        }
        finally
        {
            r.Close();
        }

        return text;
    }

    private static async Promise<byte[]> ReadAll(FileDescriptor r, int most)
    {
        var result = new MemoryStream();
        var buffer = new byte[65536];
        while (result.Length < most)
        {
            int n = await r.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            result.Write(buffer, 0, n);
        }

        return result.ToArray();
    }
}
