using System;
using System.Diagnostics;
using System.Threading;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>
/// The tests that count the process-wide worker pool's threads and waiters need it to themselves.
/// They run in the non-parallel collection, but a function detached by an earlier test may still
/// be running (a job whose caller gave up keeps its worker until it returns), so they first wait
/// for the pool to go idle.
/// </summary>
internal static class WorkerPool
{
    internal static void WaitUntilIdle(int timeoutMs = 10_000)
    {
        var waited = Stopwatch.StartNew();
        while (Preemptive.BusyCount != 0 || Preemptive.QueuedCount != 0)
        {
            if (waited.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException(
                    $"The worker pool stayed busy for {timeoutMs} ms before the test: {Preemptive.BusyCount} busy, {Preemptive.QueuedCount} queued.");
            }

            Thread.Sleep(5);
        }
    }
}
