// PropertyTests.cs: laws checked on generated cases with CsCheck (DESIGN.md 9): the monad laws
// of Bind/Return and Map fusion on resolved and pending promises, the value order of Join/All,
// which rejection All reports, what Choose/Pick/NChoose return and what Pick cancels.
// CsCheck runs samples on several threads; each sample makes and resolves its own promises on
// the thread that runs it.

using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace Lwt.Tests;

public class PropertyTests
{
    private static readonly Gen<Step> GenStep =
        Gen.Select(Gen.Int[-3, 3], Gen.Int[-10, 10], Gen.Int[0, 3], (mul, add, kind) => new Step(mul, add, (Kind)kind));

    private static readonly Gen<Source> GenSource =
        Gen.Select(Gen.Int[-100, 100], Gen.Int[0, 3], (value, kind) => new Source(value, (Kind)kind));

    private static readonly Gen<(int Mul, int Add)> GenLinear = Gen.Select(Gen.Int[-5, 5], Gen.Int[-10, 10]);

    /// <summary>How a generated promise is made: resolved at once, or pending and resolved by the driver.</summary>
    private enum Kind
    {
        Fulfilled = 0,
        Rejected = 1,
        PendingThenFulfilled = 2,
        PendingThenRejected = 3,
    }

    // ---- Monad laws ---------------------------------------------------------------------------

    [Fact]
    public void Bind_and_Return_satisfy_left_identity_on_resolved_and_pending_promises()
    {
        // Return(a).Bind(f) == f(a); and the same with a pending promise later fulfilled with a.
        Gen.Select(Gen.Int[-100, 100], GenStep, Gen.Bool).Sample((a, f, pendingInput) =>
        {
            var driver = new Driver();
            Promise<int> left;
            if (pendingInput)
            {
                var (p, r) = Promise.Wait<int>();
                driver.Later(() => r.Resolve(a));
                left = p.Bind(x => f.Apply(x, driver));
            }
            else
            {
                left = Promise.Return(a).Bind(x => f.Apply(x, driver));
            }

            Promise<int> right = f.Apply(a, driver);
            driver.Drain();

            Assert.Equal(Outcome(right), Outcome(left));
        });
    }

    [Fact]
    public void Bind_and_Return_satisfy_right_identity_on_resolved_and_pending_promises()
    {
        // m.Bind(Return) == m.
        GenSource.Sample(source =>
        {
            var driver = new Driver();
            Promise<int> m = source.Make(driver);
            Promise<int> bound = m.Bind(x => Promise.Return(x));
            driver.Drain();

            Assert.Equal(Outcome(m), Outcome(bound));
            Assert.Same(m.Exception, bound.Exception);
        });
    }

    [Fact]
    public void Bind_is_associative_on_resolved_and_pending_promises()
    {
        // m.Bind(f).Bind(g) == m.Bind(x => f(x).Bind(g)), whatever f and g return: resolved, rejected or pending.
        Gen.Select(GenSource, GenStep, GenStep).Sample((source, f, g) =>
        {
            var driver = new Driver();
            Promise<int> m = source.Make(driver);

            Promise<int> left = m.Bind(x => f.Apply(x, driver)).Bind(y => g.Apply(y, driver));
            Promise<int> right = m.Bind(x => f.Apply(x, driver).Bind(y => g.Apply(y, driver)));
            driver.Drain();

            Assert.Equal(Outcome(left), Outcome(right));
        });
    }

    [Fact]
    public void Map_fuses_on_resolved_and_pending_promises()
    {
        // m.Map(f).Map(g) == m.Map(x => g(f(x))), with an f that throws on some inputs.
        Gen.Select(GenSource, GenLinear, GenLinear).Sample((source, f, g) =>
        {
            var driver = new Driver();
            Promise<int> m = source.Make(driver);
            int F(int x) => x % 7 == 0 ? throw new FailureException("f " + x) : (x * f.Mul) + f.Add;
            int G(int x) => (x * g.Mul) + g.Add;

            Promise<int> left = m.Map(F).Map(G);
            Promise<int> right = m.Map(x => G(F(x)));
            driver.Drain();

            Assert.Equal(Outcome(right), Outcome(left));
        });
    }

    [Fact]
    public void Linq_query_syntax_means_Bind_then_Map()
    {
        Gen.Select(GenSource, GenStep).Sample((source, f) =>
        {
            var driver = new Driver();
            Promise<int> m = source.Make(driver);

            Promise<int> query = from x in m
                                 from y in f.Apply(x, driver)
                                 select (x * 1000) + y;
            Promise<int> explicitly = m.Bind(x => f.Apply(x, driver).Map(y => (x * 1000) + y));
            driver.Drain();

            Assert.Equal(Outcome(explicitly), Outcome(query));
        });
    }

    // ---- Join / All ---------------------------------------------------------------------------

    [Fact]
    public void All_gives_the_values_in_input_order_whatever_the_resolution_order()
    {
        // Lwt: "all" > "all fulfilled (long)", generalized to every resolution order.
        Gen.Int[0, 20].SelectMany(n => Gen.Select(Gen.Int[-1000, 1000].Array[n], Gen.Int.Array[n], Gen.Bool.Array[n]))
            .Sample((values, keys, resolvedAtCall) =>
            {
                int n = values.Length;
                var inputs = new Promise<int>[n];
                var resolvers = new Resolver<int>?[n];
                for (int i = 0; i < n; i++)
                {
                    if (resolvedAtCall[i])
                    {
                        inputs[i] = Promise.Return(values[i]);
                    }
                    else
                    {
                        var (p, r) = Promise.Wait<int>();
                        inputs[i] = p;
                        resolvers[i] = r;
                    }
                }

                Promise<int[]> all = Promise.All(inputs);
                int[] pendingInOrder = ResolutionOrder(keys).Where(i => resolvers[i] is not null).ToArray();
                foreach (int i in pendingInOrder)
                {
                    Assert.True(all.IsPending, "All resolved before its last input");
                    resolvers[i]!.Value.Resolve(values[i]);
                }

                Assert.Equal(values, all.Result);
            });
    }

    [Fact]
    public void Join_resolves_only_when_every_input_has_resolved_whatever_the_order()
    {
        Gen.Int[0, 20].SelectMany(n => Gen.Select(Gen.Int.Array[n], Gen.Bool.Array[n])).Sample((keys, resolvedAtCall) =>
        {
            int n = keys.Length;
            var inputs = new Promise[n];
            var resolvers = new Resolver?[n];
            for (int i = 0; i < n; i++)
            {
                if (resolvedAtCall[i])
                {
                    inputs[i] = Promise.Unit;
                }
                else
                {
                    var (p, r) = Promise.Wait();
                    inputs[i] = p;
                    resolvers[i] = r;
                }
            }

            Promise join = Promise.Join(inputs);
            foreach (int i in ResolutionOrder(keys).Where(i => resolvers[i] is not null))
            {
                Assert.True(join.IsPending, "Join resolved before its last input");
                resolvers[i]!.Value.Resolve();
            }

            Assert.True(join.IsFulfilled);
        });
    }

    [Fact]
    public void All_and_Join_report_the_first_rejection_in_time_order_after_every_input_resolved()
    {
        // LWT-SEMANTICS.md 2.5, join: with nothing rejected at call time, later rejections count in time order.
        Gen.Int[1, 12].SelectMany(n => Gen.Select(Gen.Int.Array[n], Gen.Bool.Array[n])).Sample((keys, rejects) =>
        {
            int n = keys.Length;
            var typed = new (Promise<int> P, Resolver<int> R)[n];
            var unit = new (Promise P, Resolver R)[n];
            for (int i = 0; i < n; i++)
            {
                typed[i] = Promise.Wait<int>();
                unit[i] = Promise.Wait();
            }

            Promise<int[]> all = Promise.All(typed.Select(t => t.P));
            Promise join = Promise.Join(unit.Select(u => u.P));
            Exception? first = null;
            foreach (int i in ResolutionOrder(keys))
            {
                Assert.True(all.IsPending, "All resolved before its last input");
                Assert.True(join.IsPending, "Join resolved before its last input");
                if (rejects[i])
                {
                    var error = new FailureException("input " + i);
                    first ??= error;
                    typed[i].R.Reject(error);
                    unit[i].R.Reject(error);
                }
                else
                {
                    typed[i].R.Resolve(i);
                    unit[i].R.Resolve();
                }
            }

            if (first is null)
            {
                Assert.Equal(Enumerable.Range(0, n).ToArray(), all.Result);
                Assert.True(join.IsFulfilled);
            }
            else
            {
                Assert.Same(first, all.Exception);
                Assert.Same(first, join.Exception);
            }
        });
    }

    // ---- Choose / Pick / NChoose ---------------------------------------------------------------

    [Fact]
    public void Choose_and_Pick_resolve_like_the_first_input_to_resolve_and_Pick_cancels_every_other_cancelable_input()
    {
        Gen.Int[1, 10].SelectMany(n => Gen.Select(Gen.Int[0, n - 1], Gen.Bool.Array[n], Gen.Bool, Gen.Int[-100, 100].Array[n]))
            .Sample((winner, cancelable, winnerRejects, values) =>
            {
                int n = values.Length;
                var chooseInputs = new (Promise<int> P, Resolver<int> R)[n];
                var pickInputs = new (Promise<int> P, Resolver<int> R)[n];
                for (int i = 0; i < n; i++)
                {
                    chooseInputs[i] = cancelable[i] ? Promise.Cancelable<int>() : Promise.Wait<int>();
                    pickInputs[i] = cancelable[i] ? Promise.Cancelable<int>() : Promise.Wait<int>();
                }

                Promise<int> choose = Promise.Choose(chooseInputs.Select(x => x.P));
                Promise<int> pick = Promise.Pick(pickInputs.Select(x => x.P));
                bool resultPendingWhenLosersCanceled = true;
                for (int i = 0; i < n; i++)
                {
                    pickInputs[i].P.OnCancel(() => resultPendingWhenLosersCanceled &= pick.IsPending);
                }

                Assert.True(choose.IsPending);
                Assert.True(pick.IsPending);
                var error = new FailureException("winner");
                if (winnerRejects)
                {
                    chooseInputs[winner].R.Reject(error);
                    pickInputs[winner].R.Reject(error);
                }
                else
                {
                    chooseInputs[winner].R.Resolve(values[winner]);
                    pickInputs[winner].R.Resolve(values[winner]);
                }

                string expected = winnerRejects ? Outcome(Promise.Fail<int>(error)) : Outcome(Promise.Return(values[winner]));
                Assert.Equal(expected, Outcome(choose));
                Assert.Equal(expected, Outcome(pick));
                Assert.True(resultPendingWhenLosersCanceled, "Pick resolved its result before canceling the losers");
                for (int i = 0; i < n; i++)
                {
                    if (i == winner)
                    {
                        continue;
                    }

                    Assert.True(chooseInputs[i].P.IsPending, "Choose canceled or resolved a loser");
                    Assert.Equal(cancelable[i], pickInputs[i].P.IsCanceled);
                    Assert.Equal(!cancelable[i], pickInputs[i].P.IsPending);
                    chooseInputs[i].R.Resolve(-1);
                }

                Assert.Equal(expected, Outcome(choose));
            });
    }

    [Fact]
    public void Choose_and_Pick_over_inputs_already_resolved_return_one_of_them_a_rejected_one_if_any()
    {
        // Lwt: "choose" > "multiple resolved", "pick" > "multiple resolved".
        Gen.Int[1, 10].SelectMany(n => Gen.Int[0, 2].Array[n]).Sample(kinds =>
        {
            int n = kinds.Length;
            if (kinds.All(k => k == 0))
            {
                kinds[0] = 1;
            }

            Promise<int>[] Make() => kinds.Select((k, i) => k switch
            {
                1 => Promise.Return(100 + i),
                2 => Promise.Fail<int>(new FailureException("input " + i)),
                _ => Promise.Cancelable<int>().Promise,
            }).ToArray();

            Promise<int>[] chooseInputs = Make();
            Promise<int>[] pickInputs = Make();
            bool anyRejected = kinds.Contains(2);

            Promise<int> choose = Promise.Choose(chooseInputs);
            Promise<int> pick = Promise.Pick(pickInputs);

            int chosen = Array.FindIndex(chooseInputs, p => ReferenceEquals(p, choose));
            int picked = Array.FindIndex(pickInputs, p => ReferenceEquals(p, pick));
            Assert.True(chosen >= 0, "Choose did not return one of its inputs");
            Assert.True(picked >= 0, "Pick did not return one of its inputs");
            Assert.Equal(anyRejected ? 2 : 1, kinds[chosen]);
            Assert.Equal(anyRejected ? 2 : 1, kinds[picked]);
            for (int i = 0; i < n; i++)
            {
                if (kinds[i] == 0)
                {
                    Assert.True(chooseInputs[i].IsPending);
                    Assert.True(pickInputs[i].IsCanceled);
                }
            }
        });
    }

    [Fact]
    public void NChoose_gives_the_fulfilled_values_in_input_order_or_the_first_rejection_in_input_order()
    {
        // Lwt: "nchoose" tests; LWT-SEMANTICS.md 2.5.
        Gen.Int[1, 12].SelectMany(n => Gen.Select(Gen.Int[0, 2].Array[n], Gen.Int.Array[n])).Sample((kinds, keys) =>
        {
            int n = kinds.Length;
            var inputs = new Promise<int>[n];
            var resolvers = new Resolver<int>?[n];
            for (int i = 0; i < n; i++)
            {
                switch (kinds[i])
                {
                    case 1:
                        inputs[i] = Promise.Return(100 + i);
                        break;
                    case 2:
                        inputs[i] = Promise.Fail<int>(new FailureException("input " + i));
                        break;
                    default:
                        var (p, r) = Promise.Wait<int>();
                        inputs[i] = p;
                        resolvers[i] = r;
                        break;
                }
            }

            Promise<int[]> nchoose = Promise.NChoose(inputs);

            int firstRejected = Array.IndexOf(kinds, 2);
            if (firstRejected >= 0)
            {
                Assert.Same(inputs[firstRejected].Exception, nchoose.Exception);
            }
            else if (kinds.Contains(1))
            {
                int[] expected = Enumerable.Range(0, n).Where(i => kinds[i] == 1).Select(i => 100 + i).ToArray();
                Assert.Equal(expected, nchoose.Result);
            }
            else
            {
                Assert.True(nchoose.IsPending);
                int[] order = ResolutionOrder(keys);
                resolvers[order[0]]!.Value.Resolve(100 + order[0]);
                Assert.Equal([100 + order[0]], nchoose.Result);
                if (n > 1)
                {
                    resolvers[order[1]]!.Value.Resolve(100 + order[1]);
                    Assert.Equal([100 + order[0]], nchoose.Result);
                }
            }
        });
    }

    // ---- Helpers -----------------------------------------------------------------------------

    /// <summary>Indices ordered by their generated keys: a permutation that shrinks well.</summary>
    private static int[] ResolutionOrder(int[] keys) =>
        Enumerable.Range(0, keys.Length).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();

    private static string Outcome(Promise<int> p) => p.State switch
    {
        PromiseState.Pending => "pending",
        PromiseState.Fulfilled => "fulfilled " + p.Result,
        _ => "rejected " + p.Exception!.GetType().Name + ": " + p.Exception.Message,
    };

    /// <summary>Resolutions to make later, first queued first, including those queued while draining.</summary>
    private sealed class Driver
    {
        private readonly Queue<Action> _later = new();

        public void Later(Action resolve) => _later.Enqueue(resolve);

        public void Drain()
        {
            while (_later.Count > 0)
            {
                _later.Dequeue()();
            }
        }
    }

    /// <summary>A generated input promise.</summary>
    private readonly record struct Source(int Value, Kind Kind)
    {
        internal Promise<int> Make(Driver driver) => Produce(Value, Kind, driver);

        internal static Promise<int> Produce(int value, Kind kind, Driver driver)
        {
            switch (kind)
            {
                case Kind.Fulfilled:
                    return Promise.Return(value);
                case Kind.Rejected:
                    return Promise.Fail<int>(new FailureException("rejected " + value));
                default:
                    var (p, r) = Promise.Wait<int>();
                    if (kind == Kind.PendingThenFulfilled)
                    {
                        driver.Later(() => r.Resolve(value));
                    }
                    else
                    {
                        driver.Later(() => r.Reject(new FailureException("rejected later " + value)));
                    }

                    return p;
            }
        }
    }

    /// <summary>A generated function for Bind: x => a promise of x * Mul + Add, made as Kind says.</summary>
    private readonly record struct Step(int Mul, int Add, Kind Kind)
    {
        internal Promise<int> Apply(int x, Driver driver) => Source.Produce((x * Mul) + Add, Kind, driver);
    }
}
