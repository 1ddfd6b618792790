// InteropTests.cs: the bridges between promises and Task/ValueTask/CancellationToken
// (DESIGN.md 3, async/await and cancellation interop). Completions that come from other threads
// must be posted to the SynchronizationContext captured when the bridge was made and run on the
// promise's thread; SingleThreadLoop stands in for the event loop, and a counting context shows
// exactly what was posted.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Tests.Infrastructure;
using Xunit;

namespace Lwt.Tests;

#pragma warning disable CA2012 // These tests inspect the state of the value tasks they get, once each.

public class InteropTests
{
    [ThreadStatic]
    private static bool t_insideResolve;

    // ---- AsTask / AsValueTask ----------------------------------------------------------------

    [Fact]
    public void AsTask_of_a_fulfilled_promise_is_a_task_completed_with_its_value()
    {
        Assert.Equal(5, CompletedValue(Promise.Return(5).AsTask()));
        Assert.True(Promise.Unit.AsTask().IsCompletedSuccessfully);
        Assert.True(((Promise)Promise.Return("x")).AsTask().IsCompletedSuccessfully);
    }

    [Fact]
    public void AsValueTask_of_a_fulfilled_promise_is_a_completed_value_task_with_its_value()
    {
        ValueTask<int> v = Promise.Return(5).AsValueTask();
        ValueTask u = Promise.Unit.AsValueTask();

        Assert.Equal(5, CompletedValue(v));
        Assert.True(u.IsCompletedSuccessfully);
    }

    [Fact]
    public void AsTask_of_a_rejected_promise_is_faulted_with_the_same_exception()
    {
        var error = new FailureException("rejected");

        Task<int> t = Promise.Fail<int>(error).AsTask();
        Task u = Promise.Fail(error).AsTask();
        ValueTask<int> v = Promise.Fail<int>(error).AsValueTask();

        Assert.True(t.IsFaulted);
        Assert.Same(error, Assert.Single(t.Exception!.InnerExceptions));
        Assert.True(u.IsFaulted);
        Assert.Same(error, Assert.Single(u.Exception!.InnerExceptions));
        Assert.True(v.IsFaulted);
        Assert.Same(error, Assert.Single(v.AsTask().Exception!.InnerExceptions));
    }

    [Fact]
    public void AsTask_of_a_canceled_promise_is_a_canceled_task()
    {
        var (p, _) = Promise.Cancelable<int>();
        var (q, _) = Promise.Cancelable();
        p.Cancel();
        q.Cancel();

        Assert.True(p.AsTask().IsCanceled);
        Assert.True(q.AsTask().IsCanceled);
        Assert.True(p.AsValueTask().IsCanceled);
        Assert.True(q.AsValueTask().IsCanceled);
    }

    [Fact]
    public void AsTask_of_a_pending_promise_completes_when_the_promise_is_fulfilled()
    {
        var (p, r) = Promise.Wait<int>();
        var (q, rq) = Promise.Wait();

        Task<int> t = p.AsTask();
        ValueTask<int> v = p.AsValueTask();
        Task u = q.AsTask();
        Assert.False(t.IsCompleted);
        Assert.False(v.IsCompleted);
        Assert.False(u.IsCompleted);

        r.Resolve(9);
        rq.Resolve();

        Assert.Equal(9, CompletedValue(t));
        Assert.Equal(9, CompletedValue(v));
        Assert.True(u.IsCompletedSuccessfully);
    }

    [Fact]
    public void AsTask_of_a_pending_promise_faults_or_cancels_when_the_promise_is_rejected_or_canceled()
    {
        var (p, r) = Promise.Wait<int>();
        var (c, _) = Promise.Cancelable<int>();
        var error = new FailureException("later");
        Task<int> faulted = p.AsTask();
        Task<int> canceled = c.AsTask();
        Task<int> canceledThroughBind = c.Map(x => x + 1).AsTask();

        r.Reject(error);
        c.Cancel();

        Assert.Same(error, Assert.Single(faulted.Exception!.InnerExceptions));
        Assert.True(canceled.IsCanceled);
        Assert.True(canceledThroughBind.IsCanceled);
    }

    [Fact]
    public async Task Continuations_of_AsTask_do_not_run_inside_Resolve()
    {
        var (p, r) = Promise.Wait<int>();
        Task<int> t = p.AsTask();
        var ranInsideResolve = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = t.ContinueWith(
            _ => ranInsideResolve.SetResult(t_insideResolve),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        t_insideResolve = true;
        try
        {
            r.Resolve(1);
        }
        finally
        {
            t_insideResolve = false;
        }

        Assert.False(await ranInsideResolve.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_awaiting_Task_method_does_not_resume_inside_Resolve()
    {
        var (p, r) = Promise.Wait();
        Task<bool> observer = Observe(p.AsTask());

        t_insideResolve = true;
        try
        {
            r.Resolve();
        }
        finally
        {
            t_insideResolve = false;
        }

        Assert.False(await observer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        static async Task<bool> Observe(Task t)
        {
            await t.ConfigureAwait(false);
            return t_insideResolve;
        }
    }

    // ---- FromTask / FromValueTask ------------------------------------------------------------

    [Fact]
    public void FromTask_of_a_completed_task_is_fulfilled_with_its_value()
    {
        Assert.Equal(5, Promise.FromTask(Task.FromResult(5)).Result);
        Assert.True(Promise.FromTask(Task.CompletedTask).IsFulfilled);
        Assert.Equal(6, Promise.FromValueTask(new ValueTask<int>(6)).Result);
        Assert.True(Promise.FromValueTask(default(ValueTask)).IsFulfilled);
    }

    [Fact]
    public void FromTask_of_a_faulted_task_is_rejected_with_its_single_inner_exception()
    {
        var error = new FailureException("faulted");

        Promise<int> p = Promise.FromTask(Task.FromException<int>(error));
        Promise q = Promise.FromTask(Task.FromException(error));
        Promise<int> v = Promise.FromValueTask(new ValueTask<int>(Task.FromException<int>(error)));

        Assert.Same(error, p.Exception);
        Assert.Same(error, q.Exception);
        Assert.Same(error, v.Exception);
    }

    [Fact]
    public void FromTask_of_a_task_faulted_with_several_exceptions_is_rejected_with_the_AggregateException()
    {
        var tcs = new TaskCompletionSource<int>();
        tcs.SetException([new FailureException("one"), new FailureException("two")]);

        Promise<int> p = Promise.FromTask(tcs.Task);

        AggregateException all = Assert.IsType<AggregateException>(p.Exception);
        Assert.Equal(2, all.InnerExceptions.Count);
    }

    [Fact]
    public void FromTask_of_a_canceled_task_is_canceled()
    {
        Promise<int> p = Promise.FromTask(Task.FromCanceled<int>(new CancellationToken(true)));
        Promise q = Promise.FromTask(Task.FromCanceled(new CancellationToken(true)));

        Assert.True(p.IsCanceled);
        Assert.True(q.IsCanceled);
    }

    [Fact]
    public void FromTask_of_an_incomplete_task_without_a_SynchronizationContext_throws_InvalidOperationException()
    {
        var tcs = new TaskCompletionSource<int>();

        WithContext(null, () =>
        {
            var typed = Assert.Throws<InvalidOperationException>(() => Promise.FromTask(tcs.Task));
            var untyped = Assert.Throws<InvalidOperationException>(() => Promise.FromTask((Task)tcs.Task));
            var valueTask = Assert.Throws<InvalidOperationException>(() => Promise.FromValueTask(new ValueTask<int>(tcs.Task)));

            Assert.Contains("SynchronizationContext", typed.Message, StringComparison.Ordinal);
            Assert.Contains("SynchronizationContext", untyped.Message, StringComparison.Ordinal);
            Assert.Contains("SynchronizationContext", valueTask.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_async_Promise_method_awaiting_an_incomplete_Task_without_a_SynchronizationContext_is_rejected_with_InvalidOperationException()
    {
        var tcs = new TaskCompletionSource();
        Promise m = Promise.Unit;

        WithContext(null, () => m = AwaitTask(tcs.Task));

        Assert.IsType<InvalidOperationException>(m.Exception);
        tcs.SetResult();
        Assert.IsType<InvalidOperationException>(m.Exception);

        static async Promise AwaitTask(Task t) => await t;
    }

    [Fact]
    public void FromTask_of_an_incomplete_task_posts_its_completion_to_the_captured_context()
    {
        var context = new CountingContext();
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Promise<int> p = Promise.Unit.Map(() => 0);

        WithContext(context, () => p = Promise.FromTask(tcs.Task));
        TestThread.Run(() => tcs.SetResult(4));
        Assert.True(SpinWait.SpinUntil(() => context.Count == 1, TimeSpan.FromSeconds(10)), "the completion was not posted");

        Assert.True(p.IsPending);
        context.RunAll();
        Assert.Equal(4, p.Result);
    }

    // ---- Inside an event loop -----------------------------------------------------------------

    [Fact]
    public void FromTask_of_a_task_completed_on_the_thread_pool_resolves_the_promise_on_the_loop_thread()
    {
        int loopThread = 0, completingThread = 0, continuationThread = 0;

        int value = SingleThreadLoop.Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Promise<int> p = Promise.FromTask(tcs.Task);
            Assert.True(p.IsPending);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                completingThread = Environment.CurrentManagedThreadId;
                tcs.SetResult(7);
            });
            return p.Map(x =>
            {
                continuationThread = Environment.CurrentManagedThreadId;
                return x * 2;
            });
        });

        Assert.Equal(14, value);
        Assert.NotEqual(loopThread, completingThread);
        Assert.Equal(loopThread, continuationThread);
    }

    [Fact]
    public void FromTask_of_a_task_faulted_on_the_thread_pool_rejects_the_promise_on_the_loop_thread()
    {
        int loopThread = 0, failureThread = 0;
        var error = new FailureException("from the pool");

        var thrown = Assert.Throws<FailureException>(() => SingleThreadLoop.Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            Promise p = Promise.FromTask(Task.Run(async () =>
            {
                await Task.Delay(10).ConfigureAwait(false);
                throw error;
            }));
            p.OnFailure(_ => failureThread = Environment.CurrentManagedThreadId);
            return p;
        }));

        Assert.Same(error, thrown);
        Assert.Equal(loopThread, failureThread);
    }

    [Fact]
    public void Awaiting_Task_Delay_inside_an_async_Promise_method_resumes_on_the_loop_thread()
    {
        int loopThread = 0;

        (int before, int after, int fromPool) = SingleThreadLoop.Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            return DelayThenReportThreads();
        });

        Assert.Equal(loopThread, before);
        Assert.Equal(loopThread, after);
        Assert.NotEqual(loopThread, fromPool);

        static async Promise<(int Before, int After, int FromPool)> DelayThenReportThreads()
        {
            int before = Environment.CurrentManagedThreadId;
            await Task.Delay(10);
            int fromPool = await Task.Run(() => Environment.CurrentManagedThreadId);
            return (before, Environment.CurrentManagedThreadId, fromPool);
        }
    }

    [Fact]
    public void WithCancellation_canceled_from_another_thread_cancels_the_promise_on_the_loop_thread()
    {
        using var cts = new CancellationTokenSource();
        int loopThread = 0, cancelThread = 0;

        int value = SingleThreadLoop.Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            var (p, _) = Promise.Cancelable<int>();
            Promise<int> same = p.WithCancellation(cts.Token);
            Assert.Same(p, same);
            p.OnCancel(() => cancelThread = Environment.CurrentManagedThreadId);
            ThreadPool.QueueUserWorkItem(_ => cts.Cancel());
            return p.Catch(e => e is CanceledException ? Promise.Return(-1) : Promise.Fail<int>(e));
        });

        Assert.Equal(-1, value);
        Assert.Equal(loopThread, cancelThread);
    }

    [Fact]
    public void WithCancellation_on_an_async_method_canceled_from_another_thread_cancels_what_it_awaits()
    {
        using var cts = new CancellationTokenSource();
        Promise<int> awaited = Promise.Unit.Map(() => 0);

        bool canceled = SingleThreadLoop.Run(() =>
        {
            var (p, _) = Promise.Cancelable<int>();
            awaited = p;
            Promise<int> m = AddOne(p).WithCancellation(cts.Token);
            cts.CancelAfter(10);
            return m.Map(_ => false).Catch(e => e is CanceledException ? Promise.True : Promise.Fail<bool>(e));
        });

        Assert.True(canceled);
        Assert.True(awaited.IsCanceled);
    }

    [Fact]
    public void FromToken_canceled_from_another_thread_rejects_the_promise_on_the_loop_thread()
    {
        using var cts = new CancellationTokenSource();
        int loopThread = 0, cancelThread = 0;
        Promise<int> work = Promise.Unit.Map(() => 0);

        var thrown = Assert.Throws<CanceledException>(() => SingleThreadLoop.Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            Promise token = Promise.FromToken(cts.Token);
            Assert.True(token.IsPending);
            token.OnCancel(() => cancelThread = Environment.CurrentManagedThreadId);
            var (w, _) = Promise.Cancelable<int>();
            work = w;
            cts.CancelAfter(10);
            return Promise.Pick(token, w);
        }));

        Assert.NotNull(thrown);
        Assert.Equal(loopThread, cancelThread);
        Assert.True(work.IsCanceled);
    }

    [Fact]
    public void FromToken_of_a_canceled_token_is_canceled_and_of_an_uncancelable_token_stays_pending()
    {
        WithContext(null, () =>
        {
            Assert.True(Promise.FromToken(new CancellationToken(true)).IsCanceled);
            Assert.True(Promise.FromToken(CancellationToken.None).IsPending);
        });
    }

    [Fact]
    public void WithCancellation_of_a_canceled_token_cancels_at_once_and_of_an_uncancelable_token_does_nothing()
    {
        WithContext(null, () =>
        {
            var (p, _) = Promise.Cancelable<int>();
            var (q, _) = Promise.Cancelable<int>();

            p.WithCancellation(new CancellationToken(true));
            q.WithCancellation(CancellationToken.None);

            Assert.True(p.IsCanceled);
            Assert.True(q.IsPending);
        });
    }

    [Fact]
    public void WithCancellation_and_FromToken_on_a_cancelable_token_without_a_SynchronizationContext_throw_InvalidOperationException()
    {
        using var cts = new CancellationTokenSource();

        WithContext(null, () =>
        {
            var (p, _) = Promise.Cancelable<int>();
            Assert.Throws<InvalidOperationException>(() => p.WithCancellation(cts.Token));
            Assert.Throws<InvalidOperationException>(() => Promise.FromToken(cts.Token));
        });
    }

    [Fact]
    public void A_token_canceled_from_another_thread_posts_the_cancel_to_the_promise_context()
    {
        using var cts = new CancellationTokenSource();
        var context = new CountingContext();
        var (p, _) = Promise.Cancelable<int>();

        WithContext(context, () => p.WithCancellation(cts.Token));
        TestThread.Run(cts.Cancel);

        Assert.Equal(1, context.Count);
        Assert.True(p.IsPending);
        context.RunAll();
        Assert.True(p.IsCanceled);
    }

    [Fact]
    public void WithCancellation_releases_its_registration_when_the_promise_resolves_so_a_later_cancel_changes_nothing()
    {
        using var cts = new CancellationTokenSource();
        var context = new CountingContext();
        var (p, r) = Promise.Cancelable<int>();
        WithContext(context, () => p.WithCancellation(cts.Token));

        r.Resolve(5);
        TestThread.Run(cts.Cancel);

        Assert.Equal(0, context.Count);
        Assert.Equal(5, p.Result);
    }

    [Fact]
    public void WithCancellation_canceled_on_the_promise_thread_after_resolution_changes_nothing()
    {
        using var cts = new CancellationTokenSource();
        var context = new CountingContext();
        var (p, r) = Promise.Cancelable<int>();
        WithContext(context, () => p.WithCancellation(cts.Token));

        r.Resolve(5);
        cts.Cancel();

        Assert.Equal(5, p.Result);
        Assert.Equal(0, context.Count);
    }

    [Fact]
    public void FromToken_releases_its_registration_when_the_promise_is_canceled()
    {
        using var cts = new CancellationTokenSource();
        var context = new CountingContext();
        Promise p = Promise.Unit;
        WithContext(context, () => p = Promise.FromToken(cts.Token));

        p.Cancel();
        TestThread.Run(cts.Cancel);

        Assert.True(p.IsCanceled);
        Assert.Equal(0, context.Count);
    }

    [Fact]
    public void FromTask_releases_its_continuation_when_the_promise_is_canceled()
    {
        // A Pick that keeps losing to FromTask of a long-lived task must not pile continuations on it.
        var tcs = new TaskCompletionSource<int>();
        var context = new CountingContext();
        Promise<int> p = Promise.Return(0);
        WithContext(context, () => p = Promise.FromTask(tcs.Task));

        p.Cancel();
        TestThread.Run(() => tcs.SetResult(1));

        Assert.True(p.IsCanceled);
        Assert.Equal(0, context.Count);
    }

    [Fact]
    public void FromValueTask_consumes_a_value_task_that_completed()
    {
        var source = new CompletedSource();
        Assert.True(Promise.FromValueTask(new ValueTask(source, 0)).IsFulfilled);
        Assert.Equal(1, source.GetResultCalls);
    }

    [Fact]
    public void AsTask_of_a_promise_canceled_with_a_token_keeps_the_token()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var (p, r) = Promise.Wait<int>();
        Task<int> t = p.AsTask();
        r.Reject(new OperationCanceledException(cts.Token));
        OperationCanceledException e = Assert.ThrowsAny<OperationCanceledException>(() => t.GetAwaiter().GetResult());
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void FromTask_of_a_canceled_task_keeps_its_exception_inside()
    {
        static async Task<int> TimesOut()
        {
            await Task.Yield();
            throw new TaskCanceledException("timed out", new TimeoutException());
        }

        Task<int> task = TimesOut();
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        Assert.True(task.IsCanceled);
        CanceledException e = Assert.IsType<CanceledException>(Promise.FromTask(task).Exception);
        Assert.IsType<TimeoutException>(Assert.IsType<TaskCanceledException>(e.InnerException).InnerException);
    }

    // ---- Helpers -----------------------------------------------------------------------------

    /// <summary>A value-task source that has completed and counts how often it is consumed.</summary>
    private sealed class CompletedSource : System.Threading.Tasks.Sources.IValueTaskSource
    {
        internal int GetResultCalls { get; private set; }

        public void GetResult(short token) => GetResultCalls++;

        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => System.Threading.Tasks.Sources.ValueTaskSourceStatus.Succeeded;

        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
            throw new InvalidOperationException("completed already");
    }

    private static async Promise<int> AddOne(Promise<int> p) => await p + 1;

    private static T CompletedValue<T>(Task<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "the task is " + task.Status);
        return task.Result;
    }

    private static T CompletedValue<T>(ValueTask<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "the value task is not completed successfully");
        return task.Result;
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="context"/> as this thread's context, then restores it.</summary>
    private static void WithContext(SynchronizationContext? context, Action action)
    {
        SynchronizationContext? saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    /// <summary>Records what is posted, to run it later on the test thread.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private readonly List<(SendOrPostCallback Work, object? State)> _posted = [];

        public int Count
        {
            get
            {
                lock (_posted)
                {
                    return _posted.Count;
                }
            }
        }

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_posted)
            {
                _posted.Add((d, state));
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public override SynchronizationContext CreateCopy() => this;

        public void RunAll()
        {
            (SendOrPostCallback Work, object? State)[] work;
            lock (_posted)
            {
                work = [.. _posted];
                _posted.Clear();
            }

            foreach (var (d, state) in work)
            {
                d(state);
            }
        }
    }
}
