// PromiseOwnerTests.cs: a pending promise records the thread that made it as a 16-bit id (so
// that it fits beside the state bytes); these tests check that the ids tell live threads apart,
// that a dead thread's id is handed on once the ids run out, and that running out with every
// thread alive is a clear error.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Lwt.Internal;
using Lwt.Tests.Infrastructure;
using Xunit;

namespace Lwt.Tests;

/// <summary>Thread ids of promise owners.</summary>
[Collection(ThreadIdCollection.Name)]
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
        var dead = new Thread(() => Promise.Wait<int>());
        dead.Start();
        Assert.True(dead.Join(Timeout));

        int saved = PromiseRuntime.IdLimit;
        PromiseRuntime.IdLimit = PromiseRuntime.IdsHandedOut;
        try
        {
            HashSet<ushort> deadIds = DeadIds();
            Assert.NotEmpty(deadIds);
            ushort id = 0;
            Exception? failure = null;
            var next = new Thread(() =>
            {
                try
                {
                    (Promise<int> p, Resolver<int> r) = Promise.Wait<int>();
                    id = PromiseRuntime.Current.Id;
                    r.Resolve(1);
                    Assert.Equal(1, p.Result);
                }
#pragma warning disable CA1031 // Carried back to the test thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = e;
                }
            });
            next.Start();
            Assert.True(next.Join(Timeout));
            Assert.Null(failure);
            Assert.Contains(id, deadIds);
            Assert.True(id <= PromiseRuntime.IdLimit);
        }
        finally
        {
            PromiseRuntime.IdLimit = saved;
        }
    }

    [Fact]
    public void RunningOutOfIdsWithEveryThreadAliveIsAClearError()
    {
        int saved = PromiseRuntime.IdLimit;
        using var release = new ManualResetEventSlim();
        var holders = new List<Thread>();
        Exception? refused = null;
        PromiseRuntime.IdLimit = PromiseRuntime.IdsHandedOut;
        try
        {
            // Each holder takes one dead thread's id and keeps it; once none is left, the next is refused.
            for (int i = 0; i <= PromiseRuntime.IdLimit && refused is null; i++)
            {
                using var started = new ManualResetEventSlim();
                var t = new Thread(() =>
                {
                    try
                    {
                        _ = Promise.Wait<int>();
                    }
#pragma warning disable CA1031 // Carried back to the test thread.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        refused = e;
                        started.Set();
                        return;
                    }

                    started.Set();
                    release.WaitHandle.WaitOne(Timeout);
                });
                t.Start();
                holders.Add(t);
                Assert.True(started.Wait(Timeout, TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            PromiseRuntime.IdLimit = saved;
            release.Set();
            foreach (Thread t in holders)
            {
                Assert.True(t.Join(Timeout));
            }
        }

        var error = Assert.IsType<InvalidOperationException>(refused);
        Assert.Contains("threads use promises at the same time", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<ushort> DeadIds()
    {
        var ids = new HashSet<ushort>();
        for (int id = 1; id <= PromiseRuntime.IdsHandedOut; id++)
        {
            if (!PromiseRuntime.FromId((ushort)id).IsThreadAlive)
            {
                ids.Add((ushort)id);
            }
        }

        return ids;
    }
}
