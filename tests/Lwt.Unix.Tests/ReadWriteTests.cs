// ReadWriteTests.cs: Lwt_unix's read and write on non-blocking descriptors (pipes, socket
// pairs): the call is tried first, EAGAIN waits for readiness and never reaches the user, close
// and cancel wake waiting operations (LWT-SEMANTICS 6.2, 6.3, P10).

using System;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class ReadWriteTests
{
    private const int EBADF = 9;

    [Fact]
    public void Bytes_written_to_a_pipe_are_read_from_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                string got = Main.Run(async () =>
                {
                    byte[] data = Encoding.ASCII.GetBytes("hello");
                    Assert.Equal(5, await w.WriteAsync(data));
                    var buffer = new byte[16];
                    int n = await r.ReadAsync(buffer);
                    return Encoding.ASCII.GetString(buffer, 0, n);
                });
                Assert.Equal("hello", got);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Bytes_go_both_ways_through_a_socket_pair() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Main.Run(async () =>
                {
                    await a.WriteAsync(new byte[] { 1, 2, 3 });
                    await b.WriteAsync(new byte[] { 4 });
                    var buffer = new byte[8];
                    Assert.Equal(3, await b.ReadAsync(buffer));
                    Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..3]);
                    Assert.Equal(1, await a.ReadAsync(buffer.AsMemory(5)));
                    Assert.Equal(4, buffer[5]);
                });
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Reading_at_end_of_file_gives_zero() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                w.Close();
                Assert.Equal(0, Main.Run(() => r.ReadAsync(new byte[4])));
            }
            finally
            {
                r.Close();
            }
        });

    [Fact]
    public void A_read_that_must_wait_is_woken_by_a_later_write() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var buffer = new byte[4];
                Promise<int> read = r.ReadAsync(buffer);
                Assert.True(read.IsPending);
                Assert.Equal(1, r.WaitingReaders);
                int n = Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(5)).Bind(() => w.WriteAsync(new byte[] { 42, 43 })).Bind(_ => read));
                Assert.Equal(2, n);
                Assert.Equal(new byte[] { 42, 43, 0, 0 }, buffer);
                Assert.Equal(0, r.WaitingReaders);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Waiting_reads_complete_in_the_order_they_were_made() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                var first = new byte[1];
                var second = new byte[1];
                Promise<int> r1 = a.ReadAsync(first);
                Promise<int> r2 = a.ReadAsync(second);
                Main.Run(() => b.WriteAsync(new byte[] { 1 }).Bind(_ => r1).Bind(_ => b.WriteAsync(new byte[] { 2 })).Bind(_ => r2));
                Assert.Equal(1, first[0]);
                Assert.Equal(2, second[0]);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    // P10 (Lwt 2.3.1): close must wake every pending operation.
    [Fact]
    public void Closing_rejects_a_waiting_read_with_EBADF() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Promise<int> read = r.ReadAsync(new byte[4]);
                Promise<int> read2 = r.ReadAsync(new byte[4]);
                r.Close();
                var e = Assert.IsType<UnixException>(read.Exception);
                Assert.Equal(EBADF, e.Errno);
                Assert.Equal("read", e.Call);
                Assert.IsType<UnixException>(read2.Exception);
                Assert.Equal((false, false), r.HasWatches);
            }
            finally
            {
                w.Close();
            }
        });

    [Fact]
    public void Closing_inside_a_read_callback_rejects_the_other_waiting_reads() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Promise<int> r1 = a.ReadAsync(new byte[1]);
                Promise<int> r2 = a.ReadAsync(new byte[1]);
                Promise<bool> closed = r1.Map(_ =>
                {
                    a.Close();
                    return true;
                });
                Main.Run(() => b.WriteAsync(new byte[] { 1, 2 }).Bind(_ => closed));
                Assert.IsType<UnixException>(r2.Exception);
            }
            finally
            {
                b.Close();
            }
        });

    [Fact]
    public void Canceling_a_waiting_read_rejects_it_and_consumes_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var lost = new byte[1];
                Promise<int> read = r.ReadAsync(lost);
                read.Cancel();
                Assert.IsType<CanceledException>(read.Exception);
                Assert.Equal(0, r.WaitingReaders);
                var buffer = new byte[4];
                int n = Main.Run(() => w.WriteAsync(new byte[] { 7 }).Bind(_ => r.ReadAsync(buffer)));
                Assert.Equal(1, n);
                Assert.Equal(7, buffer[0]);
                Assert.Equal(0, lost[0]);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Canceling_a_waiting_write_rejects_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var chunk = new byte[65536];
                while (w.WriteAsync(chunk) is { IsPending: false })
                {
                }

                Assert.Equal(1, w.WaitingWriters);
                Promise<int> write = w.WriteAsync(chunk);
                write.Cancel();
                Assert.IsType<CanceledException>(write.Exception);
                Assert.Equal(1, w.WaitingWriters);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void A_watch_nobody_waits_on_is_stopped_at_the_end_of_the_iteration() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Promise<int> read = r.ReadAsync(new byte[1]);
                Assert.Equal((true, false), r.HasWatches);
                Assert.Equal(1, Main.Engine.ReadableCount - 1); // the loop's own eventfd watch is the other one
                read.Cancel();
                Main.Run(Promise.Pause());
                Assert.Equal((false, false), r.HasWatches);
                Assert.Equal(1, Main.Engine.ReadableCount);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    // EAGAIN is never seen: fill a pipe until a write must wait, then drain it from the other end.
    [Fact]
    public void A_full_pipe_makes_writes_wait_instead_of_failing_with_EAGAIN() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                const int Total = 1 << 20;
                long read = Main.Run(async () =>
                {
                    Promise<long> reader = Drain(r);
                    var chunk = new byte[8192];
                    int written = 0;
                    int waited = 0;
                    while (written < Total)
                    {
                        Promise<int> p = w.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, Total - written)));
                        waited += p.IsPending ? 1 : 0;
                        written += await p;
                    }

                    Assert.True(waited > 0, "the pipe never filled up");
                    w.Close();
                    return await reader;
                });
                Assert.Equal(Total, read);
            }
            finally
            {
                r.Close();
            }
        });

    [Fact]
    public void Wait_read_resolves_once_data_arrives_and_wait_write_at_once_on_an_empty_pipe() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Assert.False(r.Readable());
                Assert.True(w.Writable());
                Assert.True(w.WaitWriteAsync().IsFulfilled);
                Promise wait = r.WaitReadAsync();
                Assert.True(wait.IsPending);
                Main.Run(() => w.WriteAsync(new byte[] { 1 }).Bind(_ => wait));
                Assert.True(r.Readable());
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    // Lwt's readable/writable poll for POLLIN/POLLOUT and test only that bit (unix_readable.c).
    [Fact]
    public void Readable_is_poll_for_POLLIN_so_a_pipe_whose_writer_closed_is_not_readable_yet_reads_end_of_file() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                w.Close();
                Assert.False(r.Readable());
                Assert.Equal(0, Main.Run(() => r.ReadAsync(new byte[4])));
                r.SetBlocking(true);
                Assert.Equal(0, Main.Run(() => r.ReadAsync(new byte[4])));
                Assert.Equal(0, Main.Run(() => r.WaitReadAsync().Bind(() => r.ReadAsync(new byte[4]))));
            }
            finally
            {
                r.Close();
            }

            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                b.Close();
                Assert.True(a.Readable());
            }
            finally
            {
                a.Close();
            }
        });

    // Lwt's read on a blocking descriptor: wait_read (a cancelable wait), then the job. Canceled
    // while nothing is there, it must not leave a worker blocked in read(2) to eat the next bytes.
    [Fact]
    public void Canceling_a_read_of_a_blocking_pipe_that_waits_for_data_consumes_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                r.SetBlocking(true);
                Main.Run(async () =>
                {
                    Promise<int> first = r.ReadAsync(new byte[4]);
                    await Main.Yield();
                    Assert.True(first.IsPending);
                    first.Cancel();
                    await Rejection.Of<CanceledException>(first);
                    await w.WriteAsync("x"u8.ToArray());
                    byte[] buffer = new byte[4];
                    Assert.Equal(1, await r.ReadAsync(buffer));
                    Assert.Equal((byte)'x', buffer[0]);
                });
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Reads_and_writes_on_a_blocking_file_run_on_a_worker() =>
        LoopThread.Run(() =>
        {
            string path = System.IO.Path.GetTempFileName();
            try
            {
                System.IO.File.WriteAllBytes(path, Encoding.ASCII.GetBytes("file data"));
                using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open);
                using FileDescriptor file = FileDescriptor.FromRaw(TestLibc.dup(stream.SafeFileHandle.DangerousGetHandle().ToInt32()));
                var buffer = new byte[32];
                int n = Main.Run(() => file.ReadAsync(buffer));
                Assert.Equal("file data", Encoding.ASCII.GetString(buffer, 0, n));
                Assert.Equal(3, Main.Run(() => file.WriteAsync(Encoding.ASCII.GetBytes("+++"))));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        });

    [Fact]
    public void Writing_to_a_pipe_whose_reader_is_gone_rejects_with_EPIPE() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                r.Close();
                Promise<int> write = w.WriteAsync(new byte[1]);
                Assert.Equal(32, Assert.IsType<UnixException>(write.Exception).Errno);
            }
            finally
            {
                w.Close();
            }
        });

    private static async Promise<long> Drain(FileDescriptor r)
    {
        var buffer = new byte[4096];
        long total = 0;
        int n;
        while ((n = await r.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }
}
