// Promise.Tasks.cs: bridges between promises and Task/ValueTask. A promise becomes a Task whose
// continuations run asynchronously (never inside our resolution loop). A Task becomes a promise
// resolved on the promise's own thread: the completion is posted to the SynchronizationContext
// that was current when the bridge was made (the event loop's), never run on the Task's thread.

using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// A <see cref="Task"/> that completes when this promise resolves: successfully on fulfilment,
    /// canceled on a <see cref="CanceledException"/> (or any <see cref="OperationCanceledException"/>,
    /// whose token it keeps), faulted with the exception otherwise. Its
    /// continuations run asynchronously, outside the promise's callbacks.
    /// </summary>
    /// <returns>The task; a completed one at no cost if the promise is already fulfilled.</returns>
    /// <exception cref="InvalidOperationException">The promise is pending and this is not its thread.</exception>
    public Task AsTask()
    {
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                return Task.CompletedTask;
            case Status.Rejected:
                return TaskBridge.Completed<bool>(u);
            default:
                u.CheckThread("Promise.AsTask");
                var bridge = new TaskBridge<bool>();
                u.AddCallback(bridge);
                return bridge.Task;
        }
    }

    /// <summary>A <see cref="ValueTask"/> that completes when this promise resolves, as <see cref="AsTask"/>; allocation-free if it is already fulfilled.</summary>
    /// <returns>The value task.</returns>
    /// <exception cref="InvalidOperationException">The promise is pending and this is not its thread.</exception>
    public ValueTask AsValueTask() => Underlying()._status == Status.Fulfilled ? default : new ValueTask(AsTask());

    /// <summary>
    /// A promise that resolves like <paramref name="task"/>: fulfilled, rejected with its exception
    /// (the single inner exception of a faulted task, else its <see cref="AggregateException"/>),
    /// or rejected with <see cref="CanceledException"/> if it was canceled. The completion is
    /// posted to the current <see cref="SynchronizationContext"/> (the event loop's), so the
    /// promise resolves on this thread. Canceling the promise rejects it; the task runs on.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <returns>The promise; already resolved if the task is complete.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The task is not complete and this thread has no SynchronizationContext to bring its completion back to.</exception>
    public static Promise FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            return task.IsCompletedSuccessfully ? Unit : new Promise(TaskBridge.ExceptionOf(task));
        }

        var p = new Promise(CancelKind.CancelThis, null);
        TaskBridge.OnCompletion<bool>(task, p, "Promise.FromTask");
        return p;
    }

    /// <summary>
    /// A promise that resolves like <paramref name="task"/>, on this thread; see <see cref="FromTask(Task)"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The promise; already resolved if the task is complete.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The task is not complete and this thread has no SynchronizationContext to bring its completion back to.</exception>
    public static Promise<T> FromTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            return task.IsCompletedSuccessfully ? Return(task.Result) : new Promise<T>(TaskBridge.ExceptionOf(task));
        }

        var p = new Promise<T>(CancelKind.CancelThis, null);
        TaskBridge.OnCompletion<T>(task, p, "Promise.FromTask");
        return p;
    }

    /// <summary>A promise that resolves like <paramref name="task"/>; see <see cref="FromTask(Task)"/>.</summary>
    /// <param name="task">The value task.</param>
    /// <returns>The promise; already resolved if the task is complete.</returns>
    /// <exception cref="InvalidOperationException">The task is not complete and this thread has no SynchronizationContext.</exception>
    public static Promise FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // A value task is consumed once: its source (a pooled one) is released by GetResult.
            task.GetAwaiter().GetResult();
            return Unit;
        }

        return FromTask(task.AsTask());
    }

    /// <summary>A promise that resolves like <paramref name="task"/>; see <see cref="FromTask(Task)"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="task">The value task.</param>
    /// <returns>The promise; already resolved if the task is complete.</returns>
    /// <exception cref="InvalidOperationException">The task is not complete and this thread has no SynchronizationContext.</exception>
    public static Promise<T> FromValueTask<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? Return(task.Result) : FromTask(task.AsTask());
}

public partial class Promise<T>
{
    /// <summary>
    /// A <see cref="Task{TResult}"/> that completes when this promise resolves: with the value,
    /// canceled on a <see cref="CanceledException"/> (or any <see cref="OperationCanceledException"/>,
    /// whose token it keeps), faulted otherwise. Its continuations run
    /// asynchronously, outside the promise's callbacks.
    /// </summary>
    /// <returns>The task.</returns>
    /// <exception cref="InvalidOperationException">The promise is pending and this is not its thread.</exception>
    public new Task<T> AsTask()
    {
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                return Task.FromResult(Unsafe.As<Promise<T>>(u)._value);
            case Status.Rejected:
                return TaskBridge.Completed<T>(u);
            default:
                u.CheckThread("Promise<T>.AsTask");
                var bridge = new TaskBridge<T>();
                u.AddCallback(bridge);
                return bridge.Task;
        }
    }

    /// <summary>A <see cref="ValueTask{TResult}"/> of the promise's value, as <see cref="AsTask"/>; allocation-free if it is already fulfilled.</summary>
    /// <returns>The value task.</returns>
    /// <exception cref="InvalidOperationException">The promise is pending and this is not its thread.</exception>
    public new ValueTask<T> AsValueTask()
    {
        Promise u = Underlying();
        return u._status == Status.Fulfilled ? new ValueTask<T>(Unsafe.As<Promise<T>>(u)._value) : new ValueTask<T>(AsTask());
    }
}

/// <summary>The callback that completes a Task from a promise, and the helpers of the reverse way.</summary>
internal sealed class TaskBridge<T>() : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), ICallback
{
    public void OnResolved(Promise source)
    {
        if (source._status == Promise.Status.Fulfilled)
        {
            TrySetResult(source.CarriesValue && source is Promise<T> typed ? typed._value : default!);
        }
        else if (source._payload is OperationCanceledException canceled)
        {
            // Keep the token, so that a `when (e.CancellationToken == token)` filter still matches.
            TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            TrySetException((Exception)source._payload!);
        }
    }
}

internal static class TaskBridge
{
    internal static Task<T> Completed<T>(Promise rejected) =>
        rejected._payload is OperationCanceledException oce ? Task.FromCanceled<T>(oce.CancellationToken.IsCancellationRequested ? oce.CancellationToken : new CancellationToken(true))
            : Task.FromException<T>((Exception)rejected._payload!);

    internal static Exception ExceptionOf(Task task)
    {
        if (task.IsCanceled)
        {
            // The task's own exception (TaskCanceledException, with an HttpClient timeout's
            // TimeoutException inside) is kept as the inner exception.
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException e)
            {
                return new CanceledException("The task was canceled.", e);
            }

            return new CanceledException("The task was canceled.");
        }

        AggregateException all = task.Exception!;
        return all.InnerExceptions.Count == 1 ? all.InnerExceptions[0] : all;
    }

    /// <summary>Resolves <paramref name="promise"/> on its own thread when <paramref name="task"/> completes.</summary>
    internal static void OnCompletion<T>(Task task, Promise promise, string operation)
    {
        SynchronizationContext context = SynchronizationContext.Current ?? throw new InvalidOperationException(
            operation + ": the task is not complete and this thread has no SynchronizationContext, so its completion could not " +
            "come back to this thread. Call it inside the event loop (Main.Run), whose SynchronizationContext brings it back.");
        var completion = new Completion<T>(task, promise, context);

        // Canceling the promise takes the continuation off the task, so that a long-lived task
        // (a shutdown signal raced with Pick in a loop) does not keep one per canceled promise.
        promise.AddCancelCallback(completion);
        task.ContinueWith(
            static (_, state) => ((Completion<T>)state!).PostFromAnyThread(),
            completion,
            completion.Stop.Token,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Carries a finished task back to its promise's thread; takes its continuation off the task when the promise is canceled.</summary>
    private sealed class Completion<T>(Task task, Promise promise, SynchronizationContext context) : ICallback
    {
        internal CancellationTokenSource Stop { get; } = new();

        public void OnResolved(Promise source) => Stop.Cancel();

        internal void PostFromAnyThread() => context.Post(static s => ((Completion<T>)s!).Complete(), this);

        private void Complete()
        {
            Promise u = promise.Underlying();
            if (u._status != Promise.Status.Pending)
            {
                return;
            }

            if (!task.IsCompletedSuccessfully)
            {
                u.RejectCore(ExceptionOf(task));
            }
            else if (task is Task<T> typed && u is Promise<T> typedPromise)
            {
                typedPromise.FulfillCore(typed.Result);
            }
            else
            {
                u.FulfillUnit();
            }
        }
    }
}
