// WalkStorageTests.cs: the library's own walks (Lwt_list's, Lwt_seq's and Lwt_stream's functions)
// call the user's function under the storage Lwt's binds would restore: the storage of the walk's
// call, or of the read that pulls a lazy transformer, not that of whoever resolved the step the
// walk waited on.

using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class WalkStorageTests
{
    private static readonly StorageKey<int> Key = Promise.NewKey<int>();

    private static int Seen() => Promise.TryGetStorage(Key, out int v) ? v : -1;

    // Lwt: iter_s is `f x >>= fun () -> iter_s f l`: the bind restores the storage of the call.
    [Fact]
    public void IterSequential_calls_f_after_a_wait_under_the_storage_of_its_call()
    {
        var seen = new List<int>();
        (Promise first, Resolver resolveFirst) = Promise.Wait();
        Promise walk = Promise.WithStorage(Key, 42, () => PromiseList.IterSequential([1, 2, 3], x =>
        {
            seen.Add(Seen());
            return x == 1 ? first : Promise.Unit;
        }));
        resolveFirst.Resolve();
        Assert.True(walk.IsFulfilled);
        Assert.Equal([42, 42, 42], seen);
    }

    [Fact]
    public void MapSequential_and_FoldLeftSequential_keep_the_storage_of_their_call()
    {
        var seen = new List<int>();
        (Promise<int> first, Resolver<int> resolveFirst) = Promise.Wait<int>();
        Promise<int[]> mapped = Promise.WithStorage(Key, 7, () => PromiseList.MapSequential([1, 2], x =>
        {
            seen.Add(Seen());
            return x == 1 ? first : Promise.Return(x);
        }));
        (Promise<int> step, Resolver<int> resolveStep) = Promise.Wait<int>();
        Promise<int> folded = Promise.WithStorage(Key, 8, () => PromiseList.FoldLeftSequential([1, 2], 0, (acc, x) =>
        {
            seen.Add(Seen());
            return x == 1 ? step : Promise.Return(acc + x);
        }));
        resolveFirst.Resolve(1);
        resolveStep.Resolve(1);
        Assert.Equal([1, 2], mapped.Result);
        Assert.Equal(3, folded.Result);
        Assert.Equal([7, 8, 7, 8], seen);
    }

    // Lwt: Lwt_seq.iter binds on each node, so f sees the storage of the iter call.
    [Fact]
    public void PromiseSeq_Iter_calls_f_after_a_pending_node_under_the_storage_of_its_call()
    {
        var seen = new List<int>();
        (Promise<PromiseSeqNode<int>> tail, Resolver<PromiseSeqNode<int>> resolveTail) = Promise.Wait<PromiseSeqNode<int>>();
        PromiseSeq<int> seq = PromiseSeq.Cons(1, () => tail);
        Promise walk = Promise.WithStorage(Key, 42, () => seq.Iter(_ => seen.Add(Seen())));
        resolveTail.Resolve(new PromiseSeqNode<int>(2, PromiseSeq.Empty<int>()));
        Assert.True(walk.IsFulfilled);
        Assert.Equal([42, 42], seen);
    }

    // Lwt: Lwt_seq.map's function runs in a bind on the node forced by the reader.
    [Fact]
    public void PromiseSeq_Map_calls_f_under_the_storage_of_the_read_that_forces_the_node()
    {
        var seen = new List<int>();
        (Promise<PromiseSeqNode<int>> head, Resolver<PromiseSeqNode<int>> resolveHead) = Promise.Wait<PromiseSeqNode<int>>();
        PromiseSeq<int> source = () => head;
        PromiseSeq<int> mapped = source.Map(x =>
        {
            seen.Add(Seen());
            return x * 10;
        });
        Promise<PromiseSeqNode<int>> first = Promise.WithStorage(Key, 5, () => mapped());
        resolveHead.Resolve(new PromiseSeqNode<int>(1, PromiseSeq.Empty<int>()));
        Assert.Equal(10, first.Result.Head);
        Assert.Equal([5], seen);
    }

    // Lwt: Lwt_stream.iter is `feed s >>= fun () -> ... f x; iter_rec ()`.
    [Fact]
    public void Stream_Iter_calls_f_for_a_later_push_under_the_storage_of_its_call()
    {
        var seen = new List<int>();
        (Stream<int> stream, StreamPusher<int> push) = Lwt.Stream.Create<int>();
        Promise walk = Promise.WithStorage(Key, 42, () => stream.Iter(_ => seen.Add(Seen())));
        push.Push(1);
        push.Push(2);
        push.Close();
        Assert.True(walk.IsFulfilled);
        Assert.Equal([42, 42], seen);
    }

    // Lwt: Lwt_stream.map is `from (fun () -> get s >|= ... f x)`: f runs under the reader's storage.
    [Fact]
    public void Stream_Map_calls_f_under_the_storage_of_the_read()
    {
        var seen = new List<int>();
        (Stream<int> stream, StreamPusher<int> push) = Lwt.Stream.Create<int>();
        Stream<int> mapped = stream.Map(x =>
        {
            seen.Add(Seen());
            return x + 1;
        });
        Promise<Option<int>> read = Promise.WithStorage(Key, 3, () => mapped.Get());
        push.Push(1);
        Assert.Equal(2, read.Result.Value);
        Assert.Equal([3], seen);
    }

    // Lwt: append reads the second stream in a bind on the first's end: under the reader's storage.
    [Fact]
    public void Stream_Append_pulls_the_second_stream_under_the_storage_of_the_read()
    {
        var seen = new List<int>();
        (Stream<int> first, StreamPusher<int> push) = Lwt.Stream.Create<int>();
        Stream<int> second = Lwt.Stream.From(() =>
        {
            seen.Add(Seen());
            return Promise.Return(Option.Some(9));
        });
        Promise<Option<int>> read = Promise.WithStorage(Key, 4, () => Lwt.Stream.Append(first, second).Get());
        push.Close();
        Assert.Equal(9, read.Result.Value);
        Assert.Equal([4], seen);
    }

    // Lwt: Lwt_pool.use is `Lwt.catch (fun () -> f c) (fun e -> check_and_release ...)`: the
    // handler, and so check and dispose, run under the storage of the use.
    [Fact]
    public void Pool_Use_calls_check_and_dispose_after_a_failed_use_under_the_storage_of_the_use()
    {
        var seen = new List<int>();
        var pool = new Pool<int>(
            1,
            () => Promise.Return(1),
            check: (_, _) =>
            {
                seen.Add(Seen());
                return false;
            },
            dispose: _ =>
            {
                seen.Add(Seen());
                return Promise.Unit;
            });
        (Promise<int> use, Resolver<int> finishUse) = Promise.Wait<int>();
        Promise<int> result = Promise.WithStorage(Key, 6, () => pool.Use(_ => use));
        finishUse.Reject(new TestException());
        Assert.IsType<TestException>(result.Exception);
        Assert.Equal([6, 6], seen);
    }

    // Not in Lwt (its bounded push has no push_all); written as Lwt_list.iter_s over push, whose
    // binds would step the list under the caller's storage, not under the reader's.
    [Fact]
    public void BoundedPush_PushAll_steps_the_callers_sequence_under_the_callers_storage()
    {
        var seen = new List<int>();
        IEnumerable<int> Values()
        {
            for (int i = 0; i < 3; i++)
            {
                seen.Add(Seen());
                yield return i;
            }
        }

        (Stream<int> stream, BoundedPush<int> push) = Lwt.Stream.CreateBounded<int>(1);
        Promise pushed = Promise.WithStorage(Key, 9, () => push.PushAll(Values()));
        Promise<List<int>> read = stream.NGet(3);
        Assert.True(pushed.IsFulfilled);
        Assert.Equal([0, 1, 2], read.Result);
        Assert.Equal([9, 9, 9], seen);
    }
}
