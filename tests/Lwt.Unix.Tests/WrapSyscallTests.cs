// WrapSyscallTests.cs: Lwt_unix's wrap_syscall and register_action: a system call of the
// caller's own, made on a non-blocking pipe, retried on EAGAIN when the descriptor is ready.

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class WrapSyscallTests
{
    [Fact]
    public void Wrap_syscall_returns_at_once_when_the_call_succeeds() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                await w.WriteAsync(new byte[] { 7 });
                Promise<int> p = r.WrapSyscallAsync(IoEvent.Read, () => ReadByte(r.Fd));
                Assert.True(p.IsFulfilled);
                Assert.Equal(7, p.Result);
            }
        }));

    [Fact]
    public void Wrap_syscall_on_a_blocking_descriptor_calls_only_once_it_is_ready() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // Lwt: on a blocking descriptor the action runs at once only if `readable` says so.
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                r.SetBlocking(true);
                int tries = 0;
                Promise<int> p = r.WrapSyscallAsync(IoEvent.Read, () =>
                {
                    tries++;
                    return ReadByte(r.Fd);
                });
                Assert.True(p.IsPending);
                Assert.Equal(0, tries);
                await w.WriteAsync(new byte[] { 5 });
                Assert.Equal(5, await p);
                Assert.Equal(1, tries);
            }
        }));

    [Fact]
    public void Wrap_syscall_waits_on_EAGAIN_and_retries_when_ready() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                int tries = 0;
                Promise<int> p = r.WrapSyscallAsync(IoEvent.Read, () =>
                {
                    tries++;
                    return ReadByte(r.Fd);
                });
                Assert.True(p.IsPending);
                Assert.Equal(1, tries);
                await w.WriteAsync(new byte[] { 9 });
                Assert.Equal(9, await p);
                Assert.Equal(2, tries);
            }
        }));

    [Fact]
    public void Register_action_waits_first_then_calls() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                int tries = 0;
                Promise<int> write = w.RegisterActionAsync(IoEvent.Write, () =>
                {
                    tries++;
                    return 1;
                });
                Assert.Equal(1, await write);
                Promise<int> read = r.RegisterActionAsync(IoEvent.Read, () => ReadByte(r.Fd));
                Assert.True(read.IsPending);
                await w.WriteAsync(new byte[] { 5 });
                Assert.Equal(5, await read);
                Assert.Equal(1, tries);
            }
        }));

    [Fact]
    public void Canceling_stops_the_wait_and_other_errors_reject() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                Promise<int> p = r.WrapSyscallAsync(IoEvent.Read, () => ReadByte(r.Fd));
                p.Cancel();
                await Rejection.Of<CanceledException>(p);
                Assert.Equal(0, r.WaitingReaders);
                Promise<int> failing = r.WrapSyscallAsync<int>(IoEvent.Read, () => throw new InvalidOperationException("no"));
                await Rejection.Of<InvalidOperationException>(failing);
                Promise<int> closed = r.RegisterActionAsync(IoEvent.Read, () => ReadByte(r.Fd));
                r.Close();
                await Rejection.Unix(closed, Libc.EBADF, "wait_read");
            }
        }));

    [Fact]
    public void Bad_arguments_and_closed_descriptors_throw_at_once() =>
        LoopThread.Run(() =>
        {
            var (r, w) = FileDescriptor.Pipe();
            try
            {
                Assert.Throws<ArgumentNullException>("action", () => r.WrapSyscallAsync<int>(IoEvent.Read, null!));
                Assert.Throws<ArgumentOutOfRangeException>("ioEvent", () => r.WrapSyscallAsync((IoEvent)5, () => 1));
                Assert.Throws<ArgumentOutOfRangeException>("ioEvent", () => r.RegisterActionAsync((IoEvent)5, () => 1));
            }
            finally
            {
                r.Close();
                w.Close();
            }
            Assert.Equal("wrap_syscall", Assert.Throws<UnixException>(() => r.WrapSyscallAsync(IoEvent.Read, () => 1)).Call);
            Assert.Equal("register_action", Assert.Throws<UnixException>(() => r.RegisterActionAsync(IoEvent.Read, () => 1)).Call);
        });

    /// <summary>One byte by read(2), throwing the errno as Lwt's Unix calls raise Unix_error.</summary>
    private static unsafe int ReadByte(int fd)
    {
        byte b;
        nint n = Libc.read(fd, &b, 1);
        return n == 1 ? b : throw new UnixException(Marshal.GetLastPInvokeError(), "read", "");
    }
}
