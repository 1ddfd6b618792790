// SingleThreadLoop.cs: a test-only stand-in for the event loop. It runs a function on a fresh
// thread whose SynchronizationContext queues posted work, and pumps that queue until the
// function's promise resolves, so that interop tests can check that completions coming from
// other threads are brought back to the promise's thread.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Lwt.Tests.Infrastructure;

/// <summary>Runs a promise-returning function on a dedicated thread with its own posting SynchronizationContext.</summary>
public static class SingleThreadLoop
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="f"/> on a new thread, pumps the work posted to that thread's
    /// SynchronizationContext until the promise resolves, and returns its value or rethrows its
    /// rejection here. Throws <see cref="TimeoutException"/> if the promise is still pending after
    /// <paramref name="timeout"/> (10 s by default).
    /// </summary>
    public static T Run<T>(Func<Promise<T>> f, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        T result = default!;
        RunCore(
            () =>
            {
                Promise<T> p = f();
                return (p, () => result = p.Result);
            },
            timeout ?? DefaultTimeout);
        return result;
    }

    /// <summary>Runs <paramref name="f"/> as <see cref="Run{T}"/> does, for a promise without a value.</summary>
    public static void Run(Func<Promise> f, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        RunCore(
            () =>
            {
                Promise p = f();
                return (p, () => p.ThrowIfNotFulfilled());
            },
            timeout ?? DefaultTimeout);
    }

    private static void RunCore(Func<(Promise Promise, Action Collect)> start, TimeSpan timeout)
    {
        var context = new LoopContext();
        ExceptionDispatchInfo? failure = null;
        bool timedOut = false;
        var deadline = Stopwatch.StartNew();

        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                (Promise p, Action collect) = start();
                while (p.IsPending)
                {
                    TimeSpan left = timeout - deadline.Elapsed;
                    if (left <= TimeSpan.Zero || !context.TryTake(left, out SendOrPostCallback? work, out object? state))
                    {
                        timedOut = true;
                        return;
                    }

                    work(state);
                }

                collect();
            }
#pragma warning disable CA1031 // Everything is carried back to the caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                context.Close();
                SynchronizationContext.SetSynchronizationContext(null);
            }
        })
        {
            IsBackground = true,
            Name = "SingleThreadLoop",
        };

        thread.Start();

        // The loop checks its own deadline; the margin only matters if user code blocks the loop thread.
        if (!thread.Join(timeout + TimeSpan.FromSeconds(5)))
        {
            throw new TimeoutException($"SingleThreadLoop: the loop thread is blocked and did not end within {timeout.TotalSeconds} s (+5 s).");
        }

        if (timedOut)
        {
            throw new TimeoutException($"SingleThreadLoop: the promise was still pending after {timeout.TotalSeconds} s and no work was posted.");
        }

        failure?.Throw();
    }

    /// <summary>A SynchronizationContext whose Post enqueues into the loop's queue, from any thread.</summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Work, object? State)> _queue = new();
        private bool _closed;

        public override void Post(SendOrPostCallback d, object? state)
        {
            ArgumentNullException.ThrowIfNull(d);
            lock (_queue)
            {
                if (_closed)
                {
                    return;
                }

                _queue.Enqueue((d, state));
                Monitor.Pulse(_queue);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("SingleThreadLoop does not support Send.");

        public override SynchronizationContext CreateCopy() => this;

        internal bool TryTake(TimeSpan timeout, [NotNullWhen(true)] out SendOrPostCallback? work, out object? state)
        {
            lock (_queue)
            {
                var wait = Stopwatch.StartNew();
                while (_queue.Count == 0)
                {
                    TimeSpan left = timeout - wait.Elapsed;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_queue, left))
                    {
                        work = null;
                        state = null;
                        return false;
                    }
                }

                (work, state) = _queue.Dequeue();
                return true;
            }
        }

        /// <summary>Drops what is queued and refuses later posts, so nothing waits on a finished loop.</summary>
        internal void Close()
        {
            lock (_queue)
            {
                _closed = true;
                _queue.Clear();
            }
        }
    }
}
