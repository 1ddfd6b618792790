// SelectEngineLimitTests.cs: what only the select(2) engine has: the FD_SETSIZE bound, select's
// EBADF for the whole set when one descriptor is closed, and the loop running on it. The closed
// descriptor test must not see its number reused by another test, hence the non-parallel collection.

using System;
using Lwt.Unix.Engine;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

[Collection(nameof(LeakTests))]
public class SelectEngineLimitTests
{
    [Fact]
    public void Descriptors_from_FD_SETSIZE_are_refused_below_are_watched() =>
        LoopThread.Run(() =>
        {
            using var engine = new SelectEngine();
            Assert.Equal(EngineKind.Select, engine.Kind);
            Assert.Throws<ArgumentOutOfRangeException>("fd", () => engine.OnWritable(1024, _ => { }));
            EngineEvent ok = engine.OnReadable(1023, _ => { });
            Assert.Equal(1, engine.ReadableCount);
            ok.Stop();
            Assert.Equal(0, engine.ReadableCount);
        });

    // Lwt's transfer cannot fail; ours can, when the new engine refuses a descriptor. Then nothing
    // moves: the loop keeps its engine, its watches and its own wake-up.
    [Fact]
    public unsafe void A_switch_to_an_engine_that_refuses_a_watched_descriptor_changes_nothing() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.O_CLOEXEC | Libc.EFD_NONBLOCK));
            int high = Libc.fcntl(fds[0], Libc.F_DUPFD_CLOEXEC, 1500);
            Assert.True(high >= 1500);
            try
            {
                EventLoop loop = EventLoop.Current;
                Engine.Engine before = loop.Engine;
                int fired = 0;
                EngineEvent watch = before.OnReadable(high, _ => fired++);
                using var select = new SelectEngine();
                Assert.Throws<ArgumentOutOfRangeException>("fd", () => loop.SetEngine(select, transfer: true, destroy: false));
                Assert.Same(before, loop.Engine);
                Assert.Equal(0, select.ReadableCount);

                // The loop still wakes for posts from other threads, and the watch still fires.
                Assert.Equal(42, Main.Run(() => Preemptive.Detach(() => 42)));
                byte b = 1;
                Libc.write(fds[1], &b, 1);
                loop.Engine.Iterate(block: false);
                Assert.Equal(1, fired);
                watch.Stop();
            }
            finally
            {
                Libc.close(high);
                Libc.close(fds[0]);
                Libc.close(fds[1]);
            }
        });

    [Fact]
    public unsafe void A_descriptor_closed_under_its_watch_wakes_it_instead_of_failing_the_wait() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.O_CLOEXEC));
            using var engine = new SelectEngine();
            int woke = 0, otherWoke = 0;
            EngineEvent watch = engine.OnReadable(fds[0], _ => woke++);
            EngineEvent other = engine.OnWritable(fds[1], _ => otherWoke++);
            Libc.close(fds[0]);
            engine.Iterate(block: false);
            Assert.Equal(1, woke);
            watch.Stop();
            engine.Iterate(block: false);
            Assert.True(otherWoke >= 1);
            other.Stop();
            Libc.close(fds[1]);
        });

    // Lwt: test/unix/set_engine.ml (set (new select), then id () is Engine_id__select)
    [Fact]
    public void The_loop_reads_a_pipe_on_the_select_engine() =>
        LoopThread.Run(() =>
        {
            EventLoop.Current.SetEngine(new SelectEngine());
            Assert.Equal(EngineKind.Select, EventLoop.Current.Engine.Kind);
            Main.Run(async () =>
            {
                var (r, w) = FileDescriptor.Pipe();
                using (r)
                using (w)
                {
                    byte[] buffer = new byte[4];
                    Promise<int> read = r.ReadAsync(buffer);
                    Assert.True(read.IsPending);
                    await w.WriteAsync("ping"u8.ToArray());
                    Assert.Equal(4, await read);
                    Assert.Equal("ping"u8.ToArray(), buffer);
                }
            });
        });
}
