// AsyncMethodTests.cs: Lwt_unix's async methods (default_async_method, set_default_async_method,
// async_method, async_method_key, with_async_none, with_async_detach). Under Async_none a job's
// call runs at once on the loop thread; under Async_detach on a worker. The default is
// process-wide, so these run in the non-parallel collection and restore it.

using System;
using System.Threading;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

[Collection(nameof(LeakTests))]
public class AsyncMethodTests
{
    [Fact]
    public void Detach_is_the_default_and_runs_jobs_on_a_worker() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal(AsyncMethod.Detach, LwtUnix.DefaultAsyncMethod);
            Assert.Equal(AsyncMethod.Detach, LwtUnix.CurrentAsyncMethod);
            int loopThread = Environment.CurrentManagedThreadId;
            Promise<int> job = LwtUnix.Job(() => Environment.CurrentManagedThreadId);
            Assert.True(job.IsPending);
            Assert.NotEqual(loopThread, await job);
        }));

    [Fact]
    public void With_async_none_runs_jobs_at_once_on_the_loop_thread() =>
        TempFolder.Run(async dir =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            Promise<int> job = LwtUnix.WithAsyncNone(() =>
            {
                Assert.Equal(AsyncMethod.None, LwtUnix.CurrentAsyncMethod);
                return LwtUnix.Job(() => Environment.CurrentManagedThreadId);
            });
            Assert.True(job.IsFulfilled);
            Assert.Equal(loopThread, job.Result);
            Assert.Equal(AsyncMethod.Detach, LwtUnix.CurrentAsyncMethod);

            // A real call: mkdir under Async_none is done when the promise comes back.
            Promise made = LwtUnix.WithAsyncNone(() => LwtUnix.Mkdir(dir["sub"], (System.IO.UnixFileMode)0x1ED));
            Assert.True(made.IsFulfilled);
            Assert.True(System.IO.Directory.Exists(dir["sub"]));

            // Failures come back as rejected promises, not exceptions.
            Promise failed = LwtUnix.WithAsyncNone(() => LwtUnix.Mkdir(dir["sub"], (System.IO.UnixFileMode)0x1ED));
            Assert.True(failed.IsRejected);
            await Rejection.Of<UnixException>(failed);
        });

    [Fact]
    public void With_async_detach_overrides_a_none_default() =>
        LoopThread.Run(() =>
        {
            AsyncMethod saved = LwtUnix.DefaultAsyncMethod;
            try
            {
                LwtUnix.DefaultAsyncMethod = AsyncMethod.None;
                Assert.Equal(AsyncMethod.None, LwtUnix.CurrentAsyncMethod);
                Assert.True(LwtUnix.Job(() => 1).IsFulfilled);
                Main.Run(async () =>
                {
                    Promise<int> job = LwtUnix.WithAsyncDetach(() => LwtUnix.Job(() => 2));
                    Assert.True(job.IsPending);
                    Assert.Equal(2, await job);
                });
                Assert.True(Promise.TryGetStorage(LwtUnix.AsyncMethodKey, out _) is false);
                Assert.Equal(AsyncMethod.None, LwtUnix.WithAsyncDetach(() => Promise.WithoutStorage(LwtUnix.AsyncMethodKey, () => LwtUnix.CurrentAsyncMethod)));
            }
            finally
            {
                LwtUnix.DefaultAsyncMethod = saved;
            }
        });

    [Fact]
    public void The_key_set_directly_chooses_the_method() =>
        LoopThread.Run(() =>
        {
            Assert.Equal(AsyncMethod.None, Promise.WithStorage(LwtUnix.AsyncMethodKey, AsyncMethod.None, () => LwtUnix.CurrentAsyncMethod));
            Assert.Throws<ArgumentOutOfRangeException>("value", () => LwtUnix.DefaultAsyncMethod = (AsyncMethod)7);
            Assert.Throws<ArgumentNullException>("f", () => LwtUnix.WithAsyncNone<int>(null!));
        });
}
