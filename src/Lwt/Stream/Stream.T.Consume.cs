// Stream.T.Consume.cs: reading a stream to its end or to a match (Lwt's to_list, fold, iter,
// iter_s, iter_p, iter_n, find, find_map and their _s forms). Each is an async method looping
// over the queue, so a long stream of ready elements runs in constant stack. An exception thrown
// by the user's function rejects the result (Lwt lets it escape synchronously when the stream
// is ready; see docs/architecture.md).

using System;
using System.Collections.Generic;
using Lwt.Internal;

namespace Lwt;

public sealed partial class Stream<T>
{
    /// <summary>
    /// Reads every element to the end (Lwt's <c>to_list</c>). Canceling the promise stops the
    /// reading (elements read so far are lost); a failing source rejects it.
    /// </summary>
    /// <returns>The elements, in order.</returns>
    public async Promise<List<T>> ToList()
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return list;
            }

            Consume(node);
            list.Add(node.Value);
            node = node.Next;
        }
    }

    /// <summary>
    /// Folds <paramref name="f"/> over the elements to the end (Lwt's <c>fold</c>):
    /// <c>f(x, acc)</c> for each element <c>x</c> in order. An exception from <paramref name="f"/>
    /// or a failing source rejects the result; canceling it stops the reading.
    /// </summary>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="f">The function, given the element and the accumulator.</param>
    /// <param name="seed">The first accumulator.</param>
    /// <returns>The last accumulator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TAccumulate> Fold<TAccumulate>(Func<T, TAccumulate, TAccumulate> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(f);
        return FoldSequentialCore((x, acc) => Promise.Return(f(x, acc)), seed);
    }

    /// <summary>As <see cref="Fold{TAccumulate}"/> with an asynchronous function, one call at a time (Lwt's <c>fold_s</c>).</summary>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="f">The function, given the element and the accumulator.</param>
    /// <param name="seed">The first accumulator.</param>
    /// <returns>The last accumulator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TAccumulate> FoldSequential<TAccumulate>(Func<T, TAccumulate, Promise<TAccumulate>> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(f);
        return FoldSequentialCore(f, seed);
    }

    /// <summary>
    /// Calls <paramref name="f"/> on every element to the end (Lwt's <c>iter</c>). An exception
    /// from <paramref name="f"/> or a failing source rejects the result; canceling it stops the reading.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <returns>A promise fulfilled at the end of the stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise Iter(Action<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return IterCore(f);
    }

    /// <summary>
    /// Calls <paramref name="f"/> on every element, each call after the previous one's promise is
    /// fulfilled (Lwt's <c>iter_s</c>). A rejection stops the iteration and rejects the result;
    /// canceling the result cancels the call or the read it is waiting on.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <returns>A promise fulfilled at the end of the stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise IterSequential(Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return IterSequentialCore(f);
    }

    /// <summary>
    /// Calls <paramref name="f"/> on every element as soon as it arrives, without waiting for the
    /// previous calls (Lwt's <c>iter_p</c>). The result is fulfilled once the stream has ended and
    /// every call is fulfilled; it is rejected with the first rejection in element order, as soon
    /// as the calls before that one are fulfilled (it does not wait for the end of the stream).
    /// Canceling the result cancels the first call not yet fulfilled, which rejects the result while
    /// the reading and the calls on later elements go on, as in Lwt; if no call is pending, it stops
    /// the reading.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <returns>A promise of the whole iteration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise IterParallel(Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);

        // The result is a chain `f(x1) >>= fun () -> f(x2) >>= ... >>= fun () -> end`, built
        // front to back as elements arrive: each link ends in a pending "hole" that the next link,
        // or the end, fills with Follow. Filled holes merge into the result (proxying), so the
        // chain costs memory only for the calls still pending, whatever the stream's length.
        var result = new Promise(Promise.CancelKind.CancelThis, null);
        var driver = new ParallelDriver { Hole = result };
        result.AddCancelCallback(driver);
        driver.Reading = IterParallelDrive(f, driver);
        return result;
    }

    /// <summary>
    /// Calls <paramref name="f"/> on the elements with at most <paramref name="maxConcurrency"/>
    /// calls pending at a time (Lwt's <c>iter_n</c>); calls finish in any order. The result is
    /// fulfilled once the stream has ended and every call is fulfilled, and rejected by the first
    /// rejection noticed (a pending call that rejects while the iteration waits for a free slot,
    /// or, at the end, the first rejection of the remaining calls). Canceling the result cancels
    /// the calls or the read it is waiting on.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="maxConcurrency">The most calls in flight; 1 (the default) is <see cref="IterSequential"/>.</param>
    /// <returns>A promise of the whole iteration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public Promise IterConcurrent(Func<T, Promise> f, int maxConcurrency = 1)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return IterConcurrentCore(f, maxConcurrency);
    }

    /// <summary>
    /// Reads up to and including the first element that satisfies <paramref name="predicate"/>
    /// (Lwt's <c>find</c>): <c>Some(element)</c>, or <c>None</c> if the stream ends first. The
    /// elements tested are removed. An exception from the predicate or a failing source rejects it.
    /// </summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The element found, or None.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise<Option<T>> Find(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return FindMapSequentialCore(x => predicate(x) ? OptionPromises<T>.Some(x) : OptionPromises<T>.None);
    }

    /// <summary>As <see cref="Find"/> with an asynchronous predicate (Lwt's <c>find_s</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The element found, or None.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise<Option<T>> FindSequential(Func<T, Promise<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return FindMapSequentialCore(async x => await predicate(x) ? x : default(Option<T>));
    }

    /// <summary>
    /// The first <c>Some</c> that <paramref name="f"/> returns, reading up to that element (Lwt's
    /// <c>find_map</c>), or <c>None</c> if the stream ends first; errors as <see cref="Find"/>.
    /// </summary>
    /// <typeparam name="TResult">The type of the value found.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The value found, or None.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<Option<TResult>> FindMap<TResult>(Func<T, Option<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return FindMapSequentialCore(x => Promise.Return(f(x)));
    }

    /// <summary>As <see cref="FindMap{TResult}"/> with an asynchronous function (Lwt's <c>find_map_s</c>).</summary>
    /// <typeparam name="TResult">The type of the value found.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The value found, or None.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<Option<TResult>> FindMapSequential<TResult>(Func<T, Promise<Option<TResult>>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return FindMapSequentialCore(f);
    }

    private async Promise<TAccumulate> FoldSequentialCore<TAccumulate>(Func<T, TAccumulate, Promise<TAccumulate>> f, TAccumulate acc)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return acc;
            }

            Consume(node);
            acc = await f(node.Value, acc);
            storage.Restore();
            node = node.Next;
        }
    }

    private async Promise IterCore(Action<T> f)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return;
            }

            Consume(node);
            f(node.Value);
            node = node.Next;
        }
    }

    private async Promise IterSequentialCore(Func<T, Promise> f)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return;
            }

            Consume(node);
            await f(node.Value);
            storage.Restore();
            node = node.Next;
        }
    }

    /// <summary>Reads for <see cref="IterParallel"/>, starting a call per element and filling the chain's holes; never rejected.</summary>
    private async Promise IterParallelDrive(Func<T, Promise> f, ParallelDriver driver)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        Promise hole = driver.Hole!;
        try
        {
            while (true)
            {
                if (node.Next is null)
                {
                    await WaitFill(node);
                    storage.Restore();
                    continue;
                }

                if (node.IsEnd)
                {
                    break;
                }

                Consume(node);
                T x = node.Value;
                node = node.Next;
                Promise call;
                try
                {
                    call = f(x) ?? throw new InvalidOperationException("Stream.IterParallel: the function returned null.");
                }
                catch (Exception e) when (ExceptionFilter.Handles(e))
                {
                    call = Promise.Fail(e);
                }

                var next = new Promise(Promise.CancelKind.CancelThis, null);
                Promise.Follow(hole, call.Bind(() => next));
                hole = next;
                driver.Hole = next;
            }

            Promise.Follow(hole, Promise.Unit);
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Promise.Follow(hole, Promise.Fail(e));
        }
    }

    private async Promise IterConcurrentCore(Func<T, Promise> f, int maxConcurrency)
    {
        // Lwt keeps the running calls newest first; nchoose_split reports the first rejection in that order.
        var running = new List<Promise<bool>>();
        CallStorage storage = CallStorage.Capture();
        int available = maxConcurrency;
        while (true)
        {
            if (available == 0)
            {
                (bool[] done, Promise<bool>[] pending) = await Promise.NChooseSplit(running);
                storage.Restore();
                running.Clear();
                running.AddRange(pending);
                available += done.Length;
            }

            Option<T> x = await Get();
            storage.Restore();
            if (!x.HasValue)
            {
                await Promise.Join(running);
                return;
            }

            running.Insert(0, f(x.Value).Map(static () => true));
            available--;
        }
    }

    private async Promise<Option<TResult>> FindMapSequentialCore<TResult>(Func<T, Promise<Option<TResult>>> f)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return default;
            }

            Consume(node);
            Option<TResult> y = await f(node.Value);
            storage.Restore();
            if (y.HasValue)
            {
                return y;
            }

            node = node.Next;
        }
    }

    /// <summary>
    /// Stops the reading of an <see cref="IterParallel"/> when the cancellation of its result
    /// reached the hole the reading fills next, that is, when no call was pending before it. A
    /// cancellation that reached a pending call rejects the result but leaves the reading going,
    /// as Lwt's <c>iter_p</c> does (its rest of the iteration is started before the call's bind).
    /// </summary>
    private sealed class ParallelDriver : ICallback
    {
        internal Promise? Reading;

        /// <summary>The pending end of the chain, which the next element or the end of the stream fills.</summary>
        internal Promise? Hole;

        public void OnResolved(Promise source)
        {
            if (Hole is { IsPending: false })
            {
                Reading?.Cancel();
            }
        }
    }
}
