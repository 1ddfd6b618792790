// SingleThreadLoopTests.cs: the test loop itself must fail clearly instead of hanging, carry
// rejections back to the caller, and run everything on one thread of its own.

using System;
using System.Threading;
using Xunit;

namespace Lwt.Tests.Infrastructure;

public class SingleThreadLoopTests
{
    [Fact]
    public void Run_fails_with_a_TimeoutException_when_the_promise_never_resolves()
    {
        var ex = Assert.Throws<TimeoutException>(() => SingleThreadLoop.Run(() => Promise.Wait<int>().Promise, TimeSpan.FromMilliseconds(200)));

        Assert.Contains("pending", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_rethrows_the_rejection_on_the_caller()
    {
        var error = new FailureException("rejected in the loop");

        Assert.Same(error, Assert.Throws<FailureException>(() => SingleThreadLoop.Run(() => Promise.Fail(error))));
    }

    [Fact]
    public void Run_runs_the_function_and_posted_work_on_one_thread_other_than_the_callers()
    {
        int caller = Environment.CurrentManagedThreadId, loop = 0, posted = 0;

        int value = SingleThreadLoop.Run(() =>
        {
            loop = Environment.CurrentManagedThreadId;
            var (p, r) = Promise.Wait<int>();
            SynchronizationContext context = SynchronizationContext.Current!;
            ThreadPool.QueueUserWorkItem(_ => context.Post(
                _ =>
                {
                    posted = Environment.CurrentManagedThreadId;
                    r.Resolve(3);
                },
                null));
            return p;
        });

        Assert.Equal(3, value);
        Assert.NotEqual(caller, loop);
        Assert.Equal(loop, posted);
    }
}
