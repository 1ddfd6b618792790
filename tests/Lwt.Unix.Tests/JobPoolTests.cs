// JobPoolTests.cs: Lwt_unix's job controls (pool_size, set_pool_size, thread_count,
// thread_waiting_count, abort_jobs, cancel_jobs, wait_for_jobs, write_job_count_runtimte_event)
// with real jobs on real worker threads, held by gates the test opens. The pool is process-wide,
// so these run in the non-parallel collection and restore the bounds they change.

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

[Collection(nameof(LeakTests))]
public class JobPoolTests
{
    [Fact]
    public void Pool_size_bounds_how_many_jobs_run_at_once() =>
        WithBounds(() => Main.Run(async () =>
        {
            LwtUnix.PoolSize = 1;
            Assert.Equal(1, LwtUnix.PoolSize);
            using var gate = new Gate();
            int running = 0, most = 0;
            int Work()
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                gate.Wait();
                Interlocked.Decrement(ref running);
                return now;
            }

            Promise<int>[] jobs = [LwtUnix.Job(Work), LwtUnix.Job(Work), LwtUnix.Job(Work)];
            Assert.Equal(3, LwtUnix.JobCount);
            Assert.Equal(2, Preemptive.QueuedCount);
            gate.Set();
            await LwtUnix.WaitForJobs();
            Assert.Equal(1, most);
            foreach (Promise<int> j in jobs)
            {
                Assert.Equal(1, j.Result);
            }

            Assert.Equal(0, LwtUnix.JobCount);
        }));

    // A Bind whose function returns a pending promise makes that promise a proxy of its own (Lwt's
    // proxying); a job's promise must then settle the Bind's.
    [Fact]
    public void A_pending_job_promise_returned_to_a_bind_settles_the_binds_promise() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (start, r) = Promise.Wait();
            Promise<bool> exists = start.Bind(() => LwtUnix.FileExists("/"));
            Promise<int> read = start.Bind(() => LwtUnix.Job(() => 42));
            r.Resolve();
            Assert.True(await exists);
            Assert.Equal(42, await read);
        }));

    [Fact]
    public void Wait_for_jobs_resolves_when_every_pending_job_is_done() =>
        WithBounds(() => Main.Run(async () =>
        {
            await LwtUnix.WaitForJobs();
            using var gate = new Gate();
            Promise<int> a = LwtUnix.Job(() => 1);
            Promise<int> b = LwtUnix.Job(() =>
            {
                gate.Wait();
                return 2;
            });
            Promise all = LwtUnix.WaitForJobs();
            Assert.True(all.IsPending);
            Assert.Equal(1, await a);
            Assert.True(all.IsPending);
            gate.Set();
            await all;
            Assert.Equal(2, b.Result);
        }));

    [Fact]
    public void Wait_for_jobs_reports_a_failed_job_after_all_are_done() =>
        WithBounds(() => Main.Run(async () =>
        {
            Promise<int> failing = LwtUnix.Job<int>(() => throw new InvalidOperationException("job"));
            Promise<int> fine = LwtUnix.Job(() => 3);
            await Rejection.Of<InvalidOperationException>(LwtUnix.WaitForJobs());
            Assert.True(fine.IsFulfilled);
            Assert.True(failing.IsRejected);
        }));

    // Lwt's abort_jobs fails the pending jobs' promises; the system call itself runs on.
    [Fact]
    public void Abort_jobs_rejects_pending_jobs_with_the_exception() =>
        WithBounds(() => Main.Run(async () =>
        {
            LwtUnix.PoolSize = 1;
            using var gate = new Gate();
            using var finished = new CountdownEvent(2);
            int Work()
            {
                gate.Wait();
                finished.Signal();
                return 1;
            }

            Promise<int> running = LwtUnix.Job(Work);
            Promise<int> waiting = LwtUnix.Job(Work);
            var reason = new TimeoutException("aborted");
            LwtUnix.AbortJobs(reason);
            Assert.Same(reason, await Rejection.Of<TimeoutException>(running));
            Assert.Same(reason, await Rejection.Of<TimeoutException>(waiting));
            Assert.Equal(0, LwtUnix.JobCount);
            await LwtUnix.WaitForJobs();

            // The calls themselves still run to their end on the workers.
            gate.Set();
            Assert.True(await Preemptive.Detach(() => finished.Wait(TimeSpan.FromSeconds(10))));
            Assert.True(running.IsRejected);
        }));

    // A read on a blocking descriptor is a job too, as in Lwt.
    [Fact]
    public void Abort_jobs_rejects_a_blocking_read_running_on_a_worker() =>
        WithBounds(() => Main.Run(async () =>
        {
            var (blocking, w) = FileDescriptor.Pipe();
            using (blocking)
            using (w)
            {
                blocking.SetBlocking(true);
                Assert.True(blocking.IsBlocking);
                // ReadAsync waits for data before it hands the call to a worker, as Lwt's read:
                // the worker's own call, blocked in read(2), is what abort_jobs must reject.
                Promise<int> read = blocking.ReadOnWorker(new byte[1]);
                Assert.Equal(1, LwtUnix.JobCount);
                var reason = new TimeoutException("stop reading");
                LwtUnix.AbortJobs(reason);
                Assert.Same(reason, await Rejection.Of<TimeoutException>(read));

                // The pipe still works. The aborted read still runs on its worker and takes a
                // byte too, before or after this read (a read of cached bytes does not wait for a
                // worker), so this one gets both bytes or either one.
                await w.WriteAsync(new byte[] { 1, 2 });
                byte[] rest = new byte[2];
                int n = await blocking.ReadAsync(rest);
                Assert.True(n == 2 ? rest is [1, 2] : rest[0] is 1 or 2, "got " + n + " byte(s): " + string.Join(",", rest));
            }
        }));

    [Fact]
    public void Cancel_jobs_rejects_with_CanceledException() =>
        WithBounds(() => Main.Run(async () =>
        {
            using var gate = new Gate();
            Promise<int> job = LwtUnix.Job(() =>
            {
                gate.Wait();
                return 1;
            });
            LwtUnix.CancelJobs();
            await Rejection.Of<CanceledException>(job);
            gate.Set();
            Assert.Throws<ArgumentNullException>("exception", () => LwtUnix.AbortJobs(null!));
        }));

    // Lwt's job promises cannot be canceled; ours can only while the job waits for a worker.
    [Fact]
    public void Canceling_a_job_that_a_worker_runs_leaves_it_to_complete() =>
        WithBounds(() => Main.Run(async () =>
        {
            using var started = new ManualResetEventSlim();
            using var gate = new Gate();
            Promise<int> job = LwtUnix.Job(() =>
            {
                started.Set();
                gate.Wait();
                return 7;
            });
            try
            {
                await Preemptive.Detach(() => started.Wait(TimeSpan.FromSeconds(10)));
                job.Cancel();
                Assert.True(job.IsPending);
                Assert.Equal(1, LwtUnix.JobCount);
            }
            finally
            {
                gate.Set();
            }

            Assert.Equal(7, await job);
            Assert.Equal(0, LwtUnix.JobCount);
        }));

    [Fact]
    public void Canceling_a_blocking_read_that_a_worker_runs_leaves_it_to_complete_into_its_buffer() =>
        WithBounds(() => Main.Run(async () =>
        {
            var (blocking, w) = FileDescriptor.Pipe();
            using (blocking)
            using (w)
            {
                blocking.SetBlocking(true);
                Assert.True(blocking.IsBlocking);
                byte[] buffer = new byte[1];
                Promise<int> read = blocking.ReadOnWorker(buffer);
                while (Preemptive.BusyCount == 0)
                {
                    await Time.Sleep(TimeSpan.FromMilliseconds(1));
                }

                read.Cancel();
                bool pending = read.IsPending;
                await w.WriteAsync(new byte[] { 9 });
                Assert.True(pending);
                Assert.Equal(1, await read);
                Assert.Equal(9, buffer[0]);
            }
        }));

    [Fact]
    public void Canceling_a_job_waiting_for_a_worker_withdraws_it() =>
        WithBounds(() => Main.Run(async () =>
        {
            LwtUnix.PoolSize = 1;
            using var gate = new Gate();
            int ran = 0;
            Promise<int> first = LwtUnix.Job(() =>
            {
                gate.Wait();
                return 1;
            });
            Promise<int> second = LwtUnix.Job(() => Interlocked.Increment(ref ran));
            second.Cancel();
            await Rejection.Of<CanceledException>(second);
            Assert.Equal(1, LwtUnix.JobCount);
            gate.Set();
            await first;
            await LwtUnix.Job(() => 0);
            Assert.Equal(0, ran);
        }));

    [Fact]
    public void Thread_counts_follow_the_workers() =>
        WithBounds(() => Main.Run(async () =>
        {
            Preemptive.SetBounds(2, 2);
            Assert.Equal(2, LwtUnix.ThreadCount);
            Assert.Equal(2, LwtUnix.ThreadWaitingCount);
            using var gate = new Gate();
            using var started = new ManualResetEventSlim();
            Promise<int> job = LwtUnix.Job(() =>
            {
                started.Set();
                gate.Wait();
                return 1;
            });
            await Preemptive.Detach(() => started.Wait(TimeSpan.FromSeconds(10)));
            Assert.Equal(2, LwtUnix.ThreadCount);
            Assert.Equal(1, LwtUnix.ThreadWaitingCount);
            gate.Set();
            await job;
            await LwtUnix.Job(() => 0);
            Assert.Equal(2, LwtUnix.ThreadCount);
        }));

    [Fact]
    public void Bad_pool_size_throws() =>
        WithBounds(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>("value", () => LwtUnix.PoolSize = 0);
            Preemptive.SetBounds(3, 5);
            LwtUnix.PoolSize = 2;
            Assert.Equal((2, 2), Preemptive.GetBounds());
        });

    [Fact]
    public void Job_count_event_records_the_pending_jobs() =>
        WithBounds(() => Main.Run(async () =>
        {
            var seen = new List<int>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Lwt.Unix" && instrument.Name == "lwt.unix.job_count")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, value, _, _) => seen.Add(value));
            listener.Start();
            using var gate = new Gate();
            Promise<int> job = LwtUnix.Job(() =>
            {
                gate.Wait();
                return 1;
            });
            LwtUnix.WriteJobCountRuntimeEvent();
            gate.Set();
            await job;
            LwtUnix.WriteJobCountRuntimeEvent();
            Assert.Equal(new[] { 1, 0 }, seen);
        }));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static void WithBounds(Action body)
    {
        WorkerPool.WaitUntilIdle();
        (int min, int max) = Preemptive.GetBounds();
        try
        {
            LoopThread.Run(body);
        }
        finally
        {
            Preemptive.SetBounds(min, max);
        }
    }
}
