using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>Rules of LWT-SEMANTICS.md §8.1 and pitfall P12 that Lwt's own tests do not pin.</summary>
public class StreamBehaviourTests
{
    // Lwt's current behaviour (lwt_stream.ml: get_rec/consume): both readers hold the same head node.
    [Fact]
    public void Two_pending_gets_receive_the_same_element()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<Option<int>> g1 = s.Get();
        Promise<Option<int>> g2 = s.Get();
        push.Push(1);
        push.Push(2);
        Assert.Equal(Option.Some(1), g1.Result);
        Assert.Equal(Option.Some(1), g2.Result);
        Assert.Equal(Option.Some(2), s.Get().Result);
    }

    [Fact]
    public void The_end_of_the_stream_is_sticky()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Close();
        Assert.Equal([1], s.ToList().Result);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(default, s.Get().Result);
            Assert.Equal(default, s.Peek().Result);
            Assert.IsType<StreamEmptyException>(s.Next().Exception);
            Assert.IsType<StreamEmptyException>(s.LastNew().Exception);
            Assert.True(s.IsEmpty().Result);
            Assert.Empty(s.ToList().Result);
        }
    }

    [Fact]
    public void Push_after_close_throws_synchronously()
    {
        var (_, push) = Lwt.Stream.Create<int>();
        push.Close();
        Assert.True(push.IsClosed);
        Assert.Throws<StreamClosedException>(() => push.Push(1));
        Assert.Throws<StreamClosedException>(push.Close);
    }

    [Fact]
    public void Closing_wakes_pending_reads_with_the_end()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<Option<int>> get = s.Get();
        Promise<int> next = s.Next();
        Promise<bool> empty = s.IsEmpty();
        push.Close();
        Assert.Equal(default, get.Result);
        Assert.IsType<StreamEmptyException>(next.Exception);
        Assert.True(empty.Result);
        Assert.True(s.Closed.IsFulfilled);
    }

    // Lwt pushes with wakeup_later: inside a callback, the reader's continuation runs after it.
    [Fact]
    public void A_push_inside_a_callback_wakes_readers_after_the_callback()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        var order = new List<string>();
        s.Get().OnSuccess(_ => order.Add("reader"));
        var (trigger, resolver) = Promise.Wait();
        trigger.OnSuccess(() =>
        {
            push.Push(1);
            order.Add("callback");
        });
        resolver.Resolve();
        Assert.Equal(["callback", "reader"], order);
    }

    [Fact]
    public void Canceling_a_bounded_push_drops_its_element()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(1);
        Assert.True(push.Push(1).IsFulfilled);
        Promise blocked = push.Push(2);
        Assert.True(push.IsBlocked);
        blocked.Cancel();
        Assert.True(blocked.IsCanceled);
        Assert.False(push.IsBlocked);
        push.Close();
        Assert.Equal([1], s.ToList().Result);
    }

    [Fact]
    public void Closing_a_bounded_stream_rejects_the_blocked_push()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(0);
        Promise blocked = push.Push(1);
        Assert.True(blocked.IsPending);
        push.Close();
        push.Close();
        Assert.IsType<StreamClosedException>(blocked.Exception);
        Assert.Empty(s.ToList().Result);
    }

    [Fact]
    public void Resizing_a_bounded_stream_lets_the_blocked_push_in()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(0);
        Promise<Option<int>> get = s.Get();
        Promise blocked = push.Push(7);
        push.Resize(1);
        Assert.Equal(1, push.Size);
        Assert.True(blocked.IsFulfilled);
        Assert.Equal(Option.Some(7), get.Result);
    }

    [Fact]
    public void PushAll_waits_for_room_between_elements()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(2);
        Promise all = push.PushAll([1, 2, 3, 4]);
        Assert.True(all.IsPending);
        Assert.Equal(2, push.Count);
        Assert.Equal([1, 2, 3], s.NGet(3).Result);
        Assert.True(all.IsFulfilled);
        push.Close();
        Assert.Equal([4], s.ToList().Result);
    }

    [Fact]
    public void A_bounded_stream_cannot_be_cloned_or_parsed()
    {
        var (s, _) = Lwt.Stream.CreateBounded<int>(1);
        Assert.Throws<InvalidOperationException>(() => s.Clone());
        Assert.Throws<InvalidOperationException>(() => s.Parse(x => x.Next()));
    }

    [Fact]
    public void Parse_puts_back_what_a_failing_parser_read()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3]);
        Promise<int> failed = s.Parse<int>(async x =>
        {
            await x.NJunk(2);
            throw new FormatException();
        });
        Assert.IsType<FormatException>(failed.Exception);
        Assert.Equal(3, s.Parse(x => x.NGet(3)).Result.Count);
    }

    [Fact]
    public void Transformers_map_filter_and_flatten()
    {
        Stream<int> s = Lwt.Stream.OfList(Enumerable.Range(1, 6));
        Assert.Equal(["2", "4", "6"], s.Filter(x => x % 2 == 0).Map(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList().Result);
        Assert.Equal([10, 20], Lwt.Stream.OfList([1, 2]).MapSequential(x => Promise.Return(x * 10)).ToList().Result);
        Assert.Equal([2], Lwt.Stream.OfList([1, 2]).FilterSequential(x => Promise.Return(x > 1)).ToList().Result);
        Assert.Equal([-2], Lwt.Stream.OfList([1, 2]).FilterMapSequential(x => Promise.Return(x > 1 ? Option.Some(-x) : default)).ToList().Result);
        Assert.Equal([1, 1, 2, 2], Lwt.Stream.OfList([1, 2]).MapList(x => new[] { x, x }).ToList().Result);
        Assert.Equal([1, 2], Lwt.Stream.OfList([1, 2]).MapListSequential(x => Promise.Return<IEnumerable<int>>([x])).ToList().Result);
        Assert.Equal([1, 2, 3], Lwt.Stream.Flatten(Lwt.Stream.OfList<IEnumerable<int>>([[1], [], [2, 3]])).ToList().Result);
    }

    [Fact]
    public void Combine_append_concat_and_choose()
    {
        Assert.Equal([(1, 'a'), (2, 'b')], Lwt.Stream.Combine(Lwt.Stream.OfList([1, 2, 3]), Lwt.Stream.OfString("ab")).ToList().Result);
        Assert.Equal([1, 2, 3], Lwt.Stream.Append(Lwt.Stream.OfList([1]), Lwt.Stream.OfList([2, 3])).ToList().Result);
        Assert.Equal([1, 2, 3], Lwt.Stream.Concat(Lwt.Stream.OfList([Lwt.Stream.OfList([1, 2]), Lwt.Stream.OfList(Array.Empty<int>()), Lwt.Stream.OfList([3])])).ToList().Result);
        var (a, pushA) = Lwt.Stream.Create<int>();
        var (b, pushB) = Lwt.Stream.Create<int>();
        Promise<List<int>> chosen = Lwt.Stream.Choose(a, b).ToList();
        pushB.Push(2);
        pushA.Push(1);
        pushB.Close();
        pushA.Close();
        Assert.Equal([2, 1], chosen.Result);
    }

    [Fact]
    public void Choose_reports_a_failed_input_before_the_elements_of_ready_ones()
    {
        // Lwt's choose reads with Lwt.choose, which takes a rejected promise over fulfilled ones.
        for (int i = 0; i < 20; i++)
        {
            var failure = new FormatException();
            Stream<int> ready = Lwt.Stream.OfList([1, 2]);
            Stream<int> failing = Lwt.Stream.FromDirect<int>(() => throw failure);
            Stream<int> chosen = i % 2 == 0 ? Lwt.Stream.Choose(ready, failing) : Lwt.Stream.Choose(failing, ready);
            Assert.Same(failure, chosen.Get().Exception);
        }
    }

    [Fact]
    public void Choose_reads_a_failed_input_again_and_goes_on_with_the_others()
    {
        int calls = 0;
        Stream<int> flaky = Lwt.Stream.FromDirect(() => ++calls == 1 ? throw new FormatException() : default(Option<int>));
        Stream<int> chosen = Lwt.Stream.Choose(flaky, Lwt.Stream.OfList([7]));
        Assert.IsType<FormatException>(chosen.Get().Exception);
        Assert.Equal([7], chosen.ToList().Result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Consumers_fold_iter_and_find()
    {
        Assert.Equal(6, Lwt.Stream.OfList([1, 2, 3]).Fold((x, acc) => x + acc, 0).Result);
        Assert.Equal(6, Lwt.Stream.OfList([1, 2, 3]).FoldSequential((x, acc) => Promise.Return(x + acc), 0).Result);
        var seen = new List<int>();
        Assert.True(Lwt.Stream.OfList([1, 2]).Iter(seen.Add).IsFulfilled);
        Assert.True(Lwt.Stream.OfList([3]).IterSequential(x => { seen.Add(x); return Promise.Unit; }).IsFulfilled);
        Assert.Equal([1, 2, 3], seen);
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3, 4]);
        Assert.Equal(Option.Some(2), s.Find(x => x % 2 == 0).Result);
        Assert.Equal([3, 4], s.ToList().Result);
        Assert.Equal(Option.Some(3), Lwt.Stream.OfList([1, 3]).FindSequential(x => Promise.Return(x > 1)).Result);
        Assert.Equal(Option.Some("2"), Lwt.Stream.OfList([1, 2]).FindMap(x => x > 1 ? Option.Some("2") : default).Result);
        Assert.Equal(default, Lwt.Stream.OfList([1, 2]).FindMapSequential(_ => Promise.Return(Option<int>.None)).Result);
        Assert.Equal("abc", Lwt.Stream.ReadToEnd(Lwt.Stream.OfString("abc")).Result);
    }

    [Fact]
    public void IterParallel_starts_every_call_without_waiting_and_fails_in_element_order()
    {
        var (s, push, all, resolvers) = IterParallelOverWaitingCalls();
        push.Push(1);
        push.Push(2);
        Assert.Equal(2, resolvers.Count);
        resolvers[1].Reject(new FormatException());
        Assert.True(all.IsPending);
        resolvers[0].Resolve();
        Assert.IsType<FormatException>(all.Exception);
    }

    [Fact]
    public void IterParallel_is_fulfilled_at_the_end_once_every_call_is()
    {
        var (s, push, all, resolvers) = IterParallelOverWaitingCalls();
        for (int i = 0; i < 1000; i++)
        {
            push.Push(i);
        }

        push.Close();
        Assert.True(all.IsPending);
        foreach (Resolver r in resolvers)
        {
            r.Resolve();
        }

        Assert.True(all.IsFulfilled);
    }

    [Fact]
    public void IterParallel_canceled_while_reading_stops_reading()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise all = s.IterParallel(_ => Promise.Unit);
        push.Push(1);
        all.Cancel();
        Assert.True(all.IsCanceled);
        Assert.Equal(0, s.Source.WaiterCount);
    }

    [Fact]
    public void IterParallel_canceled_while_a_call_is_pending_cancels_that_call_and_reads_on()
    {
        // Lwt's iter_p is `f x >>= fun () -> rest` with rest started at once: canceling reaches
        // the first pending call only, and the rest of the iteration keeps reading and calling f.
        var (s, push, all, seen, calls) = IterParallelOverCancelableCalls();
        push.Push(1);
        all.Cancel();
        Assert.True(all.IsCanceled);
        Assert.True(calls[0].IsCanceled);

        push.Push(2);
        Assert.Equal([1, 2], seen);
        Assert.True(calls[1].IsPending);
        Assert.Equal(1, s.Source.WaiterCount);
    }

    [Fact]
    public void IterParallel_whose_first_pending_call_is_canceled_elsewhere_is_canceled_and_reads_on()
    {
        var (s, push, all, seen, calls) = IterParallelOverCancelableCalls();
        push.Push(1);
        calls[0].Cancel();
        Assert.True(all.IsCanceled);

        push.Push(2);
        push.Close();
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void IterParallel_canceled_after_its_calls_are_fulfilled_stops_reading()
    {
        var (s, push, all, resolvers) = IterParallelOverWaitingCalls();
        push.Push(1);
        resolvers[0].Resolve();
        all.Cancel();
        Assert.True(all.IsCanceled);
        Assert.Equal(0, s.Source.WaiterCount);
        push.Push(2);
        Assert.Single(resolvers);
    }

    [Fact]
    public void IterConcurrent_keeps_at_most_n_calls_in_flight()
    {
        Stream<int> s = Lwt.Stream.OfList(Enumerable.Range(0, 10));
        var resolvers = new Queue<Resolver>();
        int inFlight = 0;
        int most = 0;
        Promise all = s.IterConcurrent(
            _ =>
            {
                var (p, r) = Promise.Wait();
                resolvers.Enqueue(r);
                most = Math.Max(most, ++inFlight);
                return p.Map(() => inFlight--);
            },
            maxConcurrency: 3);
        while (resolvers.Count > 0)
        {
            resolvers.Dequeue().Resolve();
        }

        Assert.True(all.IsFulfilled);
        Assert.Equal(3, most);
    }

    [Fact]
    public void Hexdump_formats_like_hexdump_C()
    {
        byte[] bytes = [.. "hello, world!\n\0ABCDEF"u8];
        Assert.Equal(
            [
                "00000000|  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 41  |hello, world!..A|",
                "00000010|  42 43 44 45 46                                    |BCDEF|",
            ],
            Lwt.Stream.Hexdump(Lwt.Stream.OfArray(bytes)).ToList().Result);
    }

    [Fact]
    public void NGet_NJunk_JunkWhile_and_GetWhileSequential_wait_for_elements()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<List<int>> two = s.NGet(2);
        push.Push(1);
        Assert.True(two.IsPending);
        push.Push(2);
        Assert.Equal([1, 2], two.Result);
        Promise junk = s.NJunk(1);
        push.Push(3);
        Assert.True(junk.IsFulfilled);
        push.Push(4);
        push.Push(5);
        Assert.True(s.JunkWhile(x => x < 5).IsFulfilled);
        push.Push(6);
        push.Close();
        Assert.Equal([5, 6], s.GetWhileSequential(x => Promise.Return(x > 0)).Result);
        Assert.True(s.JunkWhileSequential(_ => Promise.True).IsFulfilled);
        Assert.Empty(s.NPeek(0).Result);
    }

    [Fact]
    public void LastNew_waits_when_nothing_is_there()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<int> last = s.LastNew();
        Assert.True(last.IsPending);
        push.Push(9);
        Assert.Equal(9, last.Result);
    }

    [Fact]
    public void TryGet_reads_without_waiting()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Assert.False(s.TryGet(out _));
        push.Push(5);
        Assert.True(s.TryGet(out int v));
        Assert.Equal(5, v);
        push.Close();
        Assert.False(s.TryGet(out _));
    }

    [Fact]
    public void Synchronous_reads_rethrow_the_failure_of_the_source()
    {
        Stream<int> s = Lwt.Stream.FromDirect<int>(() => throw new FormatException());
        Assert.Throws<FormatException>(() => s.GetAvailable());
        Assert.Throws<FormatException>(() => s.TryGet(out _));
        Assert.Throws<FormatException>(s.JunkAvailable);
        Assert.IsType<FormatException>(s.JunkOld().Exception);
    }

    [Fact]
    public void A_ready_stream_of_a_million_elements_is_read_in_constant_stack()
    {
        Stream<int> s = Lwt.Stream.OfList(Enumerable.Range(0, 1_000_000)).Map(x => x + 1).Filter(x => x > 0);
        Assert.Equal(1_000_000, s.Fold((_, n) => n + 1, 0).Result);
    }

    /// <summary>IterParallel over a push stream whose function records each element and returns a pending cancelable promise.</summary>
    private static (Stream<int> Stream, StreamPusher<int> Push, Promise All, List<int> Seen, List<Promise> Calls) IterParallelOverCancelableCalls()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        var seen = new List<int>();
        var calls = new List<Promise>();
        Promise all = s.IterParallel(x =>
        {
            seen.Add(x);
            Promise call = Promise.Cancelable().Promise;
            calls.Add(call);
            return call;
        });
        return (s, push, all, seen, calls);
    }

    /// <summary>IterParallel over a push stream whose function returns a pending promise per element, with its resolver recorded.</summary>
    private static (Stream<int> Stream, StreamPusher<int> Push, Promise All, List<Resolver> Resolvers) IterParallelOverWaitingCalls()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        var resolvers = new List<Resolver>();
        Promise all = s.IterParallel(_ =>
        {
            var (p, r) = Promise.Wait();
            resolvers.Add(r);
            return p;
        });
        return (s, push, all, resolvers);
    }
}
