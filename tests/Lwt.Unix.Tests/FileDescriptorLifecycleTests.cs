// FileDescriptorLifecycleTests.cs: a descriptor's states (Lwt_unix's state, close, abort,
// check_descriptor) and its bad inputs.

using System;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class FileDescriptorLifecycleTests
{
    private const int EBADF = 9;

    [Fact]
    public void A_new_descriptor_is_opened_and_close_closes_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            int fd;
            try
            {
                Assert.Equal(FileDescriptorState.Opened, r.State);
                fd = r.Fd;
            }
            finally
            {
                r.Close();
                w.Close();
            }

            Assert.Equal(FileDescriptorState.Closed, r.State);
            Assert.Equal(fd, r.Fd);
        });

    // Lwt: close twice raises Unix_error(EBADF) synchronously (LWT-SEMANTICS 6.3).
    [Fact]
    public void Closing_twice_throws_EBADF() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            r.Close();
            w.Dispose();
            var e = Assert.Throws<UnixException>(r.Close);
            Assert.Equal(EBADF, e.Errno);
            Assert.Equal("close", e.Call);
            w.Dispose();
        });

    [Fact]
    public void Operations_on_a_closed_descriptor_throw_EBADF_naming_the_call() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            r.Close();
            w.Close();
            Assert.Equal("read", Assert.Throws<UnixException>(() => r.ReadAsync(new byte[1])).Call);
            Assert.Equal("write", Assert.Throws<UnixException>(() => w.WriteAsync(new byte[1])).Call);
            Assert.Equal(EBADF, Assert.Throws<UnixException>(() => r.Readable()).Errno);
            Assert.Equal(EBADF, Assert.Throws<UnixException>(() => r.IsBlocking).Errno);
            Assert.Equal("check_descriptor", Assert.Throws<UnixException>(r.CheckDescriptor).Call);
        });

    // Lwt: test_lwt_unix.ml › "bind: closed"
    [Fact]
    public void Bind_on_a_closed_socket_fails_with_EBADF() =>
        LoopThread.Run(() =>
        {
            FileDescriptor s = FileDescriptor.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream);
            s.Close();
            var e = Assert.Throws<UnixException>(() => s.BindAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)));
            Assert.Equal(EBADF, e.Errno);
        });

    // Lwt: test_lwt_unix.ml › "bind: aborted"
    [Fact]
    public void Operations_on_an_aborted_descriptor_fail_with_the_abort_exception_and_close_still_works() =>
        LoopThread.Run(() =>
        {
            FileDescriptor s = FileDescriptor.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream);
            try
            {
                var exit = new FormatException("exit");
                s.Abort(exit);
                Assert.Equal(FileDescriptorState.Aborted, s.State);
                Assert.Same(exit, s.AbortException);
                Assert.Same(exit, Assert.Throws<FormatException>(() => s.BindAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0))));
                Assert.Same(exit, Assert.Throws<FormatException>(() => s.ReadAsync(new byte[1])));
                Assert.Same(exit, Assert.Throws<FormatException>(s.CheckDescriptor));
            }
            finally
            {
                s.Close();
            }
            Assert.Equal(FileDescriptorState.Closed, s.State);
            Assert.Null(s.AbortException);
        });

    [Fact]
    public void Abort_on_a_closed_descriptor_does_nothing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            r.Close();
            w.Close();
            r.Abort(new FormatException());
            Assert.Equal(FileDescriptorState.Closed, r.State);
        });

    [Fact]
    public void Abort_rejects_a_waiting_read_with_the_abort_exception() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Promise<int> read = r.ReadAsync(new byte[4]);
                Assert.True(read.IsPending);
                var boom = new FormatException();
                r.Abort(boom);
                Assert.Same(boom, read.Exception);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Bad_arguments_are_refused() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => FileDescriptor.FromRaw(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => FileDescriptor.Socket(System.Net.Sockets.AddressFamily.AppleTalk, System.Net.Sockets.SocketType.Stream));
            Assert.Throws<ArgumentOutOfRangeException>(() => FileDescriptor.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unknown));
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Assert.Throws<ArgumentNullException>(() => a.Abort(null!));
                Assert.Throws<ArgumentOutOfRangeException>(() => a.Listen(-1));
                Assert.Throws<ArgumentOutOfRangeException>(() => a.Shutdown((System.Net.Sockets.SocketShutdown)7));
                Assert.Throws<ArgumentOutOfRangeException>(() => a.SetSocketOption((SocketBoolOption)99, true));
                Assert.Throws<ArgumentNullException>(() => a.ConnectAsync(null!));
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Pipes_and_sockets_are_non_blocking_and_close_on_exec() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Assert.False(r.IsBlocking);
                Assert.False(w.IsBlocking);
                Assert.True(HasFlag(r.Fd, "flags", 0x800), "O_NONBLOCK");
                Assert.True(HasFlag(r.Fd, "flags", 0x80000), "O_CLOEXEC");
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void A_regular_file_without_a_mode_is_guessed_blocking_and_a_pipe_non_blocking() =>
        LoopThread.Run(() =>
        {
            string path = System.IO.Path.GetTempFileName();
            try
            {
                using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open);
                int dup = TestLibc.dup(stream.SafeFileHandle.DangerousGetHandle().ToInt32());
                using FileDescriptor file = FileDescriptor.FromRaw(dup);
                Assert.True(file.IsBlocking);

                (int rawRead, FileDescriptor write) = FileDescriptor.PipeOut();
                try
                {
                    using FileDescriptor read = FileDescriptor.FromRaw(rawRead);
                    Assert.False(HasFlag(rawRead, "flags", 0x800), "the raw end of PipeOut stays blocking");
                    Assert.False(read.IsBlocking);
                    Assert.True(HasFlag(rawRead, "flags", 0x800), "settling the mode set O_NONBLOCK");
                }
                finally
                {
                    write.Close();
                }
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        });

    [Fact]
    public void SetBlocking_switches_the_mode_and_the_flag() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                r.SetBlocking(true);
                Assert.True(r.IsBlocking);
                Assert.False(HasFlag(r.Fd, "flags", 0x800));
                r.SetBlocking(false);
                Assert.False(r.IsBlocking);
                Assert.True(HasFlag(r.Fd, "flags", 0x800));
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    /// <summary>Reads /proc/self/fdinfo: "flags: 0NNNN" is octal.</summary>
    internal static bool HasFlag(int fd, string field, int flag)
    {
        foreach (string line in System.IO.File.ReadAllLines($"/proc/self/fdinfo/{fd}"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return (Convert.ToInt32(line[(field.Length + 1)..].Trim(), 8) & flag) != 0;
            }
        }

        throw new InvalidOperationException("no " + field);
    }
}
