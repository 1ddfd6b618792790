using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class TailrecTests
{
    [Fact]
    public void Bind_on_fulfilled_promises_recurses_ten_million_times_without_overflow()
    {
        // Lwt: test_lwt.ml › "tailrec" › "tailrec"
        static Promise<long> Aux(long accu, int n) =>
            n == 0 ? Promise.Return(accu) : Promise.Return(n).Bind(s => Aux(s + accu, n - 1));

        var p = Aux(0, 10_000_000);
        LwtAssert.Fulfilled(50_000_005_000_000L, p);
    }

    [Fact]
    public void Bind_on_the_unit_promise_recurses_a_million_times_without_overflow()
    {
        // Lwt: test_lwt.ml › "tailrec" › "tailrec" (unit promises)
        int calls = 0;
        Promise Loop(int n)
        {
            calls++;
            return n == 0 ? Promise.Unit : Promise.Unit.Bind(() => Loop(n - 1));
        }

        var p = Loop(1_000_000);
        LwtAssert.Fulfilled(p);
        Assert.Equal(1_000_001, calls);
    }

    [Fact]
    public void Catch_on_rejected_promises_recurses_deeply_without_overflow()
    {
        // Lwt: test_lwt.ml › "tailrec" › "tailrec" (catch variant; our stack guard)
        var ex = new TestException();
        Promise<int> Loop(int n) => n == 0 ? Promise.Return(42) : Promise.Fail<int>(ex).Catch(_ => Loop(n - 1));
        LwtAssert.Fulfilled(42, Loop(200_000));
    }

    [Fact]
    public void TryBind_on_fulfilled_promises_recurses_deeply_without_overflow()
    {
        // Lwt: test_lwt.ml › "tailrec" › "tailrec" (try_bind variant; our stack guard)
        static Promise<int> Loop(int n) =>
            n == 0 ? Promise.Return(7) : Promise.Return(n).TryBind(_ => Loop(n - 1), Promise.Fail<int>);
        LwtAssert.Fulfilled(7, Loop(200_000));
    }

    [Fact]
    public void A_recursive_loop_over_pending_promises_resolves_once_the_last_one_does()
    {
        // Lwt: test_lwt.ml › "tailrec" (constant-memory loops through proxying, LWT-SEMANTICS.md §1.5)
        var resolvers = new Queue<Resolver<int>>();
        Promise<int> Next()
        {
            var (p, r) = Promise.Wait<int>();
            resolvers.Enqueue(r);
            return p;
        }

        Promise<int> Loop(int acc) => Next().Bind(x => x < 0 ? Promise.Return(acc) : Loop(acc + x));

        var result = Loop(0);
        for (int i = 0; i < 100_000; i++)
        {
            resolvers.Dequeue().Resolve(1);
            Assert.True(result.IsPending);
        }

        resolvers.Dequeue().Resolve(-1);
        LwtAssert.Fulfilled(100_000, result);
        Assert.Empty(resolvers);
    }
}
