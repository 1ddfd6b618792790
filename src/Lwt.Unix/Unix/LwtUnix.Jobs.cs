// LwtUnix.Jobs.cs: Lwt_unix's jobs. Every blocking call of LwtUnix, of FileDescriptor's file
// calls and of reads and writes on blocking descriptors is a job: it runs on Preemptive's workers (or, under AsyncMethod.None, at once on the
// loop) and is recorded in the calling thread's list of pending jobs until its promise settles,
// so that abort_jobs can reject them and wait_for_jobs can wait for them, as in Lwt. The pool
// controls (pool_size, thread_count...) read and set Preemptive's pool, which the jobs share with
// Preemptive.Detach: there is one pool per process, not a separate job pool.

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Lwt.Internal;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    private static readonly Meter s_meter = new("Lwt.Unix");
    private static readonly Histogram<int> s_jobCountInstrument = s_meter.CreateHistogram<int>(
        "lwt.unix.job_count", unit: "{job}", description: "Pending Lwt_unix jobs of a loop, recorded by LwtUnix.WriteJobCountRuntimeEvent.");

    // Newest first, as Lwt's sequence (add_l, taken from the left by abort_jobs).
    [ThreadStatic]
    private static LinkedList<IJobEntry>? t_jobs;

    /// <summary>One pending job: its promise, and how to reject it.</summary>
    private interface IJobEntry
    {
        Promise Promise { get; }

        void Abort(Exception exception);
    }

    /// <summary>
    /// The most worker threads jobs may use at once (Lwt's <c>pool_size</c>/<c>set_pool_size</c>): the
    /// upper bound of <see cref="Preemptive"/>'s pool, which jobs share with <see cref="Preemptive.Detach{T}(Func{T})"/>.
    /// A job that finds every worker busy waits for one, first come first served (Lwt runs it
    /// synchronously instead). Lowering it below <see cref="Preemptive.GetBounds"/>' least lowers that too.
    /// Callable from any thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public static int PoolSize
    {
        get => Preemptive.GetBounds().Max;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            (int min, _) = Preemptive.GetBounds();
            Preemptive.SetBounds(Math.Min(min, value), value);
        }
    }

    /// <summary>How many worker threads exist (Lwt's <c>thread_count</c>), busy or not. Callable from any thread.</summary>
    public static int ThreadCount => Preemptive.ThreadCount;

    /// <summary>How many worker threads exist and wait for a job (Lwt's <c>thread_waiting_count</c>). Callable from any thread.</summary>
    public static int ThreadWaitingCount => Preemptive.IdleCount;

    /// <summary>How many jobs of this thread's loop are pending: started and not yet settled (Lwt's internal <c>job_count</c>).</summary>
    public static int JobCount => t_jobs?.Count ?? 0;

    /// <summary>
    /// Rejects every pending job of this thread with <paramref name="exception"/>, newest first (Lwt's
    /// <c>abort_jobs</c>). As in Lwt, the system call itself is not stopped: a job already running
    /// on a worker completes there, and its result is dropped.
    /// </summary>
    /// <param name="exception">The rejection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static void AbortJobs(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (t_jobs?.First is { } first)
        {
            t_jobs.RemoveFirst();
            first.Value.Abort(exception);
        }
    }

    /// <summary>Rejects every pending job of this thread with <see cref="CanceledException"/> (Lwt's <c>cancel_jobs</c>); see <see cref="AbortJobs"/>.</summary>
    public static void CancelJobs() => AbortJobs(new CanceledException());

    /// <summary>
    /// A promise that resolves when every job of this thread pending now has settled (Lwt's
    /// <c>wait_for_jobs</c>). As Lwt's <c>join</c>, it waits for all of them and is then rejected
    /// with the first failure, if a job failed. Jobs aborted before the call are not waited for.
    /// </summary>
    /// <returns>The promise; canceling it cancels the pending jobs' promises (a job waiting for a worker is withdrawn).</returns>
    public static Promise WaitForJobs()
    {
        if (t_jobs is null || t_jobs.Count == 0)
        {
            return Promise.Unit;
        }

        var pending = new List<Promise>(t_jobs.Count);
        foreach (IJobEntry entry in t_jobs)
        {
            pending.Add(entry.Promise);
        }

        return Promise.Join(pending);
    }

    /// <summary>
    /// Records the number of pending jobs of this thread (<see cref="JobCount"/>) on the
    /// <c>lwt.unix.job_count</c> histogram of the <c>Lwt.Unix</c> <see cref="Meter"/> (Lwt's
    /// <c>write_job_count_runtimte_event</c>, which emits an OCaml runtime event; the spelling is Lwt's).
    /// Read it with a <see cref="MeterListener"/> or <c>dotnet-counters</c>.
    /// </summary>
    public static void WriteJobCountRuntimeEvent() => s_jobCountInstrument.Record(JobCount);

    /// <summary>
    /// Runs a blocking call as a job (Lwt's <c>run_job</c>): on a worker under
    /// <see cref="AsyncMethod.Detach"/>, at once on this thread under <see cref="AsyncMethod.None"/>.
    /// A detached job stays in this thread's list of pending jobs until its promise settles.
    /// <paramref name="callDone"/>, if given, runs once the call itself is over, which may be
    /// after the job's promise was rejected by <see cref="AbortJobs"/>: memory the call uses (a
    /// pinned buffer) is released there.
    /// </summary>
    internal static Promise<T> Job<T>(Func<T> call, Action? callDone = null)
    {
        if (CurrentAsyncMethod == AsyncMethod.None)
        {
            try
            {
                return Promise.Return(call());
            }
            catch (Exception e) when (ExceptionFilter.Run(e))
            {
                return Promise.Fail<T>(e);
            }
            finally
            {
                callDone?.Invoke();
            }
        }

        Promise<T> work = Preemptive.Detach(call);
        if (callDone is not null)
        {
            work.OnTermination(callDone);
        }

        return work.IsPending ? new JobEntry<T>(work) : work;
    }

    /// <summary>
    /// A job's promise. Canceling it goes on to the worker's promise, which is withdrawn while it
    /// waits for a worker and cannot be canceled once a worker runs the call: the call may be
    /// writing into the caller's buffer, so the promise settles only when the call returns (Lwt's
    /// job promises cannot be canceled at all). Only <see cref="Abort"/> (Lwt's abort_jobs)
    /// rejects it while the call runs.
    /// </summary>
    private sealed class JobEntry<T> : Promise<T>, IJobEntry, ICallback
    {
        private readonly LinkedListNode<IJobEntry> _node;

        internal JobEntry(Promise<T> work)
            : base(CancelKind.One, work)
        {
            _node = (t_jobs ??= new LinkedList<IJobEntry>()).AddFirst(this);
            work.Underlying().AddCallback(this);
        }

        Promise IJobEntry.Promise => this;

        public void Abort(Exception exception)
        {
            Remove();
            if (IsPending)
            {
                Combinator.Reject(this, exception);
            }
        }

        // Leave the list before the promise settles, so that its callbacks see the count without it.
        // Settle the end of the proxy chain: a Bind whose function returned this pending promise
        // made it a proxy of the Bind's own promise.
        public void OnResolved(Promise source)
        {
            Remove();
            Combinator.ResolveFrom(this, source);
        }

        private void Remove() => _node.List?.Remove(_node);
    }
}
