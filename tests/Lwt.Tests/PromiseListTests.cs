using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace Lwt.Tests;

public class PromiseListTests
{
    private sealed class Boom : Exception
    {
    }

    private sealed class Counter
    {
        public int Value;
    }

    // Every traversal, seen as "run f (which returns a unit promise) over a list".
    public static TheoryData<string> AllTraversals() =>
    [
        "IterS", "IterP", "IteriS", "IteriP", "MapS", "MapP", "MapiS", "MapiP", "RevMapS", "RevMapP",
        "FoldLeftS", "FoldRightS", "ForAllS", "ForAllP", "ExistsS", "ExistsP", "FindS", "FilterS",
        "FilterP", "FilterMapS", "FilterMapP", "PartitionS", "PartitionP",
    ];

    private static Promise Run(string name, Func<int, Promise> f, IEnumerable<int> list) => name switch
    {
        "IterS" => PromiseList.IterSequential(list, f),
        "IterP" => PromiseList.IterParallel(list, f),
        "IteriS" => PromiseList.IterSequential(list, (x, _) => f(x)),
        "IteriP" => PromiseList.IterParallel(list, (x, _) => f(x)),
        "MapS" => PromiseList.MapSequential(list, x => f(x).Map(() => x)),
        "MapP" => PromiseList.MapParallel(list, x => f(x).Map(() => x)),
        "MapiS" => PromiseList.MapSequential(list, (x, _) => f(x).Map(() => x)),
        "MapiP" => PromiseList.MapParallel(list, (x, _) => f(x).Map(() => x)),
        "RevMapS" => PromiseList.RevMapSequential(list, x => f(x).Map(() => x)),
        "RevMapP" => PromiseList.RevMapParallel(list, x => f(x).Map(() => x)),
        "FoldLeftS" => PromiseList.FoldLeftSequential(list, 0, (acc, x) => f(x).Map(() => acc)),
        "FoldRightS" => PromiseList.FoldRightSequential(list, 0, (x, acc) => f(x).Map(() => acc)),
        "ForAllS" => PromiseList.ForAllSequential(list, x => f(x).Map(() => true)),
        "ForAllP" => PromiseList.ForAllParallel(list, x => f(x).Map(() => true)),
        "ExistsS" => PromiseList.ExistsSequential(list, x => f(x).Map(() => false)),
        "ExistsP" => PromiseList.ExistsParallel(list, x => f(x).Map(() => false)),
        "FindS" => PromiseList.FindSequential(list, x => f(x).Map(() => false)).Catch(e => e is KeyNotFoundException ? Promise.Return(0) : Promise.Fail<int>(e)),
        "FilterS" => PromiseList.FilterSequential(list, x => f(x).Map(() => true)),
        "FilterP" => PromiseList.FilterParallel(list, x => f(x).Map(() => true)),
        "FilterMapS" => PromiseList.FilterMapSequential(list, x => f(x).Map(() => (int?)x)),
        "FilterMapP" => PromiseList.FilterMapParallel(list, x => f(x).Map(() => (int?)x)),
        "PartitionS" => PromiseList.PartitionSequential(list, x => f(x).Map(() => true)),
        "PartitionP" => PromiseList.PartitionParallel(list, x => f(x).Map(() => true)),
        _ => throw new ArgumentException(name),
    };

    private static bool IsSequential(string name) => name.EndsWith('S');

    // Lwt: test_lwt_list.ml › test_exception, used by every "… exception" test
    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void A_throwing_function_rejects_the_result_and_never_throws(string name)
    {
        int calls = 0;
        Promise Callback(int _)
        {
            calls++;
            return calls == 2 ? throw new Boom() : Promise.Unit;
        }

        Promise p = Run(name, Callback, [1, 2, 3]);
        Assert.IsType<Boom>(p.Exception);
    }

    // Lwt: test_lwt_list.ml › test_serialization, used by every "_s serialization" test
    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void Sequential_traversals_wait_and_parallel_ones_do_not(string name)
    {
        bool otherRan = false;
        bool otherRanBeforeFirstFinished = false;
        int first = name == "FoldRightS" ? 1 : 0;
        Promise F(int x)
        {
            if (x == first)
            {
                return Promise.Pause().Map(() => { otherRanBeforeFirstFinished = otherRan; return 0; });
            }

            otherRan = true;
            return Promise.Unit;
        }

        Promise p = Run(name, F, [0, 1]);
        Assert.Equal(!IsSequential(name), otherRan);
        Promise.WakeupPaused();
        Assert.True(p.IsFulfilled);
        Assert.Equal(!IsSequential(name), otherRanBeforeFirstFinished);
    }

    // Lwt: test_lwt_list.ml › test_parallelism, used by every "_p parallelism" test
    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void Parallel_traversals_start_later_elements_while_earlier_ones_wait(string name)
    {
        if (IsSequential(name))
        {
            return;
        }

        var (t, w) = Promise.Wait();
        Promise F(int x)
        {
            if (x == 0)
            {
                return t;
            }

            w.ResolveLater();
            return Promise.Unit;
        }

        Assert.True(Run(name, F, [0, 1]).IsFulfilled);
    }

    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void A_list_of_a_million_elements_uses_a_bounded_stack(string name)
    {
        Promise p = Run(name, _ => Promise.Unit, Enumerable.Range(0, 1_000_000));
        Assert.True(p.IsFulfilled);
    }

    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void A_long_list_of_pending_promises_resolved_one_by_one_uses_a_bounded_stack(string name)
    {
        const int n = 200_000;
        var resolvers = new List<Resolver>(n);
        Promise F(int _)
        {
            var (p, r) = Promise.Wait();
            resolvers.Add(r);
            return p;
        }

        Promise result = Run(name, F, Enumerable.Range(0, n));
        for (int i = 0; i < resolvers.Count; i++)
        {
            resolvers[i].Resolve();
        }

        Assert.True(result.IsFulfilled);
    }

    [Theory]
    [MemberData(nameof(AllTraversals))]
    public void Bad_arguments_are_refused(string name)
    {
        Assert.Throws<ArgumentNullException>(() => Run(name, _ => Promise.Unit, null!));
    }

    [Fact]
    public void Null_functions_are_refused()
    {
        int[] l = [1];
        Assert.Throws<ArgumentNullException>(() => PromiseList.IterSequential(l, (Func<int, Promise>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.IterParallel(l, (Func<int, int, Promise>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.MapSequential(l, (Func<int, Promise<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.MapParallel(l, (Func<int, int, Promise<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.RevMapParallel(l, (Func<int, Promise<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.FoldLeftSequential(l, 0, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.FoldRightSequential<int, int>(l, 0, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.FindSequential(l, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.FilterMapParallel(l, (Func<int, Promise<string?>>)null!));
        Assert.Throws<ArgumentNullException>(() => PromiseList.PartitionParallel(l, null!));
    }

    [Fact]
    public void A_function_returning_null_rejects_the_result()
    {
        Promise p = PromiseList.IterParallel([1], _ => null!);
        Assert.IsType<InvalidOperationException>(p.Exception);
        Promise<int[]> q = PromiseList.MapSequential([1], _ => (Promise<int>)null!);
        Assert.IsType<InvalidOperationException>(q.Exception);
    }

    // Lwt: test_lwt_list.ml › test_iter, used by "iter_p" and "iter_s"
    [Theory]
    [InlineData(false, new[] { 1, 0, 0 })]
    [InlineData(true, new[] { 1, 0, 1 })]
    public void Iter_visits_elements_in_order_and_waits_for_their_promises(bool parallel, int[] whilePending)
    {
        Promise Incr(Counter c)
        {
            c.Value++;
            return Promise.Unit;
        }

        Counter[] l = [new(), new(), new()];
        Promise t = parallel ? PromiseList.IterParallel(l, Incr) : PromiseList.IterSequential(l, Incr);
        Assert.True(t.IsFulfilled);
        Assert.Equal(new[] { 1, 1, 1 }, l.Select(c => c.Value));

        l = [new(), new(), new()];
        var (gate, open) = Promise.Wait();
        var fs = new Queue<Func<Counter, Promise>>([Incr, c => gate.Bind(() => Incr(c)), Incr]);
        t = parallel ? PromiseList.IterParallel(l, c => fs.Dequeue()(c)) : PromiseList.IterSequential(l, c => fs.Dequeue()(c));
        Assert.True(t.IsPending);
        Assert.Equal(whilePending, l.Select(c => c.Value));
        open.Resolve();
        Assert.Equal(new[] { 1, 1, 1 }, l.Select(c => c.Value));
        Assert.True(t.IsFulfilled);
    }

    // Lwt: test_lwt_list.ml › test_map, used by "map_p" and "map_s"
    [Theory]
    [InlineData(false, new[] { 4, 7, 8 })]
    [InlineData(true, new[] { 4, 8, 5 })]
    public void Map_results_follow_the_order_of_the_calls_and_cancel_reaches_the_pending_element(bool parallel, int[] expected)
    {
        var (t, w) = Promise.Wait();
        var (t2, _) = Promise.Cancelable();
        int r = 0, c = 0;
        Promise<int> Get(int _)
        {
            c++;
            Promise th = c == 5 ? t : c == 8 ? t2 : Promise.Unit;
            return th.Map(() => ++r);
        }

        Promise<int[]> Map(int[] l) => parallel ? PromiseList.MapParallel(l, Get) : PromiseList.MapSequential(l, Get);
        int[] list = [0, 0, 0];
        Promise<int[]> p1 = Map(list);
        Assert.Equal(new[] { 1, 2, 3 }, p1.Result);
        Promise<int[]> p2 = Map(list);
        Assert.True(p2.IsPending);
        Promise<int[]> p3 = Map(list);
        Assert.True(p3.IsPending);
        t2.Cancel();
        Assert.True(p3.IsCanceled);
        w.Resolve();
        Assert.Equal(expected, p2.Result);
    }

    // LWT-SEMANTICS §8.7: the _p collectors walk from the last element back.
    [Fact]
    public void MapParallel_rejects_at_once_when_the_last_element_fails_but_waits_when_the_first_does()
    {
        var (pending, resolve) = Promise.Wait<int>();
        Promise<int[]> lastFails = PromiseList.MapParallel([0, 1], x => x == 0 ? pending : Promise.Fail<int>(new Boom()));
        Assert.IsType<Boom>(lastFails.Exception);

        var (pending2, resolve2) = Promise.Wait<int>();
        Promise<int[]> firstFails = PromiseList.MapParallel([0, 1], x => x == 0 ? Promise.Fail<int>(new Boom()) : pending2);
        Assert.True(firstFails.IsPending);
        resolve2.Resolve(1);
        Assert.IsType<Boom>(firstFails.Exception);
        resolve.Resolve(0);
    }

    [Fact]
    public void IterParallel_waits_for_all_and_reports_the_last_element_among_those_already_rejected()
    {
        var a = new Boom();
        var b = new Boom();
        var (pending, resolve) = Promise.Wait();
        Promise p = PromiseList.IterParallel([0, 1, 2], x => x switch
        {
            0 => Promise.Fail(a),
            1 => pending,
            _ => Promise.Fail(b),
        });
        Assert.True(p.IsPending);
        resolve.Resolve();
        Assert.Same(b, p.Exception);
    }

    [Fact]
    public void Canceling_IterParallel_cancels_every_pending_element()
    {
        var started = new List<Promise>();
        Promise p = PromiseList.IterParallel([0, 1, 2], _ =>
        {
            var (q, _) = Promise.Cancelable();
            started.Add(q);
            return q;
        });
        p.Cancel();
        Assert.All(started, q => Assert.True(q.IsCanceled));
        Assert.True(p.IsCanceled);
    }

    [Fact]
    public void Canceling_a_sequential_traversal_cancels_the_current_element_and_stops()
    {
        int calls = 0;
        Promise<int[]> p = PromiseList.MapSequential([0, 1, 2], _ =>
        {
            calls++;
            return Promise.Cancelable<int>().Promise;
        });
        p.Cancel();
        Assert.True(p.IsCanceled);
        Assert.Equal(1, calls);
    }

    // Lwt: test_lwt_list.ml › "fold_left_s", "fold_right_s"
    [Fact]
    public void Folds_go_from_the_left_and_from_the_right()
    {
        int[] l = [1, 2, 3];
        Assert.Equal(new[] { 3, 2, 1 }, PromiseList.FoldLeftSequential(l, new List<int>(), (acc, v) => { acc.Insert(0, v); return Promise.Return(acc); }).Result);
        Assert.Equal(new[] { 1, 2, 3 }, PromiseList.FoldRightSequential(l, new List<int>(), (v, acc) => { acc.Insert(0, v); return Promise.Return(acc); }).Result);
        Assert.Equal(6, PromiseList.FoldRightSequential(l, 0, (a, n) => Promise.Return(a + n)).Result);
    }

    // Lwt: test_lwt_list.ml › "for_all_s/p", "exists_s/p true/false"
    [Fact]
    public void ForAll_and_Exists_answer_as_their_names_say()
    {
        bool[] l = [true, true];
        Assert.True(PromiseList.ForAllSequential(l, x => Promise.Return(x)).Result);
        Assert.True(PromiseList.ForAllParallel(l, x => Promise.Return(x)).Result);
        Assert.False(PromiseList.ForAllSequential(l, x => Promise.Return(!x)).Result);
        Assert.False(PromiseList.ForAllParallel(l, x => Promise.Return(!x)).Result);
        bool[] mixed = [true, false];
        Assert.True(PromiseList.ExistsSequential(mixed, x => Promise.Return(x)).Result);
        Assert.True(PromiseList.ExistsParallel(mixed, x => Promise.Return(x)).Result);
        Assert.False(PromiseList.ExistsSequential(l, x => Promise.Return(!x)).Result);
        Assert.False(PromiseList.ExistsParallel(l, x => Promise.Return(!x)).Result);
        Assert.True(PromiseList.ForAllParallel(Array.Empty<int>(), _ => Promise.False).Result);
        Assert.False(PromiseList.ExistsSequential(Array.Empty<int>(), _ => Promise.True).Result);
    }

    [Fact]
    public void Sequential_searches_stop_at_the_answer_and_parallel_ones_ask_everyone()
    {
        int calls = 0;
        Promise<bool> Ask(int x)
        {
            calls++;
            return Promise.Return(x == 0);
        }

        int[] l = [1, 0, 1, 1];
        Assert.True(PromiseList.ExistsSequential(l, Ask).Result);
        Assert.Equal(2, calls);
        calls = 0;
        Assert.True(PromiseList.ExistsParallel(l, Ask).Result);
        Assert.Equal(4, calls);
        calls = 0;
        Assert.False(PromiseList.ForAllSequential([0, 1, 0], Ask).Result);
        Assert.Equal(2, calls);
    }

    // Lwt: test_lwt_list.ml › "find_s existing", "find_s missing"
    [Fact]
    public void FindSequential_gives_the_first_match_or_rejects_with_KeyNotFoundException()
    {
        Assert.Equal(2, PromiseList.FindSequential([1, 2, 3, 4], n => Promise.Return(n % 2 == 0)).Result);
        Assert.IsType<KeyNotFoundException>(PromiseList.FindSequential([1, 3], n => Promise.Return(n % 2 == 0)).Exception);
    }

    // Lwt: test_lwt_list.ml › "filter_s/p", "partition_s/p", "filter_map_s/p"
    [Fact]
    public void Filter_partition_and_filter_map_keep_input_order()
    {
        int[] l = [1, 2, 3, 4];
        Assert.Equal(new[] { 2, 4 }, PromiseList.FilterSequential(l, x => Promise.Return(x % 2 == 0)).Result);
        Assert.Equal(new[] { 2, 4 }, PromiseList.FilterParallel(l, x => Promise.Return(x % 2 == 0)).Result);
        var (a, b) = PromiseList.PartitionSequential(l, x => Promise.Return(x <= 2)).Result;
        Assert.Equal(new[] { 1, 2 }, a);
        Assert.Equal(new[] { 3, 4 }, b);
        (a, b) = PromiseList.PartitionParallel(l, x => Promise.Return(x <= 2)).Result;
        Assert.Equal(new[] { 1, 2 }, a);
        Assert.Equal(new[] { 3, 4 }, b);
        Promise<int?> Double(int x) => Promise.Return(x % 2 == 0 ? x * 2 : (int?)null);
        Assert.Equal(new[] { 4, 8 }, PromiseList.FilterMapSequential(l, Double).Result);
        Assert.Equal(new[] { 4, 8 }, PromiseList.FilterMapParallel(l, Double).Result);
        Promise<string?> Name(int x) => Promise.Return(x % 2 == 0 ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Assert.Equal(new[] { "2", "4" }, PromiseList.FilterMapSequential(l, Name).Result);
        Assert.Equal(new[] { "2", "4" }, PromiseList.FilterMapParallel(l, Name).Result);
    }

    // Lwt: test_lwt_list.ml › "iteri_s/p", "mapi_s/p", "rev_map_s/p"
    [Fact]
    public void Indexed_and_reversed_variants()
    {
        int count = 0;
        Assert.True(PromiseList.IterSequential([1, 2, 3], (n, i) => { count += i + n; return Promise.Unit; }).IsFulfilled);
        Assert.Equal(9, count);
        count = 0;
        Assert.True(PromiseList.IterParallel([1, 2, 3], (n, i) => { count += i + n; return Promise.Unit; }).IsFulfilled);
        Assert.Equal(9, count);
        Assert.Equal(new[] { 0, 1, 2 }, PromiseList.MapSequential([0, 0, 0], (n, i) => Promise.Return(i + n)).Result);
        Assert.Equal(new[] { 0, 1, 2 }, PromiseList.MapParallel([0, 0, 0], (n, i) => Promise.Return(i + n)).Result);
        Assert.Equal(new[] { 6, 4, 2 }, PromiseList.RevMapSequential([1, 2, 3], n => Promise.Return(n * 2)).Result);
        Assert.Equal(new[] { 6, 4, 2 }, PromiseList.RevMapParallel([1, 2, 3], n => Promise.Return(n * 2)).Result);
    }

    [Fact]
    public void The_source_is_read_once_when_the_call_is_made()
    {
        var source = new List<int> { 1, 2 };
        var (gate, open) = Promise.Wait();
        Promise<int[]> p = PromiseList.MapSequential(source, x => gate.Map(() => x));
        source.Add(3);
        open.Resolve();
        Assert.Equal(new[] { 1, 2 }, p.Result);
    }

    // Property: whatever order the element promises resolve in, MapParallel and MapSequential
    // give f's results in input order.
    [Fact]
    public void Map_results_are_in_input_order_whatever_the_resolution_order()
    {
        Gen.Int[0, 30].SelectMany(n => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(order => (n, order)))
            .Sample(t =>
            {
                (int n, int[] order) = t;
                foreach (bool parallel in new[] { true, false })
                {
                    var resolvers = new Dictionary<int, Resolver<int>>();
                    Promise<int> F(int x)
                    {
                        var (p, r) = Promise.Wait<int>();
                        resolvers[x] = r;
                        return p;
                    }

                    int[] input = Enumerable.Range(0, n).ToArray();
                    Promise<int[]> result = parallel ? PromiseList.MapParallel(input, F) : PromiseList.MapSequential(input, F);
                    if (parallel)
                    {
                        foreach (int i in order)
                        {
                            resolvers[i].Resolve(i * 10);
                        }
                    }
                    else
                    {
                        for (int i = 0; i < n; i++)
                        {
                            resolvers[i].Resolve(i * 10);
                        }
                    }

                    Assert.Equal(input.Select(i => i * 10), result.Result);
                }
            });
    }
}
