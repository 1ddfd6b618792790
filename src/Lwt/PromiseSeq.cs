// PromiseSeq.cs: Lwt's Lwt_seq combinators over PromiseSeq<T> (see PromiseSeq.T.cs).
//
// Why not IAsyncEnumerable<T>: an IAsyncEnumerator is a cursor with state (MoveNextAsync then
// Current), so it cannot be traversed twice, cannot hand out a tail, and its steps are
// ValueTasks that an async Promise method can await only on a loop thread. Lwt's sequence is a
// persistent value whose steps are promises; a delegate returning Promise<PromiseSeqNode<T>>
// keeps all of that (laziness, re-evaluation, cancellation of the current step, Lwt's order),
// and works without an event loop. docs/architecture.md records the choice.
//
// Rules kept from Lwt (test_lwt_seq.ml):
// - Every transformer is lazy: building it calls nothing; forcing its node forces the source's.
// - Every call of a sequence or of a user function is guarded as Lwt.apply guards it, so an
//   exception becomes a rejection of the node (or of the traversal's result), never a throw.
//   Force() does it for sequences; async methods do it for functions.
// - _Sequential (Lwt's _s): the next node of the source is asked for only once f's promise for
//   the current element is fulfilled.
// - IterParallel asks for the next node as soon as f has been called; IterConcurrent (iter_n)
//   keeps at most maxConcurrency of f's promises unresolved, and asks for a node only when
//   there is room for it.
// Loops (skipping filtered elements, folds, iterations, empty inner sequences of FlatMap) are
// loops inside one async method, so a long run of resolved nodes uses a constant stack.

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// Makes, transforms and traverses <see cref="PromiseSeq{T}"/> sequences (Lwt's <c>Lwt_seq</c>).
/// </summary>
/// <remarks>
/// Transformers (<c>Map</c>, <c>Filter</c>...) are lazy: they run nothing until a node is asked
/// for, and again each time it is asked for. Traversals (<c>FoldLeft</c>, <c>Iter</c>...,
/// <c>ToList</c>) start at once and never finish on an infinite sequence. An exception thrown by
/// a sequence or by a function rejects the node or the traversal. Canceling a traversal's
/// promise cancels the promise it is waiting on (a node's, or <c>f</c>'s), which rejects it with
/// <see cref="CanceledException"/>. Null arguments throw <see cref="ArgumentNullException"/> at
/// the call, before anything starts.
/// </remarks>
public static class PromiseSeq
{
    /// <summary>The empty sequence (Lwt's <c>Lwt_seq.empty</c>); one shared delegate per type.</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <returns>A sequence whose node is always <see cref="PromiseSeqNode{T}.Nil"/>.</returns>
    public static PromiseSeq<T> Empty<T>() => NilCache<T>.Seq;

    /// <summary>The sequence of one element (Lwt's <c>Lwt_seq.return</c>).</summary>
    /// <typeparam name="T">The type of the element.</typeparam>
    /// <param name="value">The element.</param>
    /// <returns>The one-element sequence.</returns>
    public static PromiseSeq<T> Return<T>(T value) => () => Promise.Return(new PromiseSeqNode<T>(value, NilCache<T>.Seq));

    /// <summary>The sequence of the one element <paramref name="value"/> will give (Lwt's <c>Lwt_seq.return_lwt</c>).</summary>
    /// <typeparam name="T">The type of the element.</typeparam>
    /// <param name="value">The promised element; if it is rejected, so is the node.</param>
    /// <returns>The one-element sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static PromiseSeq<T> ReturnPromise<T>(Promise<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return () => value.Map(static x => new PromiseSeqNode<T>(x, NilCache<T>.Seq));
    }

    /// <summary><paramref name="head"/> followed by <paramref name="tail"/> (Lwt's <c>Lwt_seq.cons</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="head">The first element.</param>
    /// <param name="tail">The rest.</param>
    /// <returns>The sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tail"/> is null.</exception>
    public static PromiseSeq<T> Cons<T>(T head, PromiseSeq<T> tail)
    {
        ArgumentNullException.ThrowIfNull(tail);
        return () => Promise.Return(new PromiseSeqNode<T>(head, tail));
    }

    /// <summary>The element <paramref name="head"/> will give, followed by <paramref name="tail"/> (Lwt's <c>Lwt_seq.cons_lwt</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="head">The promised first element; if it is rejected, so is the first node.</param>
    /// <param name="tail">The rest.</param>
    /// <returns>The sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<T> ConsPromise<T>(Promise<T> head, PromiseSeq<T> tail)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(tail);
        return () => head.Map(x => new PromiseSeqNode<T>(x, tail));
    }

    /// <summary>The elements of <paramref name="first"/>, then those of <paramref name="second"/> (Lwt's <c>Lwt_seq.append</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="first">The first sequence.</param>
    /// <param name="second">The second sequence, forced once the first ends.</param>
    /// <returns>The lazy concatenation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<T> Append<T>(this PromiseSeq<T> first, PromiseSeq<T> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return AppendCore(first, second);
    }

    /// <summary>Each element passed through <paramref name="f"/>, lazily (Lwt's <c>Lwt_seq.map</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="f">The function, called when a node is forced; an exception rejects that node.</param>
    /// <returns>The mapped sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<TResult> Map<T, TResult>(this PromiseSeq<T> source, Func<T, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return MapCore(source, f);
    }

    /// <summary>
    /// Each element passed through the promise-returning <paramref name="f"/> (Lwt's
    /// <c>Lwt_seq.map_s</c>): the source's next node is asked for only after f's promise for the
    /// current element is fulfilled.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="f">The function; its rejection rejects the node.</param>
    /// <returns>The mapped sequence. Canceling a node's promise cancels f's promise or the source's node.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<TResult> MapSequential<T, TResult>(this PromiseSeq<T> source, Func<T, Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return MapSequentialCore(source, f);
    }

    /// <summary>The elements that satisfy <paramref name="predicate"/>, lazily (Lwt's <c>Lwt_seq.filter</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="predicate">The test; an exception rejects the node being computed.</param>
    /// <returns>The filtered sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<T> Filter<T>(this PromiseSeq<T> source, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predicate);
        return FilterCore(source, predicate);
    }

    /// <summary>The elements whose promised test is true (Lwt's <c>Lwt_seq.filter_s</c>), one test at a time.</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="predicate">The test; its rejection rejects the node being computed.</param>
    /// <returns>The filtered sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<T> FilterSequential<T>(this PromiseSeq<T> source, Func<T, Promise<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predicate);
        return FilterSequentialCore(source, predicate);
    }

    /// <summary>The <c>Some</c> results of <paramref name="f"/>, lazily (Lwt's <c>Lwt_seq.filter_map</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="f">The function: <c>None</c> drops the element.</param>
    /// <returns>The sequence of results.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<TResult> FilterMap<T, TResult>(this PromiseSeq<T> source, Func<T, Option<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return FilterMapCore(source, f);
    }

    /// <summary>The <c>Some</c> results of the promise-returning <paramref name="f"/> (Lwt's <c>Lwt_seq.filter_map_s</c>), one at a time.</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="f">The function: a promised <c>None</c> drops the element.</param>
    /// <returns>The sequence of results.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<TResult> FilterMapSequential<T, TResult>(this PromiseSeq<T> source, Func<T, Promise<Option<TResult>>> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return FilterMapSequentialCore(source, f);
    }

    /// <summary>The elements of the sequences <paramref name="f"/> makes of each element, in turn (Lwt's <c>Lwt_seq.flat_map</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="f">The function, called when the previous inner sequence has ended.</param>
    /// <returns>The flattened sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PromiseSeq<TResult> FlatMap<T, TResult>(this PromiseSeq<T> source, Func<T, PromiseSeq<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return () => FlatMapStep(null, f, source);
    }

    /// <summary>Combines the elements, left to right, into an accumulator (Lwt's <c>Lwt_seq.fold_left</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The combining function; an exception rejects the result.</param>
    /// <param name="seed">The first accumulator.</param>
    /// <returns>A promise of the last accumulator; rejected by the first rejected node or exception.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TAccumulate> FoldLeft<T, TAccumulate>(this PromiseSeq<T> source, Func<TAccumulate, T, TAccumulate> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return FoldLeftCore(source, f, seed);
    }

    /// <summary>Combines the elements with a promise-returning function, one at a time (Lwt's <c>Lwt_seq.fold_left_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The combining function; the next node is asked for once its promise is fulfilled.</param>
    /// <param name="seed">The first accumulator.</param>
    /// <returns>A promise of the last accumulator; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TAccumulate> FoldLeftSequential<T, TAccumulate>(this PromiseSeq<T> source, Func<TAccumulate, T, Promise<TAccumulate>> f, TAccumulate seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return FoldLeftSequentialCore(source, f, seed);
    }

    /// <summary>Calls <paramref name="f"/> on every element, in order (Lwt's <c>Lwt_seq.iter</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The function; the next node is asked for after it returns.</param>
    /// <returns>A promise fulfilled at the end; rejected by the first rejected node or exception.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise Iter<T>(this PromiseSeq<T> source, Action<T> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return IterCore(source, f);
    }

    /// <summary>Calls the promise-returning <paramref name="f"/> on every element, one at a time (Lwt's <c>Lwt_seq.iter_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The function; the next node is asked for once its promise is fulfilled.</param>
    /// <returns>A promise fulfilled at the end; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterSequential<T>(this PromiseSeq<T> source, Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return IterSequentialCore(source, f);
    }

    /// <summary>
    /// Calls <paramref name="f"/> on every element as soon as its node is there, without waiting
    /// for the promises of the previous ones (Lwt's <c>Lwt_seq.iter_p</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The function.</param>
    /// <returns>
    /// A promise that, once the sequence has ended, joins f's promises (last element's first, as
    /// Lwt): fulfilled when all are, rejected when any is, once all have resolved. A rejected
    /// node or an exception from f rejects it at once and leaves the started promises running.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterParallel<T>(this PromiseSeq<T> source, Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        return IterParallelCore(source, f);
    }

    /// <summary>
    /// Calls <paramref name="f"/> on the elements with at most <paramref name="maxConcurrency"/>
    /// of its promises unresolved at any time (Lwt's <c>Lwt_seq.iter_n</c>). A node is asked for
    /// only when there is room for another promise, so the sequence is never ahead of f.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <param name="f">The function.</param>
    /// <param name="maxConcurrency">The most promises of f pending at once; 1 by default, as in Lwt.</param>
    /// <returns>
    /// A promise fulfilled once the sequence has ended and every promise of f is fulfilled. A
    /// rejection (of a node, of f's promise, or an exception from f) rejects it, and the other
    /// running promises are left running. Canceling it cancels what it waits on: the running
    /// promises of f when it is full, else the node it is asking for.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public static Promise IterConcurrent<T>(this PromiseSeq<T> source, Func<T, Promise> f, int maxConcurrency = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return IterConcurrentCore(source, f, maxConcurrency);
    }

    /// <summary>
    /// The sequence a step function makes from a state (Lwt's <c>Lwt_seq.unfold</c>): forcing a
    /// node calls <paramref name="f"/> on its state; <c>None</c> ends the sequence,
    /// <c>Some((x, next))</c> gives <c>x</c> followed by the sequence from <c>next</c>.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="f">The step function; an exception rejects the node.</param>
    /// <param name="state">The first state.</param>
    /// <returns>The lazy sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static PromiseSeq<T> Unfold<T, TState>(Func<TState, Option<(T, TState)>> f, TState state)
    {
        ArgumentNullException.ThrowIfNull(f);
        return UnfoldCore(f, state);
    }

    /// <summary>Like <see cref="Unfold{T, TState}"/> with a promise-returning step (Lwt's <c>Lwt_seq.unfold_lwt</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="f">The step function; its rejection rejects the node.</param>
    /// <param name="state">The first state.</param>
    /// <returns>The lazy sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static PromiseSeq<T> UnfoldPromise<T, TState>(Func<TState, Promise<Option<(T, TState)>>> f, TState state)
    {
        ArgumentNullException.ThrowIfNull(f);
        return UnfoldPromiseCore(f, state);
    }

    /// <summary>The elements, in order, in a list (Lwt's <c>Lwt_seq.to_list</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The sequence, traversed at once.</param>
    /// <returns>A promise of the list; rejected by the first rejected node.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static Promise<List<T>> ToList<T>(this PromiseSeq<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ToListCore(source);
    }

    /// <summary>The elements of a collection, copied now (Lwt's <c>Lwt_seq.of_list</c>: OCaml lists do not change).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <returns>A sequence whose nodes are already fulfilled promises.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static PromiseSeq<T> OfList<T>(IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        T[] items = [.. source];
        return OfArray(items, 0);
    }

    /// <summary>
    /// The elements of an enumerable, read lazily (Lwt's <c>Lwt_seq.of_seq</c>): each traversal
    /// from the start enumerates <paramref name="source"/> afresh; a node, once computed, is kept,
    /// so forcing the same tail twice does not advance the enumerator twice. An exception from the
    /// enumerator rejects the node being computed.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <returns>The lazy sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static PromiseSeq<T> OfEnumerable<T>(IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return () => EnumeratorCell<T>.Start(source);
    }

    /// <summary>
    /// The elements an enumerable of promises gives, read lazily (Lwt's <c>Lwt_seq.of_seq_lwt</c>):
    /// as <see cref="OfEnumerable{T}(IEnumerable{T})"/>, and a node is fulfilled when its promise is.
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The promises; a rejected one rejects its node.</param>
    /// <returns>The lazy sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static PromiseSeq<T> OfPromises<T>(IEnumerable<Promise<T>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return () => PromiseEnumeratorCell<T>.Start(source);
    }

    /// <summary>Calls a sequence as Lwt.apply does: an exception or a null promise becomes a rejection.</summary>
    internal static Promise<PromiseSeqNode<T>> Force<T>(PromiseSeq<T> seq)
    {
        try
        {
            return seq() ?? Promise.NullPromise<PromiseSeqNode<T>>("PromiseSeq");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Promise.Fail<PromiseSeqNode<T>>(e);
        }
    }

    private static TPromise Checked<TPromise>(TPromise? p)
        where TPromise : Promise =>
        p ?? (TPromise)(Promise)Promise.NullPromise<bool>("PromiseSeq");

    private static PromiseSeq<T> AppendCore<T>(PromiseSeq<T> first, PromiseSeq<T> second) => () => AppendStep(first, second);

    private static async Promise<PromiseSeqNode<T>> AppendStep<T>(PromiseSeq<T> first, PromiseSeq<T> second)
    {
        CallStorage storage = CallStorage.Capture();
        PromiseSeqNode<T> node = await Force(first);
        storage.Restore();
        return node.IsCons ? new PromiseSeqNode<T>(node.Head, AppendCore(node.Tail, second)) : await Force(second);
    }

    private static PromiseSeq<TResult> MapCore<T, TResult>(PromiseSeq<T> source, Func<T, TResult> f) => () => MapStep(source, f);

    private static async Promise<PromiseSeqNode<TResult>> MapStep<T, TResult>(PromiseSeq<T> source, Func<T, TResult> f)
    {
        CallStorage storage = CallStorage.Capture();
        PromiseSeqNode<T> node = await Force(source);
        storage.Restore();
        return node.IsCons ? new PromiseSeqNode<TResult>(f(node.Head), MapCore(node.Tail, f)) : default;
    }

    private static PromiseSeq<TResult> MapSequentialCore<T, TResult>(PromiseSeq<T> source, Func<T, Promise<TResult>> f) =>
        () => MapSequentialStep(source, f);

    private static async Promise<PromiseSeqNode<TResult>> MapSequentialStep<T, TResult>(PromiseSeq<T> source, Func<T, Promise<TResult>> f)
    {
        CallStorage storage = CallStorage.Capture();
        PromiseSeqNode<T> node = await Force(source);
        storage.Restore();
        if (!node.IsCons)
        {
            return default;
        }

        TResult y = await Checked(f(node.Head));
        return new PromiseSeqNode<TResult>(y, MapSequentialCore(node.Tail, f));
    }

    private static PromiseSeq<T> FilterCore<T>(PromiseSeq<T> source, Func<T, bool> predicate) => () => FilterStep(source, predicate);

    private static async Promise<PromiseSeqNode<T>> FilterStep<T>(PromiseSeq<T> source, Func<T, bool> predicate)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return default;
            }

            if (predicate(node.Head))
            {
                return new PromiseSeqNode<T>(node.Head, FilterCore(node.Tail, predicate));
            }

            source = node.Tail;
        }
    }

    private static PromiseSeq<T> FilterSequentialCore<T>(PromiseSeq<T> source, Func<T, Promise<bool>> predicate) =>
        () => FilterSequentialStep(source, predicate);

    private static async Promise<PromiseSeqNode<T>> FilterSequentialStep<T>(PromiseSeq<T> source, Func<T, Promise<bool>> predicate)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return default;
            }

            bool keep = await Checked(predicate(node.Head));
            storage.Restore();
            if (keep)
            {
                return new PromiseSeqNode<T>(node.Head, FilterSequentialCore(node.Tail, predicate));
            }

            source = node.Tail;
        }
    }

    private static PromiseSeq<TResult> FilterMapCore<T, TResult>(PromiseSeq<T> source, Func<T, Option<TResult>> f) => () => FilterMapStep(source, f);

    private static async Promise<PromiseSeqNode<TResult>> FilterMapStep<T, TResult>(PromiseSeq<T> source, Func<T, Option<TResult>> f)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return default;
            }

            if (f(node.Head).TryGetValue(out TResult? y))
            {
                return new PromiseSeqNode<TResult>(y, FilterMapCore(node.Tail, f));
            }

            source = node.Tail;
        }
    }

    private static PromiseSeq<TResult> FilterMapSequentialCore<T, TResult>(PromiseSeq<T> source, Func<T, Promise<Option<TResult>>> f) =>
        () => FilterMapSequentialStep(source, f);

    private static async Promise<PromiseSeqNode<TResult>> FilterMapSequentialStep<T, TResult>(PromiseSeq<T> source, Func<T, Promise<Option<TResult>>> f)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return default;
            }

            Option<TResult> y = await Checked(f(node.Head));
            storage.Restore();
            if (y.TryGetValue(out TResult? value))
            {
                return new PromiseSeqNode<TResult>(value, FilterMapSequentialCore(node.Tail, f));
            }

            source = node.Tail;
        }
    }

    // Lwt's flat_map_app: the rest of the current inner sequence, then flat_map of the outer tail.
    // One loop walks past ended inner sequences, so many empty ones in a row cost no stack.
    private static async Promise<PromiseSeqNode<TResult>> FlatMapStep<T, TResult>(
        PromiseSeq<TResult>? inner, Func<T, PromiseSeq<TResult>> f, PromiseSeq<T> outer)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            if (inner is not null)
            {
                PromiseSeqNode<TResult> n = await Force(inner);
                storage.Restore();
                if (n.IsCons)
                {
                    PromiseSeq<TResult> innerTail = n.Tail;
                    return new PromiseSeqNode<TResult>(n.Head, () => FlatMapStep(innerTail, f, outer));
                }
            }

            PromiseSeqNode<T> o = await Force(outer);
            storage.Restore();
            if (!o.IsCons)
            {
                return default;
            }

            inner = f(o.Head) ?? throw new InvalidOperationException("PromiseSeq.FlatMap: the function returned null.");
            outer = o.Tail;
        }
    }

    private static async Promise<TAccumulate> FoldLeftCore<T, TAccumulate>(PromiseSeq<T> source, Func<TAccumulate, T, TAccumulate> f, TAccumulate acc)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return acc;
            }

            acc = f(acc, node.Head);
            source = node.Tail;
        }
    }

    private static async Promise<TAccumulate> FoldLeftSequentialCore<T, TAccumulate>(PromiseSeq<T> source, Func<TAccumulate, T, Promise<TAccumulate>> f, TAccumulate acc)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return acc;
            }

            acc = await Checked(f(acc, node.Head));
            storage.Restore();
            source = node.Tail;
        }
    }

    private static async Promise IterCore<T>(PromiseSeq<T> source, Action<T> f)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return;
            }

            f(node.Head);
            source = node.Tail;
        }
    }

    private static async Promise IterSequentialCore<T>(PromiseSeq<T> source, Func<T, Promise> f)
    {
        CallStorage storage = CallStorage.Capture();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return;
            }

            await Checked(f(node.Head));
            storage.Restore();
            source = node.Tail;
        }
    }

    private static async Promise IterParallelCore<T>(PromiseSeq<T> source, Func<T, Promise> f)
    {
        CallStorage storage = CallStorage.Capture();
        var started = new List<Promise>();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                break;
            }

            started.Add(Checked(f(node.Head)));
            source = node.Tail;
        }

        // Lwt accumulates by consing, so it joins the last element's promise first.
        started.Reverse();
        await Promise.Join(CollectionsMarshal.AsSpan(started));
    }

    // Lwt's iter_n keeps `running` newest first and waits with nchoose_split when full. Here the
    // list is oldest first (appending is cheap) and is read backwards wherever Lwt's order shows:
    // which rejection is reported, and the order of the final join.
    private static async Promise IterConcurrentCore<T>(PromiseSeq<T> source, Func<T, Promise> f, int maxConcurrency)
    {
        CallStorage storage = CallStorage.Capture();
        var running = new List<Promise>(Math.Min(maxConcurrency, 64));
        int available = maxConcurrency;
        while (true)
        {
            if (available == 0)
            {
                if (!AnyResolved(running))
                {
                    // Choose settles on the first input to resolve; a rejection there rejects us,
                    // as nchoose_split would. Canceling us cancels every running promise.
                    await Promise.Choose(CollectionsMarshal.AsSpan(running));
                    storage.Restore();
                }

                for (int i = running.Count - 1; i >= 0; i--)
                {
                    if (running[i].IsRejected)
                    {
                        await running[i];
                    }
                }

                available += running.RemoveAll(static p => p.IsFulfilled);
            }

            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                break;
            }

            running.Add(Checked(f(node.Head)));
            available--;
            source = node.Tail;
        }

        running.Reverse();
        await Promise.Join(CollectionsMarshal.AsSpan(running));
    }

    private static bool AnyResolved(List<Promise> promises)
    {
        foreach (Promise p in promises)
        {
            if (!p.IsPending)
            {
                return true;
            }
        }

        return false;
    }

    private static PromiseSeq<T> UnfoldCore<T, TState>(Func<TState, Option<(T, TState)>> f, TState state) => () =>
    {
        Option<(T, TState)> step;
        try
        {
            step = f(state);
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Promise.Fail<PromiseSeqNode<T>>(e);
        }

        return step.TryGetValue(out (T Value, TState Next) s)
            ? Promise.Return(new PromiseSeqNode<T>(s.Value, UnfoldCore(f, s.Next)))
            : NilCache<T>.Node;
    };

    private static PromiseSeq<T> UnfoldPromiseCore<T, TState>(Func<TState, Promise<Option<(T, TState)>>> f, TState state) =>
        () => UnfoldPromiseStep(f, state);

    private static async Promise<PromiseSeqNode<T>> UnfoldPromiseStep<T, TState>(Func<TState, Promise<Option<(T, TState)>>> f, TState state)
    {
        Option<(T, TState)> step = await Checked(f(state));
        return step.TryGetValue(out (T Value, TState Next) s) ? new PromiseSeqNode<T>(s.Value, UnfoldPromiseCore(f, s.Next)) : default;
    }

    private static async Promise<List<T>> ToListCore<T>(PromiseSeq<T> source)
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        while (true)
        {
            PromiseSeqNode<T> node = await Force(source);
            storage.Restore();
            if (!node.IsCons)
            {
                return list;
            }

            list.Add(node.Head);
            source = node.Tail;
        }
    }

    private static PromiseSeq<T> OfArray<T>(T[] items, int index) =>
        index < items.Length
            ? () => Promise.Return(new PromiseSeqNode<T>(items[index], OfArray(items, index + 1)))
            : NilCache<T>.Seq;

    /// <summary>The shared empty sequence and its node promise, per element type.</summary>
    private static class NilCache<T>
    {
        internal static readonly Promise<PromiseSeqNode<T>> Node = Promise.Return(default(PromiseSeqNode<T>));

        internal static readonly PromiseSeq<T> Seq = static () => Node;
    }

    /// <summary>
    /// One position of an enumerator, computed once: OCaml's Seq nodes can be forced twice with
    /// the same answer, an IEnumerator cannot, so each position keeps the promise it produced.
    /// </summary>
    private sealed class EnumeratorCell<T>(IEnumerator<T> enumerator)
    {
        private Promise<PromiseSeqNode<T>>? _node;

        internal static Promise<PromiseSeqNode<T>> Start(IEnumerable<T> source)
        {
            IEnumerator<T> e;
            try
            {
                e = source.GetEnumerator();
            }
            catch (Exception ex) when (ExceptionFilter.Handles(ex))
            {
                return Promise.Fail<PromiseSeqNode<T>>(ex);
            }

            return new EnumeratorCell<T>(e).Next();
        }

        internal Promise<PromiseSeqNode<T>> Next() => _node ??= Compute();

        private Promise<PromiseSeqNode<T>> Compute()
        {
            try
            {
                if (enumerator.MoveNext())
                {
                    return Promise.Return(new PromiseSeqNode<T>(enumerator.Current, new EnumeratorCell<T>(enumerator).Next));
                }

                enumerator.Dispose();
                return NilCache<T>.Node;
            }
            catch (Exception ex) when (ExceptionFilter.Handles(ex))
            {
                enumerator.Dispose();
                return Promise.Fail<PromiseSeqNode<T>>(ex);
            }
        }
    }

    /// <summary>As <see cref="EnumeratorCell{T}"/>, for an enumerator of promises.</summary>
    private sealed class PromiseEnumeratorCell<T>(IEnumerator<Promise<T>> enumerator)
    {
        private Promise<PromiseSeqNode<T>>? _node;

        internal static Promise<PromiseSeqNode<T>> Start(IEnumerable<Promise<T>> source)
        {
            IEnumerator<Promise<T>> e;
            try
            {
                e = source.GetEnumerator();
            }
            catch (Exception ex) when (ExceptionFilter.Handles(ex))
            {
                return Promise.Fail<PromiseSeqNode<T>>(ex);
            }

            return new PromiseEnumeratorCell<T>(e).Next();
        }

        internal Promise<PromiseSeqNode<T>> Next() => _node ??= Compute();

        private Promise<PromiseSeqNode<T>> Compute()
        {
            try
            {
                if (enumerator.MoveNext())
                {
                    Promise<T> element = Checked(enumerator.Current);
                    PromiseSeq<T> tail = new PromiseEnumeratorCell<T>(enumerator).Next;
                    return element.Map(x => new PromiseSeqNode<T>(x, tail));
                }

                enumerator.Dispose();
                return NilCache<T>.Node;
            }
            catch (Exception ex) when (ExceptionFilter.Handles(ex))
            {
                enumerator.Dispose();
                return Promise.Fail<PromiseSeqNode<T>>(ex);
            }
        }
    }
}
