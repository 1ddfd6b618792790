// InterruptedCallTests.cs: EINTR never reaches the user (issue: "EINTR retried"). A real signal,
// whose handler is installed without SA_RESTART (as a native library in the process may install
// one), is sent to the one thread blocked in a system call: the loop's wait (epoll_wait, poll and
// select fail with EINTR whatever the flags say) or a worker's blocking read(2). The call must be
// retried and the operation finish as if nothing had happened. A control test first shows that
// the same signal makes a raw read(2) fail with EINTR, so the others cannot pass for want of one.

using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Lwt.Unix.Engine;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public sealed class InterruptedCallTests
{
    // Nobody else in the process uses it, and its default action is to ignore it.
    private const int SIGURG = 23;

    // x86-64 numbers of the calls a loop waits in: epoll_wait, epoll_pwait, epoll_pwait2, poll, ppoll, select, pselect6.
    private static readonly long[] LoopWaits = [232, 281, 441, 7, 271, 23, 270];

    private const long ReadCall = 0;

    [Fact]
    public unsafe void Control_the_test_signal_makes_a_raw_blocking_read_fail_with_EINTR()
    {
        using var signal = new InterruptingSignal();
        int* fds = stackalloc int[2];
        Assert.Equal(0, Libc.pipe2(fds, Libc.O_CLOEXEC));
        int readFd = fds[0], writeFd = fds[1];
        try
        {
            int tid = 0;
            (nint N, int Errno) result = (0, 0);
            var reader = new Thread(() =>
            {
                Volatile.Write(ref tid, TestLibc.gettid());
                byte b;
                nint n = Libc.read(readFd, &b, 1);
                result = (n, n < 0 ? Marshal.GetLastPInvokeError() : 0);
            })
            { IsBackground = true };
            reader.Start();
            bool ended;
            try
            {
                SpinWait.SpinUntil(() => Volatile.Read(ref tid) != 0, 5000);
                signal.InterruptWhenBlocked(Volatile.Read(ref tid), ReadCall, readFd);
            }
            finally
            {
                ended = reader.Join(5000);
                if (!ended)
                {
                    // Let the reader go before failing, so that no thread stays blocked.
                    byte one = 1;
                    Libc.write(writeFd, &one, 1);
                    reader.Join(5000);
                }
            }

            Assert.True(ended, "read(2) was not interrupted by the signal");
            Assert.Equal(((nint)(-1), Libc.EINTR), result);
        }
        finally
        {
            Libc.close(readFd);
            Libc.close(writeFd);
        }
    }

    [Theory]
    [InlineData(EngineKind.Epoll)]
    [InlineData(EngineKind.Poll)]
    [InlineData(EngineKind.Select)]
    public void A_signal_that_interrupts_the_loops_wait_does_not_surface_and_the_sleep_keeps_its_deadline(EngineKind kind)
    {
        using var signal = new InterruptingSignal();
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            if (kind != EngineKind.Epoll)
            {
                loop.SetEngine(kind == EngineKind.Poll ? new PollEngine() : new SelectEngine());
            }

            Assert.Equal(kind, loop.Engine.Kind);
            int loopThread = TestLibc.gettid();
            var elapsed = Stopwatch.StartNew();
            Promise sleep = Time.Sleep(TimeSpan.FromMilliseconds(1500));
            bool over = false;
            int sent = 0;
            using var interrupter = new Interrupter(() =>
            {
                // Up to 3 signals while the sleep lasts (on a loaded machine, maybe fewer).
                while (sent < 3 && signal.InterruptWhenBlocked(loopThread, LoopWaits, stop: () => Volatile.Read(ref over)))
                {
                    sent++;
                }
            });
            Main.Run(sleep);
            Volatile.Write(ref over, true);
            interrupter.Finish();
            Assert.True(elapsed.ElapsedMilliseconds >= 1490, $"the sleep ended early, after {elapsed.ElapsedMilliseconds} ms");
            Assert.True(sent >= 1, "no signal was sent while the loop waited");
            signal.WaitForDeliveries(sent);
        });
    }

    [Fact]
    public unsafe void A_blocking_read_on_a_worker_interrupted_by_a_signal_is_retried_and_returns_the_data()
    {
        using var signal = new InterruptingSignal();
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                r.SetBlocking(true);
                Assert.True(r.IsBlocking);
                int readFd = r.Fd, writeFd = w.Fd;
                byte[] buffer = new byte[16];
                Promise<int> read = r.ReadOnWorker(buffer);
                using var interrupter = new Interrupter(() =>
                {
                    try
                    {
                        int worker = WaitForThreadIn(ReadCall, readFd);
                        for (int i = 0; i < 3; i++)
                        {
                            signal.InterruptWhenBlocked(worker, ReadCall, readFd);
                        }
                    }
                    finally
                    {
                        // Always: the read must end, or its worker would stay blocked for good.
                        fixed (byte* data = "ok"u8)
                        {
                            Libc.write(writeFd, data, 2);
                        }
                    }
                });
                int n = Main.Run(read);
                interrupter.Finish();
                Assert.Equal("ok", Encoding.ASCII.GetString(buffer, 0, n));
                signal.WaitForDeliveries(1);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });
    }

    /// <summary>The system call <paramref name="tid"/> is blocked in (number and first argument), or null if it runs.</summary>
    private static (long Call, long FirstArgument)? BlockedIn(int tid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/self/task/{tid}/syscall");
        }
        catch (IOException)
        {
            return null;
        }

        string[] fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !long.TryParse(fields[0], out long call))
        {
            return null;
        }

        return (call, Convert.ToInt64(fields[1], 16));
    }

    /// <summary>Waits (5 s at most) for a thread of this process to block in <paramref name="call"/> on <paramref name="fd"/>.</summary>
    private static int WaitForThreadIn(long call, int fd)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.ElapsedMilliseconds < 5000)
        {
            foreach (string task in Directory.GetDirectories("/proc/self/task"))
            {
                int tid = int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture);
                if (BlockedIn(tid) is (long c, long a) && c == call && a == fd)
                {
                    return tid;
                }
            }

            Thread.Sleep(1);
        }

        throw new TimeoutException($"no thread blocked in system call {call} on descriptor {fd} within 5 s");
    }

    /// <summary>
    /// SIGURG handled by the runtime's own handler (through PosixSignalRegistration, which counts
    /// deliveries here), with SA_RESTART taken out of its flags while this lives.
    /// </summary>
    private sealed unsafe class InterruptingSignal : IDisposable
    {
        private readonly PosixSignalRegistration _registration;
        private readonly byte[] _saved = new byte[TestLibc.SigactionSize];
        private int _delivered;

        internal InterruptingSignal()
        {
            _registration = PosixSignalRegistration.Create((PosixSignal)SIGURG, context =>
            {
                context.Cancel = true;
                Interlocked.Increment(ref _delivered);
            });
            byte* action = stackalloc byte[TestLibc.SigactionSize];
            fixed (byte* saved = _saved)
            {
                Assert.Equal(0, TestLibc.sigaction(SIGURG, null, saved));
                new ReadOnlySpan<byte>(saved, TestLibc.SigactionSize).CopyTo(new Span<byte>(action, TestLibc.SigactionSize));
            }

            *(int*)(action + TestLibc.SigactionFlagsOffset) &= ~TestLibc.SA_RESTART;
            Assert.Equal(0, TestLibc.sigaction(SIGURG, action, null));
        }

        internal int Delivered => Volatile.Read(ref _delivered);

        /// <summary>
        /// Waits (5 s at most) until <paramref name="tid"/> is blocked in <paramref name="call"/> on
        /// <paramref name="fd"/>, then signals it.
        /// </summary>
        internal void InterruptWhenBlocked(int tid, long call, int fd)
        {
            InterruptWhenBlocked(tid, [call], fd, stop: null);
        }

        /// <summary>
        /// Waits until <paramref name="tid"/> is blocked in one of <paramref name="calls"/> (on
        /// <paramref name="fd"/>, if not -1), then signals it. Returns false without signalling
        /// once <paramref name="stop"/> says so; throws if neither happens within 5 s.
        /// </summary>
        internal bool InterruptWhenBlocked(int tid, long[] calls, int fd = -1, Func<bool>? stop = null)
        {
            var deadline = Stopwatch.StartNew();
            while (!(BlockedIn(tid) is (long c, long a) && Array.IndexOf(calls, c) >= 0 && (fd < 0 || a == fd)))
            {
                if (stop?.Invoke() == true)
                {
                    return false;
                }

                if (deadline.ElapsedMilliseconds > 5000)
                {
                    throw new TimeoutException($"thread {tid} did not block in system call {string.Join('/', calls)} within 5 s");
                }

                Thread.Sleep(1);
            }

            Assert.Equal(0, TestLibc.tgkill(TestLibc.getpid(), tid, SIGURG));

            // A signal sent to a thread blocked in a system call is handled as soon as the thread
            // runs again; the pause makes it unlikely that the next one finds this one still
            // pending, which would merge the two.
            Thread.Sleep(20);
            return true;
        }

        /// <summary>
        /// Waits (10 s at most) for the managed callbacks of <paramref name="count"/> signals, which
        /// the runtime runs on its thread pool some time after the handler.
        /// </summary>
        internal void WaitForDeliveries(int count)
        {
            Assert.True(SpinWait.SpinUntil(() => Delivered >= count, 10_000), $"{Delivered} signals were delivered, expected {count}");
        }

        public void Dispose()
        {
            fixed (byte* saved = _saved)
            {
                TestLibc.sigaction(SIGURG, saved, null);
            }

            _registration.Dispose();
        }
    }

    /// <summary>
    /// Runs the signalling on a thread of its own (not the thread pool, which may start it late
    /// under load); <see cref="Finish"/> joins it and rethrows what it threw.
    /// </summary>
    private sealed class Interrupter : IDisposable
    {
        private readonly Thread _thread;
        private Exception? _failure;

        internal Interrupter(Action body)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    _failure = e;
                }
            })
            { IsBackground = true, Name = "interrupter" };
            _thread.Start();
        }

        internal void Finish()
        {
            Assert.True(_thread.Join(10_000), "the interrupter did not finish");
            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }
        }

        public void Dispose() => _thread.Join(10_000);
    }
}
