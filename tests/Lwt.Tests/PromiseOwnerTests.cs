// PromiseOwnerTests.cs: a pending promise records the thread that made it as a 16-bit id (so
// that it fits beside the state bytes); these tests check that the ids tell live threads apart,
// and, on small tables of their own (the runtimes' table is process-wide), that a dead thread's
// id is handed on once the ids run out and that running out with every thread alive is a clear
// error.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Lwt.Internal;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Thread ids of promise owners.</summary>
public sealed class PromiseOwnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void PendingPromisesOfLiveThreadsRefuseEveryOtherThread()
    {
        const int Threads = 40;
        using var made = new CountdownEvent(Threads);
        using var release = new ManualResetEventSlim();
        var resolvers = new Resolver<int>[Threads];
        var promises = new Promise<int>[Threads];
        var ids = new ushort[Threads];
        var threads = new Thread[Threads];
        for (int i = 0; i < Threads; i++)
        {
            int k = i;
            threads[k] = new Thread(() =>
            {
                (promises[k], resolvers[k]) = Promise.Wait<int>();
                ids[k] = PromiseRuntime.Current.Id;
                made.Signal();
                release.WaitHandle.WaitOne(Timeout);
                resolvers[k].Resolve(k);
            });
            threads[k].Start();
        }

        try
        {
            Assert.True(made.Wait(Timeout, TestContext.Current.CancellationToken));
            Assert.Equal(Threads, ids.Distinct().Count());
            Assert.DoesNotContain(PromiseRuntime.Current.Id, ids);
            for (int i = 0; i < Threads; i++)
            {
                var e = Assert.Throws<InvalidOperationException>(() => resolvers[i].Resolve(-1));
                Assert.Contains("belongs to thread " + threads[i].ManagedThreadId, e.Message, StringComparison.Ordinal);
                Assert.True(promises[i].IsPending);
            }
        }
        finally
        {
            release.Set();
            foreach (Thread t in threads)
            {
                Assert.True(t.Join(Timeout));
            }
        }

        for (int i = 0; i < Threads; i++)
        {
            Assert.Equal(i, promises[i].Result);
        }
    }

    [Fact]
    public void ANewThreadTakesADeadThreadsIdOnceTheIdsRunOut()
    {
        // A table of three ids instead of the runtimes' 65 535: ids 1 and 3 go to threads that
        // stay alive, id 2 to one that dies; the fourth thread must get id 2.
        var table = new ThreadIdTable<object>(3);
        using var release = new ManualResetEventSlim();
        Thread first = StartRegistering(table, release, out Func<ushort> firstId);
        Thread dying = StartRegistering(table, null, out Func<ushort> dyingId);
        Assert.True(dying.Join(Timeout));
        Thread third = StartRegistering(table, release, out Func<ushort> thirdId);
        try
        {
            Thread fourth = StartRegistering(table, null, out Func<ushort> fourthId);
            Assert.True(fourth.Join(Timeout));

            Assert.Equal([1, 2, 3], new[] { firstId(), dyingId(), thirdId() });
            Assert.Equal(2, fourthId());
            Assert.NotNull(table[2]);
        }
        finally
        {
            release.Set();
            Assert.True(first.Join(Timeout));
            Assert.True(third.Join(Timeout));
        }
    }

    [Fact]
    public void RunningOutOfIdsWithEveryThreadAliveIsAClearError()
    {
        var table = new ThreadIdTable<object>(2);
        using var release = new ManualResetEventSlim();
        Thread first = StartRegistering(table, release, out _);
        Thread second = StartRegistering(table, release, out _);
        try
        {
            Exception? refused = null;
            var third = new Thread(() => refused = Record(() => table.Register(new object())));
            third.Start();
            Assert.True(third.Join(Timeout));

            var error = Assert.IsType<InvalidOperationException>(refused);
            Assert.Contains("More than 2 threads use promises at the same time", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.Set();
            Assert.True(first.Join(Timeout));
            Assert.True(second.Join(Timeout));
        }
    }

    [Fact]
    public void A_table_of_thread_ids_refuses_a_limit_outside_16_bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadIdTable<object>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadIdTable<object>(ushort.MaxValue + 1));
    }

    /// <summary>
    /// Starts a thread that registers an object in <paramref name="table"/>, then waits for
    /// <paramref name="release"/> (stays alive) or, when it is null, ends (dies); returns once
    /// the registration is done.
    /// </summary>
    private static Thread StartRegistering(ThreadIdTable<object> table, ManualResetEventSlim? release, out Func<ushort> id)
    {
        ushort registered = 0;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            failure = Record(() => registered = table.Register(new object()));
            done.Set();
            release?.WaitHandle.WaitOne(Timeout);
        });
        thread.Start();
        Assert.True(done.Wait(Timeout, TestContext.Current.CancellationToken));
        Assert.Null(failure);
        id = () => registered;
        return thread;
    }
}
