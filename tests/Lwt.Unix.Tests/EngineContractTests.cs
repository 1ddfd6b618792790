using System;
using Lwt.Unix.Engine;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>The contract every engine keeps; one subclass per engine kind runs it.</summary>
public abstract unsafe class EngineContractTests
{
    [Fact]
    public void Readable_watch_fires_while_data_is_ready_and_stops_when_stopped() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC));
            try
            {
                using Engine.Engine engine = CreateEngine();
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

    // Lwt's select and poll engines restart the sleepers due, then the descriptors' actions
    // (lwt_engine.ml); libev's pending queue runs them in the same order. A sleeper added meanwhile
    // waits for the next iteration.
    [Fact]
    public void An_iteration_fires_the_timers_due_before_the_ready_descriptors_callbacks() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC));
            try
            {
                using Engine.Engine engine = CreateEngine();
                var log = new System.Collections.Generic.List<string>();
                EngineEvent? late = null;
                EngineEvent reader = engine.OnReadable(fds[0], ev =>
                {
                    log.Add("read");
                    ev.Stop();
                    late ??= engine.OnTimer(TimeSpan.Zero, repeat: false, _ => log.Add("timer made by read"));
                });
                engine.OnTimer(TimeSpan.Zero, repeat: false, _ => log.Add("timer"));
                byte b = 1;
                Libc.write(fds[1], &b, 1);
                System.Threading.Thread.Sleep(2);
                engine.Iterate(block: false);
                Assert.Equal(["timer", "read"], log);
                engine.Iterate(block: false);
                Assert.Equal(["timer", "read", "timer made by read"], log);

                // A timer's callback that stops a ready descriptor's watch: that callback does not run.
                log.Clear();
                EngineEvent second = engine.OnReadable(fds[0], _ => log.Add("second read"));
                engine.OnTimer(TimeSpan.Zero, repeat: false, _ =>
                {
                    log.Add("timer stops the watch");
                    second.Stop();
                });
                System.Threading.Thread.Sleep(2);
                engine.Iterate(block: false);
                Assert.Equal(["timer stops the watch"], log);
            }
            finally
            {
                Libc.close(fds[0]);
                Libc.close(fds[1]);
            }
        });

    // Each ready descriptor is reported as itself, however many are ready at once (for epoll:
    // the events are read at the kernel's stride for this architecture).
    [Fact]
    public void Many_ready_descriptors_are_each_reported_as_themselves() =>
        LoopThread.Run(() =>
        {
            const int Pipes = 40;
            int* fds = stackalloc int[2 * Pipes];
            for (int i = 0; i < Pipes; i++)
            {
                Assert.Equal(0, Libc.pipe2(fds + (2 * i), Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC));
            }

            try
            {
                using Engine.Engine engine = CreateEngine();
                var fired = new int[Pipes];
                var events = new EngineEvent[Pipes];
                for (int i = 0; i < Pipes; i++)
                {
                    int index = i;
                    events[i] = engine.OnReadable(fds[2 * i], _ => fired[index]++);
                }

                // Every other pipe gets a byte: exactly those fire, once per iteration.
                byte b = 1;
                for (int i = 0; i < Pipes; i += 2)
                {
                    Libc.write(fds[(2 * i) + 1], &b, 1);
                }

                engine.Iterate(block: false);
                for (int i = 0; i < Pipes; i++)
                {
                    Assert.Equal(i % 2 == 0 ? 1 : 0, fired[i]);
                }

                foreach (EngineEvent ev in events)
                {
                    ev.Stop();
                }
            }
            finally
            {
                for (int i = 0; i < 2 * Pipes; i++)
                {
                    Libc.close(fds[i]);
                }
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
                using Engine.Engine engine = CreateEngine();
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
    public void Watching_a_closed_descriptor_is_refused_or_reported() =>
        LoopThread.Run(() =>
        {
            using Engine.Engine engine = CreateEngine();
            AssertClosedDescriptorRefused(engine);
        });

    [Fact]
    public void Negative_descriptor_is_refused() =>
        LoopThread.Run(() =>
        {
            using Engine.Engine engine = CreateEngine();
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.OnReadable(-1, _ => { }));
        });

    [Fact]
    public void Timers_fire_in_deadline_order_and_never_early() =>
        LoopThread.Run(() =>
        {
            using Engine.Engine engine = CreateEngine();
            var order = new System.Collections.Generic.List<int>();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            engine.OnTimer(TimeSpan.FromMilliseconds(20), repeat: false, _ => order.Add(2));
            engine.OnTimer(TimeSpan.FromMilliseconds(5), repeat: false, _ => order.Add(1));
            while (order.Count < 2)
            {
                engine.Iterate(block: true);
            }

            Assert.Equal(new[] { 1, 2 }, order);
            Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(20));
            Assert.Equal(0, engine.TimerCount);
        });

    [Fact]
    public void Transfer_moves_watches_and_timers_and_keeps_their_handles() =>
        LoopThread.Run(() =>
        {
            int* fds = stackalloc int[2];
            Assert.Equal(0, Libc.pipe2(fds, Libc.EFD_CLOEXEC));
            try
            {
                using Engine.Engine source = CreateEngine();
                using Engine.Engine target = new PollEngine();
                int reads = 0;
                bool fired = false;
                EngineEvent watch = source.OnReadable(fds[0], _ => reads++);
                source.OnTimer(TimeSpan.FromMilliseconds(1), repeat: false, _ => fired = true);
                source.Transfer(target);
                Assert.Equal(0, source.ReadableCount);
                Assert.Equal(0, source.TimerCount);
                Assert.Equal(1, target.ReadableCount);
                Assert.Equal(1, target.TimerCount);
                byte b = 1;
                Libc.write(fds[1], &b, 1);
                while (!fired)
                {
                    target.Iterate(block: true);
                }

                Assert.True(reads > 0);
                watch.Stop();
                Assert.Equal(0, target.ReadableCount);
            }
            finally
            {
                Libc.close(fds[0]);
                Libc.close(fds[1]);
            }
        });

    private protected abstract Engine.Engine CreateEngine();

    private protected abstract void AssertClosedDescriptorRefused(Engine.Engine engine);
}

public sealed class EpollEngineTests : EngineContractTests
{
    private protected override Engine.Engine CreateEngine() => new EpollEngine();

    private protected override void AssertClosedDescriptorRefused(Engine.Engine engine)
    {
        var e = Assert.Throws<UnixException>(() => engine.OnReadable(999_999, _ => { }));
        Assert.Equal("epoll_ctl", e.Call);
        Assert.Equal(Libc.EBADF, e.Errno);
    }
}

public sealed class PollEngineTests : EngineContractTests
{
    private protected override Engine.Engine CreateEngine() => new PollEngine();

    // poll reports a closed descriptor as POLLNVAL: the watch wakes, and the operation sees EBADF.
    private protected override void AssertClosedDescriptorRefused(Engine.Engine engine)
    {
        int woke = 0;
        EngineEvent ev = engine.OnReadable(999_999, _ => woke++);
        engine.Iterate(block: false);
        ev.Stop();
        Assert.Equal(1, woke);
    }
}

public sealed class SelectEngineTests : EngineContractTests
{
    private protected override Engine.Engine CreateEngine() => new SelectEngine();

    // select's sets hold descriptors below FD_SETSIZE only: a larger number is refused clearly.
    private protected override void AssertClosedDescriptorRefused(Engine.Engine engine)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("fd", () => engine.OnReadable(999_999, _ => { }));
        Assert.Contains("FD_SETSIZE", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, engine.ReadableCount);
    }
}
