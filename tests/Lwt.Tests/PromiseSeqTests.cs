using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Lwt.Tests;

// Lwt: test/core/test_lwt_seq.ml, ported by intent, plus laziness, cancellation and bad input.
public class PromiseSeqTests
{
    private static readonly int[] L = [1, 2, 3, 4, 5];

    private static PromiseSeq<int> A => PromiseSeq.OfList(L);

    // Lwt's `b`: the same elements, each produced after (x + 2) mod 5 pauses.
    private static PromiseSeq<int> B => PromiseSeq.UnfoldPromise<int, int>(
        async i =>
        {
            if (i >= L.Length)
            {
                await Pause(2);
                return Option<(int, int)>.None;
            }

            await Pause(L[i] + 2);
            return (L[i], i + 1);
        },
        0);

    private static async Promise Pause(int n)
    {
        for (int i = 0; i < n % 5; i++)
        {
            await Promise.Pause();
        }
    }

    /// <summary>Runs paused promises until <paramref name="p"/> resolves, as a loop would.</summary>
    private static T Drive<T>(Promise<T> p)
    {
        for (int i = 0; p.IsPending && i < 100_000; i++)
        {
            Promise.WakeupPaused();
        }

        return p.Result;
    }

    private static void Drive(Promise p) => Drive(p.Map(static () => true));

    // Lwt: "fold_left"
    [Fact]
    public void FoldLeft_visits_elements_in_order()
    {
        int n = 1;
        Assert.True(Drive(A.FoldLeft((acc, x) => acc && x == n++, true)));
    }

    // Lwt: "fold_left_s"
    [Fact]
    public void FoldLeftSequential_visits_elements_in_order()
    {
        int n = 1;
        Assert.True(Drive(A.FoldLeftSequential((acc, x) => Promise.Return(acc && x == n++), true)));
    }

    // Lwt: "map", "map_s"
    [Fact]
    public void Map_and_MapSequential_double()
    {
        Assert.Equal([2, 4, 6, 8, 10], Drive(A.Map(x => x * 2).ToList()));
        Assert.Equal([2, 4, 6, 8, 10], Drive(A.MapSequential(x => Promise.Return(x * 2)).ToList()));
    }

    // Lwt: "filter", "filter_s"
    [Fact]
    public void Filter_and_FilterSequential_keep_evens()
    {
        Assert.Equal([2, 4], Drive(A.Filter(x => x % 2 == 0).ToList()));
        Assert.Equal([2, 4], Drive(A.FilterSequential(x => Promise.Return(x % 2 == 0)).ToList()));
    }

    // Lwt: "filter_map", "filter_map_s"
    [Fact]
    public void FilterMap_and_FilterMapSequential()
    {
        Assert.Equal([4, 8], Drive(A.FilterMap(x => x % 2 == 0 ? x * 2 : Option<int>.None).ToList()));
        Assert.Equal([4, 8], Drive(A.FilterMapSequential(x => Promise.Return(x % 2 == 0 ? x * 2 : Option<int>.None)).ToList()));
    }

    // Lwt: "iter_n(1)", "iter_n(2)", "iter_n(100)"
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    public void IterConcurrent_never_exceeds_max_concurrency(int max)
    {
        foreach (PromiseSeq<int> seq in new[] { A, B })
        {
            int running = 0, sum = 0, peak = 0;
            Drive(seq.IterConcurrent(
                async x =>
                {
                    running++;
                    peak = Math.Max(peak, running);
                    Assert.True(running <= max);
                    await Pause(x);
                    sum += x;
                    running--;
                },
                max));
            Assert.Equal(15, sum);
            Assert.Equal(0, running);
        }
    }

    [Fact]
    public void IterConcurrent_asks_for_a_node_only_when_there_is_room()
    {
        int forced = 0;
        var resolvers = new List<Resolver>();
        PromiseSeq<int> counted = A.Map(x => { forced++; return x; });
        Promise done = counted.IterConcurrent(
            _ =>
            {
                var (p, r) = Promise.Wait();
                resolvers.Add(r);
                return p;
            },
            2);
        Assert.Equal(2, forced);
        resolvers[0].Resolve();
        Assert.Equal(3, forced);
        resolvers[1].Resolve();
        resolvers[2].Resolve();
        resolvers[3].Resolve();
        Assert.Equal(5, forced);
        Assert.True(done.IsPending);
        resolvers[4].Resolve();
        Assert.True(done.IsFulfilled);
    }

    [Fact]
    public void IterConcurrent_rejects_when_a_promise_of_f_rejects()
    {
        var (p, r) = Promise.Wait();
        Promise done = A.IterConcurrent(x => x == 1 ? p : Promise.Unit, 1);
        Assert.True(done.IsPending);
        r.Reject(new TestException("f"));
        Assert.Equal("f", Assert.IsType<TestException>(done.Exception).Message);
    }

    [Fact]
    public void IterConcurrent_cancel_cancels_the_running_promises()
    {
        var started = new List<Promise>();
        Promise done = A.IterConcurrent(
            _ =>
            {
                var (p, _) = Promise.Cancelable();
                started.Add(p);
                return p;
            },
            2);
        done.Cancel();
        Assert.True(done.IsCanceled);
        Assert.All(started, p => Assert.True(p.IsCanceled));
    }

    // Lwt: "unfold"
    [Fact]
    public void Unfold_makes_a_range()
    {
        static PromiseSeq<int> Range(int first, int last) =>
            PromiseSeq.Unfold<int, int>(i => i > last ? Option<(int, int)>.None : (i, i + 1), first);
        Assert.Equal([1, 2, 3], Drive(Range(1, 3).ToList()));
        Assert.Empty(Drive(Range(1, 0).ToList()));
    }

    // Lwt: "unfold_lwt"
    [Fact]
    public void UnfoldPromise_makes_a_range()
    {
        static PromiseSeq<int> Range(int first, int last) =>
            PromiseSeq.UnfoldPromise<int, int>(i => Promise.Return(i > last ? Option<(int, int)>.None : (i, i + 1)), first);
        Assert.Equal([1, 2, 3], Drive(Range(1, 3).ToList()));
        Assert.Empty(Drive(Range(1, 0).ToList()));
    }

    private static IEnumerable<int> OneTwoThenFail()
    {
        yield return 1;
        yield return 2;
        throw new FailureException("XXX");
    }

    private static IEnumerable<T> FailAtOnce<T>()
    {
        throw new FailureException("XXX");
#pragma warning disable CS0162 // An iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }

    private static int FoldOrMinusOne(PromiseSeq<int> seq) =>
        Drive(seq.FoldLeft(static (a, x) => a + x, 0).Catch(e => e is FailureException { Message: "XXX" } ? Promise.Return(-1) : Promise.Fail<int>(e)));

    // Lwt: "fold-into-exception-from-of-seq", "fold-into-immediate-exception-from-of-seq"
    [Fact]
    public void OfEnumerable_exceptions_become_rejections()
    {
        Assert.Equal(-1, FoldOrMinusOne(PromiseSeq.OfEnumerable(OneTwoThenFail())));
        Assert.Equal(-1, FoldOrMinusOne(PromiseSeq.OfEnumerable(FailAtOnce<int>())));
    }

    // Lwt: "fold-into-exception-from-of-seq-lwt", "fold-into-immediate-exception-from-of-seq-lwt"
    [Fact]
    public void OfPromises_exceptions_become_rejections()
    {
        Assert.Equal(-1, FoldOrMinusOne(PromiseSeq.OfPromises(OneTwoThenFail().Select(Promise.Return))));
        Assert.Equal(-1, FoldOrMinusOne(PromiseSeq.OfPromises(FailAtOnce<Promise<int>>())));
    }

    [Fact]
    public void OfPromises_waits_for_each_element()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<List<int>> all = PromiseSeq.OfPromises([Promise.Return(1), p]).ToList();
        Assert.True(all.IsPending);
        r.Resolve(2);
        Assert.Equal([1, 2], all.Result);
    }

    [Fact]
    public void OfEnumerable_forcing_a_tail_twice_gives_the_same_node()
    {
        PromiseSeq<int> seq = PromiseSeq.OfEnumerable(Enumerable.Range(1, 3));
        PromiseSeqNode<int> first = seq().Result;
        Assert.Equal(2, first.Tail!().Result.Head);
        Assert.Equal(2, first.Tail!().Result.Head);
        Assert.Equal([1, 2, 3], Drive(seq.ToList()));
    }

    [Fact]
    public void Transformers_are_lazy_and_reevaluated()
    {
        int calls = 0;
        PromiseSeq<int> mapped = A.Map(x => { calls++; return x; }).Filter(_ => true).MapSequential(Promise.Return);
        Assert.Equal(0, calls);
        Drive(mapped.ToList());
        Assert.Equal(5, calls);
        Drive(mapped.ToList());
        Assert.Equal(10, calls);
    }

    [Fact]
    public void Constructors_and_Append_and_FlatMap()
    {
        PromiseSeq<int> s = PromiseSeq.Cons(1, PromiseSeq.ConsPromise(Promise.Return(2), PromiseSeq.Return(3)))
            .Append(PromiseSeq.ReturnPromise(Promise.Return(4)))
            .Append(PromiseSeq.Empty<int>());
        Assert.Equal([1, 2, 3, 4], Drive(s.ToList()));
        Assert.Equal([1, 1, 2, 2, 2], Drive(A.FlatMap(x => x switch
        {
            1 => PromiseSeq.OfList([1, 1]),
            2 => PromiseSeq.OfList([2, 2, 2]),
            _ => PromiseSeq.Empty<int>(),
        }).ToList()));
    }

    [Fact]
    public void Long_sequences_use_a_constant_stack()
    {
        PromiseSeq<int> big = PromiseSeq.Unfold<int, int>(i => i < 1_000_000 ? (i, i + 1) : Option<(int, int)>.None, 0);
        Assert.Equal(499_999_500_000L, Drive(big.FoldLeft((long a, int x) => a + x, 0L)));
        Assert.Empty(Drive(big.Filter(_ => false).ToList()));
        Assert.Empty(Drive(big.FlatMap(_ => PromiseSeq.Empty<int>()).ToList()));
    }

    [Fact]
    public void Exceptions_from_functions_and_sequences_reject()
    {
        PromiseSeq<int> throwing = () => throw new TestException("seq");
        Assert.Throws<TestException>(() => Drive(throwing.ToList()));
        Assert.Throws<TestException>(() => Drive(A.Map<int, int>(_ => throw new TestException("f")).ToList()));
        Assert.Throws<TestException>(() => Drive(A.Iter(_ => throw new TestException("f"))));
        Assert.Throws<TestException>(() => Drive(A.IterParallel(_ => throw new TestException("f"))));
        Assert.Throws<TestException>(() => Drive(PromiseSeq.Unfold<int, int>(_ => throw new TestException("u"), 0).ToList()));
    }

    [Fact]
    public void MapSequential_asks_for_the_next_node_after_f()
    {
        int forced = 0;
        var (p, r) = Promise.Wait<int>();
        Promise<List<int>> all = A.Map(x => { forced++; return x; }).MapSequential(x => x == 1 ? p : Promise.Return(x)).ToList();
        Assert.Equal(1, forced);
        r.Resolve(1);
        Assert.Equal(5, forced);
        Assert.Equal(L, all.Result);
    }

    [Fact]
    public void IterParallel_starts_all_before_any_resolves()
    {
        var resolvers = new List<Resolver>();
        Promise done = A.IterParallel(_ =>
        {
            var (p, r) = Promise.Wait();
            resolvers.Add(r);
            return p;
        });
        Assert.Equal(5, resolvers.Count);
        resolvers.ForEach(r => r.Resolve());
        Assert.True(done.IsFulfilled);
    }

    [Fact]
    public void Canceling_a_traversal_cancels_the_awaited_node()
    {
        var (p, _) = Promise.Cancelable<PromiseSeqNode<int>>();
        PromiseSeq<int> stuck = () => p;
        Promise<List<int>> all = PromiseSeq.Cons(1, stuck).ToList();
        all.Cancel();
        Assert.True(p.IsCanceled);
        Assert.True(all.IsCanceled);
    }

    // Lwt: the pseudo-fuzzing suite: every traversal agrees with the list function.
    [Fact]
    public void Traversals_commute_with_list_functions()
    {
        Func<int, int, int>[] fs = [(a, b) => unchecked(a + b), (a, b) => unchecked(a - b), (a, _) => a, Math.Min, Math.Max];
        int[][] ls = [[], L, [.. L, .. L, .. L], [.. L.Reverse()], [0, 0, 0], [int.MaxValue, 0, int.MinValue], [int.MaxValue, int.MaxValue]];
        int[] cs = [0, 1, int.MaxValue, int.MinValue, 44, 5];
        foreach (Func<int, int, int> f in fs)
        {
            foreach (int[] l in ls)
            {
                foreach (int c in cs)
                {
                    int expected = l.Aggregate(c, f);
                    Assert.Equal(l.Select(x => f(x, c)), Drive(PromiseSeq.OfList(l).Map(x => f(x, c)).ToList()));
                    Assert.Equal(l.Select(x => f(x, c)), Drive(PromiseSeq.OfList(l).MapSequential(x => Promise.Return(f(x, c))).ToList()));

                    int r = c;
                    Drive(PromiseSeq.OfList(l).Iter(x => r = f(r, x)));
                    Assert.Equal(expected, r);
                    r = c;
                    Drive(PromiseSeq.OfList(l).IterSequential(x => { r = f(r, x); return Promise.Unit; }));
                    Assert.Equal(expected, r);
                    r = c;
                    Drive(PromiseSeq.OfList(l).IterParallel(x => { r = f(r, x); return Promise.Unit; }));
                    Assert.Equal(expected, r);
                    r = c;
                    Drive(PromiseSeq.OfList(l).IterParallel(async x => { await Pause(x); r = f(r, x); await Pause(x); }));
                    Assert.Equal(expected, r);
                    foreach (int max in L)
                    {
                        r = c;
                        Drive(PromiseSeq.OfList(l).IterConcurrent(x => { r = f(r, x); return Promise.Unit; }, max));
                        Assert.Equal(expected, r);
                        r = c;
                        Drive(PromiseSeq.OfList(l).IterConcurrent(async x => { await Pause(x); r = f(r, x); await Pause(x); }, max));
                        Assert.Equal(expected, r);
                    }
                }
            }
        }
    }

    [Fact]
    public void Bad_input_throws_before_anything_starts()
    {
        PromiseSeq<int> s = A;
        PromiseSeq<int> none = null!;
        Assert.Throws<ArgumentNullException>(() => none.Map(x => x));
        Assert.Throws<ArgumentNullException>(() => s.Map<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.MapSequential<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.Filter(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterMap<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterMapSequential<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.FlatMap<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.FoldLeft<int, int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => s.FoldLeftSequential<int, int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => s.Iter(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterParallel(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterConcurrent(null!));
        Assert.Throws<ArgumentNullException>(() => s.Append(null!));
        Assert.Throws<ArgumentNullException>(() => none.ToList());
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.Cons(1, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.ConsPromise(null!, s));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.ReturnPromise<int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.Unfold<int, int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.UnfoldPromise<int, int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.OfList<int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.OfEnumerable<int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseSeq.OfPromises<int>(null!));
        Assert.Throws<ArgumentNullException>(() => new PromiseSeqNode<int>(1, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.IterConcurrent(_ => Promise.Unit, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.IterConcurrent(_ => Promise.Unit, -3));
        Assert.Throws<InvalidOperationException>(() => PromiseSeqNode<int>.Nil.Head);
    }

    // Lwt_stream.of_lwt_seq
    [Fact]
    public void Stream_FromPromiseSeq_reads_the_sequence_lazily()
    {
        int forced = 0;
        Stream<int> stream = Lwt.Stream.FromPromiseSeq(A.Map(x => { forced++; return x; }));
        Assert.Equal(0, forced);
        Assert.Equal(1, Drive(stream.Next()));
        Assert.Equal(1, forced);
        Assert.Equal([2, 3, 4, 5], Drive(stream.ToList()));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.FromPromiseSeq<int>(null!));
    }
}
