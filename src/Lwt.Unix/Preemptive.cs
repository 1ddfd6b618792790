// Preemptive.cs: Lwt_preemptive. Blocking work runs on a bounded pool of worker threads shared by
// the whole process; its outcome comes back to the loop that asked, through that loop's inbound
// queue. A caller that finds every worker busy waits in a FIFO, and may cancel while it waits;
// once a worker runs its function, the promise can no longer be canceled (the function cannot be
// stopped). Workers never touch promises: they only post to loops.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using Lwt.Internal;

namespace Lwt.Unix;

/// <summary>
/// Runs blocking functions on worker threads and brings their results back to the loop (Lwt's
/// <c>Lwt_preemptive</c>). Bounds default to Lwt's: 0 threads at least, 4 at most.
/// </summary>
public static class Preemptive
{
    private static readonly object s_lock = new();
    private static readonly Stack<Worker> s_idle = new();
    private static readonly LinkedList<Waiter> s_waiters = new();
    private static int s_min;
    private static int s_max = 4;
    private static int s_threads;
    private static int s_busy;
    private static int s_maxQueued = 1000;

    [ThreadStatic]
    private static EventLoop? t_jobLoop;

    /// <summary>How many worker threads exist (Lwt's <c>nbthreads</c>).</summary>
    public static int ThreadCount
    {
        get
        {
            lock (s_lock)
            {
                return s_threads;
            }
        }
    }

    /// <summary>How many workers are running a function (Lwt's <c>nbthreadsbusy</c>).</summary>
    public static int BusyCount
    {
        get
        {
            lock (s_lock)
            {
                return s_busy;
            }
        }
    }

    /// <summary>How many workers exist and wait for a function: made but not busy.</summary>
    internal static int IdleCount
    {
        get
        {
            lock (s_lock)
            {
                return s_idle.Count;
            }
        }
    }

    /// <summary>How many callers wait for a free worker (Lwt's <c>nbthreadsqueued</c>).</summary>
    public static int QueuedCount
    {
        get
        {
            lock (s_lock)
            {
                return s_waiters.Count;
            }
        }
    }

    /// <summary>
    /// The most callers that may wait for a worker (Lwt's <c>get/set_max_number_of_threads_queued</c>).
    /// Stored and reported, but, as in Lwt, not enforced.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative number.</exception>
    public static int MaxQueued
    {
        get => Volatile.Read(ref s_maxQueued);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref s_maxQueued, value);
        }
    }

    /// <summary>The least and the most worker threads (Lwt's <c>get_bounds</c>).</summary>
    /// <returns>The bounds.</returns>
    public static (int Min, int Max) GetBounds()
    {
        lock (s_lock)
        {
            return (s_min, s_max);
        }
    }

    /// <summary>
    /// Sets the least and the most worker threads (Lwt's <c>set_bounds</c>). Raising the least
    /// starts threads now, and callers waiting for a worker get the free ones (also those a raised
    /// most allows); lowering the most ends idle workers now and lets busy ones end after their
    /// current function.
    /// </summary>
    /// <param name="min">The least number of threads, kept ready.</param>
    /// <param name="max">The most threads running functions at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is negative or <paramref name="max"/> is less than <paramref name="min"/> or zero.</exception>
    public static void SetBounds(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, Math.Max(min, 1));
        lock (s_lock)
        {
            s_min = min;
            s_max = max;
            while (s_threads < s_min)
            {
                s_idle.Push(StartWorker());
            }

            ServeWaiters();
            while (s_threads > s_max && s_idle.Count > 0)
            {
                s_idle.Pop().Exit();
                s_threads--;
            }
        }
    }

    /// <summary>
    /// Hands free workers (idle ones, then new ones under the bound) to the callers waiting for
    /// one, first come first served, as Lwt's add_worker does with the workers set_bounds starts.
    /// Holds the lock.
    /// </summary>
    private static void ServeWaiters()
    {
        while (s_waiters.First is { } first && TakeWorker() is { } worker)
        {
            s_waiters.RemoveFirst();
            first.Value.Node = null;
            if (!first.Value.HandOver(worker))
            {
                // The waiter's loop is gone: the worker rests.
                s_busy--;
                s_idle.Push(worker);
            }
        }
    }

    /// <summary>Sets the bounds (Lwt's <c>init min max log</c>; .NET has no use for the log function).</summary>
    /// <param name="min">The least number of threads.</param>
    /// <param name="max">The most threads.</param>
    /// <param name="log">Ignored; kept for Lwt's signature.</param>
    public static void Init(int min, int max, Action<string>? log = null)
    {
        _ = log;
        SetBounds(min, max);
    }

    /// <summary>
    /// Lwt's <c>simple_init</c>: makes sure the pool is set up. Ours is ready from the start with
    /// Lwt's default bounds (0 and 4), so this changes nothing; it exists for ported code.
    /// </summary>
    public static void SimpleInit()
    {
        lock (s_lock)
        {
            while (s_threads < s_min)
            {
                s_idle.Push(StartWorker());
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> on a worker thread and returns a promise of its result on this
    /// thread's loop (Lwt's <c>detach</c>). If every worker is busy, waits for one, first come
    /// first served; canceling the promise while it waits removes it from the queue. Once
    /// <paramref name="f"/> has started the promise cannot be canceled. An exception from
    /// <paramref name="f"/> rejects the promise, with its stack trace. <paramref name="f"/> must not
    /// use promises: call <see cref="RunInMain{T}"/> for that.
    /// </summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="f">The blocking function.</param>
    /// <returns>A promise of its result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<T> Detach<T>(Func<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        EventLoop loop = EventLoop.Current;
        Worker? worker;
        Waiter waiter;
        lock (s_lock)
        {
            worker = TakeWorker();
            if (worker is not null)
            {
                return Start(worker, loop, f);
            }

            waiter = new Waiter(loop);
            waiter.Node = s_waiters.AddLast(waiter);
        }

        return waiter.Promise.Bind(w => Start(w, loop, f));
    }

    /// <summary>Runs <paramref name="f"/> on a worker thread; see <see cref="Detach{T}(Func{T})"/>.</summary>
    /// <param name="f">The blocking function.</param>
    /// <returns>A promise fulfilled when it returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise Detach(Action f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Detach(() =>
        {
            f();
            return true;
        });
    }

    /// <summary>
    /// From a worker thread running a <see cref="Detach{T}(Func{T})"/> function: runs
    /// <paramref name="f"/> on the loop that detached it, blocks this thread until its promise
    /// resolves, and returns its value or rethrows its exception (Lwt's <c>run_in_main</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">Makes the promise, on the loop thread.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">Not called from a function that <see cref="Detach{T}(Func{T})"/> runs (on the loop thread it would deadlock).</exception>
    public static T RunInMain<T>(Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        EventLoop loop = t_jobLoop ?? throw new InvalidOperationException(
            "Preemptive.RunInMain: call it from a function run by Preemptive.Detach; on the loop thread it would wait for itself forever.");
        using var done = new ManualResetEventSlim();
        T value = default!;
        Exception? error = null;
        loop.PostFromAnyThread(
            _ =>
            {
                Promise<T> p = Promise.Apply(static g => g(), f);
                p.OnAny(
                    v =>
                    {
                        value = v;
                        done.Set();
                    },
                    e =>
                    {
                        error = e;
                        done.Set();
                    });
            },
            null);
        done.Wait();
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return value;
    }

    /// <summary>
    /// From a worker thread: runs <paramref name="f"/> on the loop that detached this function and
    /// returns at once (Lwt's <c>run_in_main_dont_wait</c>); a failure goes to <paramref name="handler"/>, on the loop thread.
    /// </summary>
    /// <param name="f">Makes the promise, on the loop thread.</param>
    /// <param name="handler">Gets the exception if <paramref name="f"/> throws or its promise is rejected.</param>
    /// <exception cref="InvalidOperationException">Not called from a function that <see cref="Detach{T}(Func{T})"/> runs.</exception>
    public static void RunInMainDontWait(Func<Promise> f, Action<Exception> handler)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(handler);
        EventLoop loop = t_jobLoop ?? throw new InvalidOperationException(
            "Preemptive.RunInMainDontWait: call it from a function run by Preemptive.Detach.");
        loop.PostFromAnyThread(_ => Promise.DontWait(f, handler), null);
    }

    /// <summary>A free worker, or a new one while under the bound; null when all are busy. Holds the lock.</summary>
    private static Worker? TakeWorker()
    {
        Worker? w = null;
        if (s_idle.Count > 0)
        {
            w = s_idle.Pop();
        }
        else if (s_threads < s_max)
        {
            w = StartWorker();
        }

        if (w is not null)
        {
            s_busy++;
        }

        return w;
    }

    private static Worker StartWorker()
    {
        s_threads++;
        var w = new Worker();
        w.Thread.Start();
        return w;
    }

    private static Promise<T> Start<T>(Worker worker, EventLoop loop, Func<T> f)
    {
        var (p, r) = Promise.Wait<T>();
        long started = loop.DetachStarted();
        worker.Run(() =>
        {
            T value = default!;
            Exception? error = null;
            t_jobLoop = loop;
            try
            {
                value = f();
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                t_jobLoop = null;
            }

            long finished = Stopwatch.GetTimestamp();

            // Free the worker before the loop hears of the result, so that code continuing on the
            // result sees it idle (the counts, the next Detach). Its next function, if a waiter
            // gets it now, starts only after this one returns. A loop disposed while the function
            // ran has nobody to take the result: it is dropped, rather than ending the process
            // with an exception on this worker thread.
            Release(worker);
            _ = loop.TryPostFromAnyThread(
                _ =>
                {
                    loop.DetachFinished(started, finished);
                    if (error is null)
                    {
                        r.Resolve(value);
                    }
                    else
                    {
                        r.Reject(error);
                    }
                },
                null);
        });
        return p;
    }

    /// <summary>Called on the worker thread when its function is done: serve the next waiter, or rest.</summary>
    private static void Release(Worker worker)
    {
        lock (s_lock)
        {
            if (s_threads > s_max)
            {
                // The maximum was lowered: this thread ends, as Lwt's worker that finds too many
                // threads is not reused, and the waiters are served within the new maximum.
                s_busy--;
                s_threads--;
                worker.Exit();
                return;
            }

            while (s_waiters.First is { } first)
            {
                s_waiters.RemoveFirst();
                first.Value.Node = null;
                if (first.Value.HandOver(worker))
                {
                    return;
                }
            }

            s_busy--;
            s_idle.Push(worker);
        }
    }

    /// <summary>A caller waiting for a worker; lives on its loop's thread except for HandOver.</summary>
    private sealed class Waiter
    {
        private readonly EventLoop _loop;
        private readonly Resolver<Worker> _resolver;

        internal Waiter(EventLoop loop)
        {
            _loop = loop;
            (Promise, _resolver) = Lwt.Promise.Cancelable<Worker>();
            Promise.OnCancel(Withdraw);
        }

        internal Promise<Worker> Promise { get; }

        internal LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Any thread, under the lock: the worker is reserved for this waiter until its loop takes it.</summary>
        /// <returns>False when the waiter's loop is gone: the worker stays with the caller.</returns>
        internal bool HandOver(Worker worker) =>
            _loop.TryPostFromAnyThread(
                _ =>
                {
                    if (!_resolver.TryResolve(worker))
                    {
                        // Canceled meanwhile: give the worker to the next in line.
                        Release(worker);
                    }
                },
                null);

        private void Withdraw()
        {
            lock (s_lock)
            {
                if (Node is not null)
                {
                    s_waiters.Remove(Node);
                    Node = null;
                }
            }
        }
    }

    /// <summary>A worker thread: runs one function at a time, handed over under its monitor.</summary>
    private sealed class Worker
    {
        private readonly object _gate = new();
        private Action? _job;
        private bool _exit;

        internal Worker()
        {
            Thread = new Thread(Loop) { IsBackground = true, Name = "Lwt.Preemptive worker" };
        }

        internal Thread Thread { get; }

        internal void Run(Action job)
        {
            lock (_gate)
            {
                Volatile.Write(ref _job, job);
                Monitor.Pulse(_gate);
            }
        }

        /// <summary>
        /// Spins as long as the loop spins for results (<see cref="EventLoop.SpinTicks"/>, not at
        /// all with one CPU) for the next function before sleeping on the monitor: a loop that
        /// detaches call after call hands it over to a worker that is still awake.
        /// </summary>
        private void SpinForJob()
        {
            if (!EventLoop.SpinningCanPay)
            {
                return;
            }

            long deadline = Stopwatch.GetTimestamp() + EventLoop.SpinTicks;
            while (Volatile.Read(ref _job) is null && !Volatile.Read(ref _exit) && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
            }
        }

        internal void Exit()
        {
            lock (_gate)
            {
                _exit = true;
                Monitor.Pulse(_gate);
            }
        }

        private void Loop()
        {
            while (true)
            {
                Action job;
                SpinForJob();
                lock (_gate)
                {
                    while (_job is null && !_exit)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_job is null)
                    {
                        return;
                    }

                    job = _job;
                    _job = null;
                }

                job();
            }
        }
    }
}
