using System;
using Lwt.Unix.Engine;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public unsafe class EpollEngineTests
{
    [Fact]
    public void Readable_watch_fires_while_data_is_ready_and_stops_when_stopped() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC));
            try
            {
                using var engine = new EpollEngine();
                int fired = 0;
                EngineEvent ev = engine.OnReadable(fds[0], _ => fired++);
                engine.Iterate(block: false);
                Assert.Equal(0, fired);
                byte b = 1;
                Libc.write(fds[1], &b, 1);
                engine.Iterate(block: true);
                engine.Iterate(block: false);
                Assert.Equal(2, fired);
                ev.Stop();
                ev.Stop();
                engine.Iterate(block: false);
                Assert.Equal(2, fired);
                Assert.Equal(0, engine.ReadableCount);
            }
            finally
            {
                Libc.close(fds[0]);
                Libc.close(fds[1]);
            }
        });

    [Fact]
    public void FakeIO_runs_the_callbacks_of_a_descriptor() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.EFD_CLOEXEC));
            try
            {
                using var engine = new EpollEngine();
                int fired = 0;
                engine.OnReadable(fds[0], _ => fired++);
                engine.FakeIO(fds[0]);
                Assert.Equal(1, fired);
            }
            finally
            {
                Libc.close(fds[0]);
                Libc.close(fds[1]);
            }
        });

    [Fact]
    public void Watching_a_closed_descriptor_fails_with_a_UnixException_naming_the_call() =>
        LoopThread.Run(() =>
        {
            using var engine = new EpollEngine();
            var e = Assert.Throws<UnixException>(() => engine.OnReadable(999_999, _ => { }));
            Assert.Equal("epoll_ctl", e.Call);
            Assert.Equal(Libc.EBADF, e.Errno);
        });

    [Fact]
    public void Negative_descriptor_is_refused() =>
        LoopThread.Run(() =>
        {
            using var engine = new EpollEngine();
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.OnReadable(-1, _ => { }));
        });
}
