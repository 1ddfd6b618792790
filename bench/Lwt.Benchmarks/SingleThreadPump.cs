// SingleThreadPump.cs: the baseline of pause_loop, a minimal single-threaded SynchronizationContext
// pump: one dedicated thread, one queue behind a lock. `await Task.Yield()` in an async Task
// method running on it posts its continuation here (YieldAwaitable posts to the current
// SynchronizationContext), so each yield is one Post and one dequeue on the same thread, the
// usual way a UI-style loop yields. The calling thread hands it a body and blocks until the body's
// task has completed, once per operation.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Lwt.Benchmarks;

/// <summary>A dedicated thread that runs posted callbacks in order, and is the SynchronizationContext while it does.</summary>
public sealed class SingleThreadPump : SynchronizationContext, IDisposable
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly object _lock = new();
    private readonly Thread _thread;
    private bool _waiting;
    private bool _stop;

    /// <summary>Starts the pump's thread.</summary>
    public SingleThreadPump()
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "bench SingleThreadPump" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="d"/> to run on the pump thread.</summary>
    /// <param name="d">The callback.</param>
    /// <param name="state">Its argument.</param>
    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            _queue.Enqueue((d, state));
            if (_waiting)
            {
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Not supported: the benchmarks only post.</summary>
    /// <param name="d">The callback.</param>
    /// <param name="state">Its argument.</param>
    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("SingleThreadPump: Send is not supported.");

    /// <summary>The pump itself (it has no per-copy state).</summary>
    /// <returns>This.</returns>
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="body"/> on the pump thread and blocks the caller until its task has completed.</summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="body">Starts the work; called on the pump thread.</param>
    /// <returns>The task's result.</returns>
    public T Run<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var done = new TaskCompletionSource<T>();
        Post(
            _ => body().ContinueWith(
                static (t, s) =>
                {
                    var tcs = (TaskCompletionSource<T>)s!;
                    if (t.IsCompletedSuccessfully)
                    {
                        tcs.SetResult(t.Result);
                    }
                    else
                    {
                        tcs.SetException(t.Exception?.InnerExceptions ?? (IEnumerable<Exception>)[new TaskCanceledException()]);
                    }
                },
                done,
                TaskContinuationOptions.ExecuteSynchronously),
            null);
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>Stops the pump thread once the queue is empty.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stop = true;
            Monitor.Pulse(_lock);
        }

        _thread.Join();
    }

    private void Pump()
    {
        SetSynchronizationContext(this);
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_lock)
            {
                while (_queue.Count == 0)
                {
                    if (_stop)
                    {
                        return;
                    }

                    _waiting = true;
                    Monitor.Wait(_lock);
                    _waiting = false;
                }

                item = _queue.Dequeue();
            }

            item.Callback(item.State);
        }
    }
}
