using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>Lwt's test/core/test_lwt_stream.ml, ported by intent, one test per Lwt test.</summary>
public class StreamTests
{
    // Lwt: test_lwt_stream.ml › "from"
    [Fact]
    public void From_readers_waiting_on_the_same_call_all_get_its_element()
    {
        var box = new MVar<int>();
        Stream<int> s = Lwt.Stream.From(() => box.Take().Map(x => Option.Some(x)));
        Promise<int> t1 = s.Next();
        Promise<int> t2 = s.Next();
        Promise<int> t3 = s.Next();
        box.Put(1);
        Assert.Equal([1, 1, 1], new[] { t1.Result, t2.Result, t3.Result });
    }

    // Lwt: test_lwt_stream.ml › "return"
    [Fact]
    public void Return_is_a_closed_stream_of_one_element()
    {
        Stream<int> s = Lwt.Stream.Return(123);
        Assert.True(s.IsClosed);
        Assert.Equal(123, s.Next().Result);
    }

    // Lwt: test_lwt_stream.ml › "return_lwt"
    [Fact]
    public void FromPromise_of_a_fulfilled_promise_gives_its_value_then_ends()
    {
        Stream<int> s = Lwt.Stream.FromPromise(Promise.Return(123));
        Assert.Equal(123, s.Next().Result);
        Assert.True(s.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "return_lwt_with_pause"
    [Fact]
    public void FromPromise_of_a_pending_promise_waits_for_it()
    {
        Stream<int> s = Lwt.Stream.FromPromise(Promise.Pause().Bind(() => Promise.Return(123)));
        Promise<int> next = s.Next();
        Assert.True(next.IsPending);
        Promise.WakeupPaused();
        Assert.Equal(123, next.Result);
        Assert.True(s.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "return_lwt_with_fail"
    [Fact]
    public void FromPromise_of_a_rejected_promise_is_an_empty_stream()
    {
        Stream<int> s = Lwt.Stream.FromPromise(Promise.Pause().Bind<int>(() => throw new FailureException("not today no")));
        Promise<int> next = s.Next();
        Promise.WakeupPaused();
        Assert.IsType<StreamEmptyException>(next.Exception);
    }

    // Lwt: test_lwt_stream.ml › "of_seq"
    [Fact]
    public void FromEnumerable_enumerates_lazily()
    {
        bool x = false;
        IEnumerable<int> Seq()
        {
            yield return 1;
            x = !x;
        }

        Stream<int> s = Lwt.Stream.FromEnumerable(Seq());
        bool xBefore = x;
        bool closedBefore = s.IsClosed;
        Option<int> x1 = s.Get().Result;
        bool xMiddle = x;
        Option<int> x2 = s.Get().Result;
        Assert.Equal([false, true], new[] { closedBefore, s.IsClosed });
        Assert.Equal([false, false, true], new[] { xBefore, xMiddle, x });
        Assert.Equal([Option.Some(1), default], new[] { x1, x2 });
    }

    [Fact]
    public void FromEnumerable_whose_enumeration_throws_fails_every_later_read_and_stays_open()
    {
        // Lwt's of_seq does not advance past a node that raised, so every later read raises again;
        // a .NET enumerator is finished once it threw, so the stream keeps its exception instead.
        var failure = new FormatException();
        IEnumerable<int> Seq()
        {
            yield return 1;
            throw failure;
        }

        Stream<int> s = Lwt.Stream.FromEnumerable(Seq());
        Assert.Equal(Option.Some(1), s.Get().Result);
        Assert.Same(failure, s.Get().Exception);
        Assert.Same(failure, s.Peek().Exception);
        Assert.False(s.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "of_lwt_seq"
    [Fact]
    public void FromAsyncEnumerable_enumerates_lazily()
    {
        bool x = false;
        async IAsyncEnumerable<int> Seq()
        {
            await System.Threading.Tasks.Task.CompletedTask;
            yield return 1;
            x = !x;
        }

        Stream<int> s = Lwt.Stream.FromAsyncEnumerable(Seq(), TestContext.Current.CancellationToken);
        bool xBefore = x;
        bool closedBefore = s.IsClosed;
        Option<int> x1 = s.Get().Result;
        bool xMiddle = x;
        Option<int> x2 = s.Get().Result;
        Assert.Equal([false, true], new[] { closedBefore, s.IsClosed });
        Assert.Equal([false, false, true], new[] { xBefore, xMiddle, x });
        Assert.Equal([Option.Some(1), default], new[] { x1, x2 });
    }

    // Lwt: test_lwt_stream.ml › "of_list"
    [Fact]
    public void OfList_gives_the_elements_in_order()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3]);
        Assert.Equal([1, 2, 3], new[] { s.Next().Result, s.Next().Result, s.Next().Result });
    }

    // Lwt: test_lwt_stream.ml › "clone"
    [Fact]
    public void Clone_reads_independently()
    {
        Stream<int> s1 = Lwt.Stream.OfList([1, 2, 3]);
        Stream<int> s2 = s1.Clone();
        int a1 = s1.Next().Result;
        int b1 = s2.Next().Result;
        int a2 = s1.Next().Result;
        int a3 = s1.Next().Result;
        int b2 = s2.Next().Result;
        int b3 = s2.Next().Result;
        Assert.Equal([1, 2, 3], new[] { a1, a2, a3 });
        Assert.Equal([1, 2, 3], new[] { b1, b2, b3 });
    }

    // Lwt: test_lwt_stream.ml › "clone 2"
    [Fact]
    public void Clone_of_a_push_stream_sees_what_is_queued_and_waits_for_more()
    {
        var (s1, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        Stream<int> s2 = s1.Clone();
        Promise<int> a1 = s1.Next();
        Promise<int> a2 = s1.Next();
        Promise<int> b1 = s2.Next();
        Promise<int> b2 = s2.Next();
        Assert.Equal(1, a1.Result);
        Assert.True(a2.IsPending);
        Assert.Equal(1, b1.Result);
        Assert.True(b2.IsPending);
    }

    // Lwt: test_lwt_stream.ml › "create"
    [Fact]
    public void Create_pushed_elements_come_out_in_order()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        push.Close();
        Assert.Equal([1, 2, 3], s.ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "create 2"
    [Fact]
    public void Next_on_a_closed_empty_stream_fails_with_Empty()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Close();
        Assert.IsType<StreamEmptyException>(s.Next().Exception);
    }

    // Lwt: test_lwt_stream.ml › "create_bounded"
    [Fact]
    public void CreateBounded_blocks_one_push_when_full_and_refuses_more()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(3);
        Assert.True(push.Push(1).IsFulfilled);
        Assert.True(push.Push(2).IsFulfilled);
        Assert.True(push.Push(3).IsFulfilled);
        Promise t = push.Push(4);
        Assert.True(t.IsPending);
        Assert.IsType<StreamFullException>(push.Push(5).Exception);
        Assert.IsType<StreamFullException>(push.Push(6).Exception);
        Assert.Equal(Option.Some(1), s.Get().Result);
        Promise.WakeupPaused();
        Assert.True(t.IsFulfilled);
        Assert.Equal(Option.Some(2), s.Get().Result);
        Assert.True(push.Push(7).IsFulfilled);
        push.Close();
        Assert.IsType<StreamClosedException>(push.Push(8).Exception);
        Assert.Equal([3, 4, 7], s.ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "create_bounded close"
    [Fact]
    public void Closing_a_bounded_stream_wakes_its_readers()
    {
        var (s, push) = Lwt.Stream.CreateBounded<int>(1);
        Assert.True(push.Push(1).IsFulfilled);
        Promise<List<int>> all = s.ToList();
        Assert.True(all.IsPending);
        push.Close();
        Assert.Equal([1], all.Result);
    }

    // Lwt: test_lwt_stream.ml › "get_while"
    [Fact]
    public void GetWhile_stops_at_the_first_element_that_fails_the_test()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3, 4, 5]);
        Assert.Equal([1, 2], s.GetWhile(x => x < 3).Result);
        Assert.Equal([3, 4, 5], s.ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "peek"
    [Fact]
    public void Peek_does_not_remove()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3, 4, 5]);
        Assert.Equal(Option.Some(1), s.Peek().Result);
        Assert.Equal(Option.Some(1), s.Peek().Result);
        Assert.Equal([1, 2, 3, 4, 5], s.ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "npeek"
    [Fact]
    public void NPeek_does_not_remove()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2, 3, 4, 5]);
        Assert.Equal([1, 2, 3], s.NPeek(3).Result);
        Assert.Equal([1], s.NPeek(1).Result);
        Assert.Equal([1, 2, 3, 4, 5], s.ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "get_available"
    [Fact]
    public void GetAvailable_takes_what_is_queued_without_waiting()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        List<int> l = s.GetAvailable();
        push.Push(4);
        Assert.Equal([1, 2, 3], l);
        Assert.Equal(Option.Some(4), s.Get().Result);
    }

    // Lwt: test_lwt_stream.ml › "get_available_up_to"
    [Fact]
    public void GetAvailableUpTo_takes_at_most_n()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        push.Push(4);
        Assert.Equal([1, 2], s.GetAvailableUpTo(2));
        Assert.Equal(Option.Some(3), s.Get().Result);
    }

    // Lwt: test_lwt_stream.ml › "filter"
    [Fact]
    public void Filter_keeps_the_matching_elements()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        push.Push(4);
        Stream<int> filtered = s.Filter(x => x == 3);
        Assert.Equal(Option.Some(3), filtered.Get().Result);
        Assert.Empty(filtered.GetAvailable());
    }

    // Lwt: test_lwt_stream.ml › "filter_map"
    [Fact]
    public void FilterMap_keeps_the_Some_values()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        push.Push(4);
        Stream<string> filtered = s.FilterMap(x => x == 3 ? Option.Some("3") : default);
        Assert.Equal(Option.Some("3"), filtered.Get().Result);
        Assert.Empty(filtered.GetAvailable());
    }

    // Lwt: test_lwt_stream.ml › "last_new"
    [Fact]
    public void LastNew_gives_the_newest_element()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        push.Push(1);
        push.Push(2);
        push.Push(3);
        Assert.Equal(3, s.LastNew().Result);
    }

    // Lwt: test_lwt_stream.ml › "junk_available"
    [Fact]
    public void JunkAvailable_drops_what_is_queued()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Assert.Empty(s.GetAvailable());
        s.JunkAvailable();
        Assert.Empty(s.GetAvailable());
        push.Push(1);
        push.Push(2);
        push.Push(4);
        s.JunkAvailable();
        Assert.Empty(s.GetAvailable());
        push.Push(66);
        push.Push(77);
        push.Push(99);
        s.JunkAvailable();
        Assert.Empty(s.GetAvailable());
    }

    // Lwt: test_lwt_stream.ml › "junk_old"
    [Fact]
    public void JunkOld_drops_what_is_queued()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Assert.True(s.JunkOld().IsFulfilled);
        Assert.Empty(s.GetAvailable());
        push.Push(1);
        push.Push(2);
        push.Push(4);
        Assert.True(s.JunkOld().IsFulfilled);
        Assert.Empty(s.GetAvailable());
    }

    // Lwt: test_lwt_stream.ml › "cancel push stream 1"
    [Fact]
    public void Canceling_a_pending_next_rejects_it_with_Canceled()
    {
        var (s, _) = Lwt.Stream.Create<int>();
        Promise<int> t = s.Next();
        t.Cancel();
        Assert.True(t.IsCanceled);
    }

    // Lwt: test_lwt_stream.ml › "cancel push stream 2"
    [Fact]
    public void A_canceled_next_does_not_swallow_the_next_element()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<int> t = s.Next();
        t.Cancel();
        push.Push(1);
        Assert.Equal(1, s.Next().Result);
    }

    // Lwt: test_lwt_stream.ml › "cancel push stream 3"
    [Fact]
    public void A_canceled_next_does_not_block_another_pending_next()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<int> t1 = s.Next();
        Promise<int> t2 = s.Next();
        t1.Cancel();
        push.Push(1);
        Assert.True(t1.IsCanceled);
        Assert.Equal(1, t2.Result);
    }

    // Lwt: test_lwt_stream.ml › "push and GC"
    [Fact]
    public void The_pusher_does_not_keep_the_stream_or_its_elements_alive()
    {
        var refs = new WeakReference[3];
        StreamPusher<object> push = MakeStreamAndDropIt(refs);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(refs, r => Assert.False(r.IsAlive));
        push.Push(new object());
    }

    // Lwt: test_lwt_stream.ml › "map_exn"
    [Fact]
    public void WrapExceptions_turns_failures_into_Error_elements()
    {
        var exit = new InvalidOperationException("Exit");
        var failure = new FailureException("plop");
        var eof = new System.IO.EndOfStreamException();
        Result<int, Exception>[] expected =
        [
            Result.Ok<int, Exception>(1), Result.Error<int, Exception>(exit), Result.Error<int, Exception>(failure),
            Result.Ok<int, Exception>(42), Result.Error<int, Exception>(eof),
        ];
        var queue = new Queue<Result<int, Exception>>(expected);
        Stream<int> s = Lwt.Stream.From(() =>
        {
            if (queue.Count == 0)
            {
                return Promise.Return(Option<int>.None);
            }

            Result<int, Exception> next = queue.Dequeue();
            return next.IsOk ? Promise.Return(Option.Some(next.Value)) : throw next.Error;
        });
        Assert.Equal(expected, s.WrapExceptions().ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "is_closed"
    [Fact]
    public void IsClosed_is_true_once_the_end_is_known()
    {
        Assert.True(Lwt.Stream.OfList(Array.Empty<int>()).IsClosed);
        Assert.True(Lwt.Stream.OfList([1, 2, 3]).IsClosed);
        Assert.True(Lwt.Stream.OfArray(Array.Empty<int>()).IsClosed);
        Assert.True(Lwt.Stream.OfArray([1, 2, 3]).IsClosed);
        Assert.True(Lwt.Stream.OfString("").IsClosed);
        Assert.True(Lwt.Stream.OfString("123").IsClosed);
        Assert.False(Lwt.Stream.FromDirect(() => Option.Some(1)).IsClosed);
        Stream<int> st = Lwt.Stream.FromDirect(() => Option<int>.None);
        Assert.False(st.IsClosed);
        _ = st.Junk();
        Assert.True(st.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "closed(bind)"
    [Fact]
    public void Closed_is_fulfilled_when_the_function_ends_the_stream()
    {
        Option<int> value = Option.Some(1);
        Stream<int> st = Lwt.Stream.FromDirect(() =>
        {
            Option<int> r = value;
            value = default;
            return r;
        });
        bool seen = false;
        st.Closed.Map(() => seen = st.IsClosed);
        _ = st.Peek();
        Assert.False(seen);
        _ = st.Junk();
        _ = st.Peek();
        Assert.True(seen);
    }

    // Lwt: test_lwt_stream.ml › "closed(on_termination)"
    [Fact]
    public void Closed_runs_its_termination_callbacks_at_the_end()
    {
        Option<int> value = Option.Some(1);
        Stream<int> st = Lwt.Stream.FromDirect(() =>
        {
            Option<int> r = value;
            value = default;
            return r;
        });
        bool seen = false;
        st.Closed.OnTermination(() => seen = true);
        _ = st.Peek();
        Assert.False(seen);
        _ = st.Junk();
        _ = st.Peek();
        Assert.True(seen);
        Assert.True(st.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "closed when closed"
    [Fact]
    public void Closed_of_a_closed_stream_is_already_fulfilled()
    {
        Stream<int> st = Lwt.Stream.OfList(Array.Empty<int>());
        bool seen = false;
        Assert.True(st.IsClosed);
        st.Closed.OnTermination(() => seen = true);
        Assert.True(seen);
    }

    // Lwt: test_lwt_stream.ml › "choose_exhausted"
    [Fact]
    public void Choose_over_exhausted_streams_ends()
    {
        Assert.Empty(Lwt.Stream.Choose(Lwt.Stream.OfList(Array.Empty<int>())).ToList().Result);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: basic, from"
    [Fact]
    public void A_throwing_From_function_rejects_the_read()
    {
        Stream<int> s = Lwt.Stream.From<int>(() => throw new ExitException());
        Assert.IsType<ExitException>(s.Get().Exception);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: basic, from_direct"
    [Fact]
    public void A_throwing_FromDirect_function_rejects_the_read()
    {
        Stream<int> s = Lwt.Stream.FromDirect<int>(() => throw new ExitException());
        Assert.IsType<ExitException>(s.Get().Exception);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: to_list"
    [Fact]
    public void A_throwing_From_function_rejects_ToList()
    {
        Stream<int> s = Lwt.Stream.From<int>(() => throw new ExitException());
        Assert.IsType<ExitException>(s.ToList().Exception);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: mapped"
    [Fact]
    public void A_throwing_From_function_rejects_reads_of_a_mapped_stream()
    {
        Stream<int> s = Lwt.Stream.From<int>(() => throw new ExitException()).Map(v => v);
        Assert.IsType<ExitException>(s.Get().Exception);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: resume, not closed, from"
    [Fact]
    public void A_From_stream_stays_open_after_a_failure()
    {
        Promise<Option<int>> toFeed = Promise.Fail<Option<int>>(new ExitException());
        Stream<int> s = Lwt.Stream.From(() => toFeed);
        Assert.IsType<ExitException>(s.Get().Exception);
        Assert.False(s.IsClosed);
        toFeed = Promise.Return(Option.Some(0));
        Assert.Equal(Option.Some(0), s.Get().Result);
        toFeed = Promise.Return(Option<int>.None);
        Assert.Equal(default, s.Get().Result);
        Assert.True(s.IsClosed);
    }

    // Lwt: test_lwt_stream.ml › "exception passing: resume, not closed, from_direct"
    [Fact]
    public void A_FromDirect_stream_stays_open_after_a_failure()
    {
        Func<Option<int>> toFeed = () => throw new ExitException();
        Stream<int> s = Lwt.Stream.FromDirect(() => toFeed());
        Assert.IsType<ExitException>(s.Get().Exception);
        Assert.False(s.IsClosed);
        toFeed = () => Option.Some(0);
        Assert.Equal(Option.Some(0), s.Get().Result);
        toFeed = () => default;
        Assert.Equal(default, s.Get().Result);
        Assert.True(s.IsClosed);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StreamPusher<object> MakeStreamAndDropIt(WeakReference[] refs)
    {
        var (s, push) = Lwt.Stream.Create<object>();
        for (int i = 0; i < refs.Length; i++)
        {
            object o = new();
            refs[i] = new WeakReference(o);
            push.Push(o);
        }

        Assert.True(s.Next().IsFulfilled);
        return push;
    }

    /// <summary>OCaml's Exit.</summary>
    private sealed class ExitException : Exception
    {
    }
}
