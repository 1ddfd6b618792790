// PromiseList.cs: Lwt's Lwt_list, list traversals whose function returns a promise.
//
// Two families, as in Lwt. The sequential ones (…Sequential, Lwt's _s) call the function on an
// element only once the previous element's promise is fulfilled, and stop at the first
// rejection. The parallel ones (…Parallel, Lwt's _p; concurrent on the one thread, not threads)
// call it on every element at once, left to right, then combine. Lwt's combining order is kept
// because it is observable: IterParallel joins the promises last element first; the others wait
// for the promises from the last element back to the first, so their result rejects as soon as
// that walk meets a rejection, without waiting for the elements before it.
//
// Every call of the user's function is guarded as Lwt.apply guards it: an exception becomes a
// rejection of the result, never a synchronous throw. The source is copied to an array when the
// call is made, as Lwt's lists are immutable. The walks are loops in async methods, not recursive
// binds, so a million elements use a constant stack whether the promises are resolved or not.

using System;
using System.Collections.Generic;
using System.Linq;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// Traversals of a sequence with a function that returns a promise (Lwt's <c>Lwt_list</c>).
/// <c>…Sequential</c> methods (Lwt's <c>_s</c>) run the function on one element at a time;
/// <c>…Parallel</c> methods (Lwt's <c>_p</c>) start it on every element at once, on this thread.
/// </summary>
/// <remarks>
/// For all methods: an exception thrown by the function rejects the result; canceling the result
/// cancels the promise the traversal is waiting for (the current element's, for sequential ones;
/// for parallel ones, the promise the collection is waiting on), which rejects the result with
/// <see cref="CanceledException"/>. Indexed overloads take the function as <c>(element, index)</c>,
/// as LINQ's <c>Select</c> does (Lwt's <c>iteri</c>/<c>mapi</c> take the index first).
/// </remarks>
public static class PromiseList
{
    /// <summary>Calls <paramref name="f"/> on each element, one after the other (Lwt's <c>iter_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function.</param>
    /// <returns>A promise fulfilled after the last element's; rejected by the first rejection (the rest is not visited).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterSequential<T>(IEnumerable<T> source, Func<T, Promise> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return IterSequentialCore(items, f);
    }

    /// <summary>Calls <paramref name="f"/> on each element and its index, one after the other (Lwt's <c>iteri_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function, given the element and its index.</param>
    /// <returns>A promise fulfilled after the last element's; rejected by the first rejection (the rest is not visited).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterSequential<T>(IEnumerable<T> source, Func<T, int, Promise> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return IterISequentialCore(items, f);
    }

    /// <summary>Calls <paramref name="f"/> on every element at once and waits for all (Lwt's <c>iter_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function.</param>
    /// <returns>
    /// A promise fulfilled once every element's promise is; if some are rejected, it is rejected
    /// once all have resolved, as <see cref="Promise.Join(ReadOnlySpan{Promise})"/> of the
    /// promises in reverse order (so among promises already rejected at the call, the last
    /// element's wins, as in Lwt).
    /// </returns>
    /// <remarks>Canceling the result cancels every element's promise, last element first.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterParallel<T>(IEnumerable<T> source, Func<T, Promise> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        var started = new Promise[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            started[items.Length - 1 - i] = Call(f, items[i]);
        }

        return Promise.Join(started);
    }

    /// <summary>Calls <paramref name="f"/> on every element and its index at once and waits for all (Lwt's <c>iteri_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function, given the element and its index.</param>
    /// <returns>As <see cref="IterParallel{T}(IEnumerable{T}, Func{T, Promise})"/>.</returns>
    /// <remarks>Canceling the result cancels every element's promise, last element first.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterParallel<T>(IEnumerable<T> source, Func<T, int, Promise> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        var started = new Promise[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            started[items.Length - 1 - i] = Call(f, items[i], i);
        }

        return Promise.Join(started);
    }

    /// <summary>Maps each element through <paramref name="f"/>, one after the other (Lwt's <c>map_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function.</param>
    /// <returns>A promise of the results in input order; rejected by the first rejection (the rest is not visited).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> MapSequential<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return MapSequentialCore(items, f, reverse: false);
    }

    /// <summary>Maps each element and its index through <paramref name="f"/>, one after the other (Lwt's <c>mapi_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function, given the element and its index.</param>
    /// <returns>A promise of the results in input order; rejected by the first rejection (the rest is not visited).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> MapSequential<T, TResult>(IEnumerable<T> source, Func<T, int, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return MapISequentialCore(items, f);
    }

    /// <summary>Maps every element through <paramref name="f"/> at once (Lwt's <c>map_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function, called on every element before anything is awaited.</param>
    /// <returns>
    /// A promise of the results in input order. The promises are awaited from the last element
    /// back to the first, so the result is rejected as soon as that walk reaches a rejected
    /// promise, without waiting for the elements before it (Lwt's asymmetry: a rejection of the
    /// last element is reported at once, one of the first element only after the others).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> MapParallel<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false);
    }

    /// <summary>Maps every element and its index through <paramref name="f"/> at once (Lwt's <c>mapi_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function, given the element and its index.</param>
    /// <returns>As <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> MapParallel<T, TResult>(IEnumerable<T> source, Func<T, int, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        var started = new Promise<TResult>[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            started[i] = Call(f, items[i], i);
        }

        return CollectFromLast(started, reverse: false);
    }

    /// <summary>Maps each element through <paramref name="f"/>, one after the other, and gives the results in reverse order (Lwt's <c>rev_map_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function.</param>
    /// <returns>A promise of the results, last element's first; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> RevMapSequential<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return MapSequentialCore(items, f, reverse: true);
    }

    /// <summary>Maps every element through <paramref name="f"/> at once and gives the results in reverse order (Lwt's <c>rev_map_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function.</param>
    /// <returns>A promise of the results, last element's first; rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> RevMapParallel<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: true);
    }

    /// <summary>Folds the elements from the first, one after the other (Lwt's <c>fold_left_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="seed">The initial accumulator.</param>
    /// <param name="f">Given the accumulator and an element, returns the next accumulator.</param>
    /// <returns>A promise of the last accumulator; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TAccumulate> FoldLeftSequential<T, TAccumulate>(IEnumerable<T> source, TAccumulate seed, Func<TAccumulate, T, Promise<TAccumulate>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return FoldCore(items, seed, f, fromRight: false);
    }

    /// <summary>Folds the elements from the last, one after the other (Lwt's <c>fold_right_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TAccumulate">The type of the accumulator.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="seed">The initial accumulator.</param>
    /// <param name="f">Given an element and the accumulator, returns the next accumulator.</param>
    /// <returns>A promise of the last accumulator; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TAccumulate> FoldRightSequential<T, TAccumulate>(IEnumerable<T> source, TAccumulate seed, Func<T, TAccumulate, Promise<TAccumulate>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return FoldCore(items, seed, (acc, x) => f(x, acc), fromRight: true);
    }

    /// <summary>Whether <paramref name="f"/> holds for every element, asked one after the other (Lwt's <c>for_all_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the answer; the first false stops the walk. Rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<bool> ForAllSequential<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return SearchSequential(items, f, stopOn: false);
    }

    /// <summary>Whether <paramref name="f"/> holds for every element, asked of all at once (Lwt's <c>for_all_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the answer, once every element has answered (no short cut); rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<bool> ForAllParallel<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(static answers => Array.TrueForAll(answers, static b => b));
    }

    /// <summary>Whether <paramref name="f"/> holds for some element, asked one after the other (Lwt's <c>exists_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the answer; the first true stops the walk. Rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<bool> ExistsSequential<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return SearchSequential(items, f, stopOn: true);
    }

    /// <summary>Whether <paramref name="f"/> holds for some element, asked of all at once (Lwt's <c>exists_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the answer, once every element has answered (no short cut); rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<bool> ExistsParallel<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(static answers => Array.Exists(answers, static b => b));
    }

    /// <summary>The first element for which <paramref name="f"/> holds, asked one after the other (Lwt's <c>find_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>
    /// A promise of the element; rejected with <see cref="KeyNotFoundException"/> (Lwt's
    /// <c>Not_found</c>) if there is none, or by the first rejection.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T> FindSequential<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return FindCore(items, f);
    }

    /// <summary>The elements for which <paramref name="f"/> holds, asked one after the other (Lwt's <c>filter_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the kept elements in input order; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T[]> FilterSequential<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return PartitionSequentialCore(items, f).Map(static parts => parts.Matching);
    }

    /// <summary>The elements for which <paramref name="f"/> holds, asked of all at once (Lwt's <c>filter_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the kept elements in input order; rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T[]> FilterParallel<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(answers => Split(items, answers).Matching);
    }

    /// <summary>
    /// Maps each element through <paramref name="f"/>, one after the other, keeping the non-null
    /// results (Lwt's <c>filter_map_s</c>; null plays OCaml's <c>None</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results, a reference type.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function; null means "drop this element".</param>
    /// <returns>A promise of the kept results in input order; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> FilterMapSequential<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult?>> f)
        where TResult : class
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return FilterMapSequentialCore(items, f, static r => (r is not null, r!));
    }

    /// <summary>
    /// Maps each element through <paramref name="f"/>, one after the other, keeping the results
    /// that have a value (Lwt's <c>filter_map_s</c>; null plays OCaml's <c>None</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results, a value type.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The function; null means "drop this element".</param>
    /// <returns>A promise of the kept results in input order; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> FilterMapSequential<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult?>> f)
        where TResult : struct
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return FilterMapSequentialCore(items, f, static r => (r.HasValue, r.GetValueOrDefault()));
    }

    /// <summary>
    /// Maps every element through <paramref name="f"/> at once, keeping the non-null results
    /// (Lwt's <c>filter_map_p</c>; null plays OCaml's <c>None</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results, a reference type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function; null means "drop this element".</param>
    /// <returns>A promise of the kept results in input order; rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> FilterMapParallel<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult?>> f)
        where TResult : class
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(static results => Keep(results, static r => (r is not null, r!)));
    }

    /// <summary>
    /// Maps every element through <paramref name="f"/> at once, keeping the results that have a
    /// value (Lwt's <c>filter_map_p</c>; null plays OCaml's <c>None</c>).
    /// </summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <typeparam name="TResult">The type of the results, a value type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The function; null means "drop this element".</param>
    /// <returns>A promise of the kept results in input order; rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult[]> FilterMapParallel<T, TResult>(IEnumerable<T> source, Func<T, Promise<TResult?>> f)
        where TResult : struct
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(static results => Keep(results, static r => (r.HasValue, r.GetValueOrDefault())));
    }

    /// <summary>Splits the elements by <paramref name="f"/>, asked one after the other (Lwt's <c>partition_s</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements; copied when the call is made.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the elements for which it holds and the others, each in input order; rejected by the first rejection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<(T[] Matching, T[] NotMatching)> PartitionSequential<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return PartitionSequentialCore(items, f);
    }

    /// <summary>Splits the elements by <paramref name="f"/>, asked of all at once (Lwt's <c>partition_p</c>).</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="f">The predicate.</param>
    /// <returns>A promise of the elements for which it holds and the others, each in input order; rejected as <see cref="MapParallel{T, TResult}(IEnumerable{T}, Func{T, Promise{TResult}})"/> is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<(T[] Matching, T[] NotMatching)> PartitionParallel<T>(IEnumerable<T> source, Func<T, Promise<bool>> f)
    {
        T[] items = Snapshot(source);
        ArgumentNullException.ThrowIfNull(f);
        return CollectFromLast(StartAll(items, f), reverse: false).Map(answers => Split(items, answers));
    }

    private static T[] Snapshot<T>(IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ToArray();
    }

    private static Promise Call<T>(Func<T, Promise> f, T x)
    {
        try
        {
            return f(x) ?? Promise.NullPromise<bool>("PromiseList");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Promise.Fail(e);
        }
    }

    private static Promise Call<T>(Func<T, int, Promise> f, T x, int i)
    {
        try
        {
            return f(x, i) ?? Promise.NullPromise<bool>("PromiseList");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Promise.Fail(e);
        }
    }

    private static Promise<TResult> Call<T1, T2, TResult>(Func<T1, T2, Promise<TResult>> f, T1 x, T2 y)
    {
        try
        {
            return f(x, y) ?? Promise.NullPromise<TResult>("PromiseList");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Promise.Fail<TResult>(e);
        }
    }

    private static Promise<TResult>[] StartAll<T, TResult>(T[] items, Func<T, Promise<TResult>> f)
    {
        var started = new Promise<TResult>[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            started[i] = Promise.Apply(f, items[i]);
        }

        return started;
    }

    // Lwt collects by binding the promises from the last one back: a rejection stops the walk
    // at once, while a pending promise before it is still awaited. This loop keeps that order.
    private static async Promise<TResult[]> CollectFromLast<TResult>(Promise<TResult>[] started, bool reverse)
    {
        var results = new TResult[started.Length];
        for (int i = started.Length - 1; i >= 0; i--)
        {
            results[reverse ? started.Length - 1 - i : i] = await started[i];
        }

        return results;
    }

    private static async Promise IterSequentialCore<T>(T[] items, Func<T, Promise> f)
    {
        CallStorage storage = CallStorage.Capture();
        foreach (T x in items)
        {
            await Call(f, x);
            storage.Restore();
        }
    }

    private static async Promise IterISequentialCore<T>(T[] items, Func<T, int, Promise> f)
    {
        CallStorage storage = CallStorage.Capture();
        for (int i = 0; i < items.Length; i++)
        {
            await Call(f, items[i], i);
            storage.Restore();
        }
    }

    private static async Promise<TResult[]> MapSequentialCore<T, TResult>(T[] items, Func<T, Promise<TResult>> f, bool reverse)
    {
        CallStorage storage = CallStorage.Capture();
        var results = new TResult[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            results[reverse ? items.Length - 1 - i : i] = await Promise.Apply(f, items[i]);
            storage.Restore();
        }

        return results;
    }

    private static async Promise<TResult[]> MapISequentialCore<T, TResult>(T[] items, Func<T, int, Promise<TResult>> f)
    {
        CallStorage storage = CallStorage.Capture();
        var results = new TResult[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            results[i] = await Call(f, items[i], i);
            storage.Restore();
        }

        return results;
    }

    private static async Promise<TAccumulate> FoldCore<T, TAccumulate>(T[] items, TAccumulate acc, Func<TAccumulate, T, Promise<TAccumulate>> f, bool fromRight)
    {
        CallStorage storage = CallStorage.Capture();
        for (int k = 0; k < items.Length; k++)
        {
            T x = items[fromRight ? items.Length - 1 - k : k];
            acc = await Call(f, acc, x);
            storage.Restore();
        }

        return acc;
    }

    private static async Promise<bool> SearchSequential<T>(T[] items, Func<T, Promise<bool>> f, bool stopOn)
    {
        CallStorage storage = CallStorage.Capture();
        foreach (T x in items)
        {
            bool answer = await Promise.Apply(f, x);
            storage.Restore();
            if (answer == stopOn)
            {
                return stopOn;
            }
        }

        return !stopOn;
    }

    private static async Promise<T> FindCore<T>(T[] items, Func<T, Promise<bool>> f)
    {
        CallStorage storage = CallStorage.Capture();
        foreach (T x in items)
        {
            bool found = await Promise.Apply(f, x);
            storage.Restore();
            if (found)
            {
                return x;
            }
        }

        throw new KeyNotFoundException("PromiseList.FindSequential: no element satisfies the predicate (Lwt's Not_found).");
    }

    private static async Promise<TResult[]> FilterMapSequentialCore<T, TMaybe, TResult>(T[] items, Func<T, Promise<TMaybe>> f, Func<TMaybe, (bool Has, TResult Value)> unwrap)
    {
        CallStorage storage = CallStorage.Capture();
        var kept = new List<TResult>();
        foreach (T x in items)
        {
            (bool has, TResult value) = unwrap(await Promise.Apply(f, x));
            storage.Restore();
            if (has)
            {
                kept.Add(value);
            }
        }

        return kept.ToArray();
    }

    private static async Promise<(T[] Matching, T[] NotMatching)> PartitionSequentialCore<T>(T[] items, Func<T, Promise<bool>> f)
    {
        CallStorage storage = CallStorage.Capture();
        var answers = new bool[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            answers[i] = await Promise.Apply(f, items[i]);
            storage.Restore();
        }

        return Split(items, answers);
    }

    private static TResult[] Keep<TMaybe, TResult>(TMaybe[] results, Func<TMaybe, (bool Has, TResult Value)> unwrap)
    {
        var kept = new List<TResult>(results.Length);
        foreach (TMaybe r in results)
        {
            (bool has, TResult value) = unwrap(r);
            if (has)
            {
                kept.Add(value);
            }
        }

        return kept.ToArray();
    }

    private static (T[] Matching, T[] NotMatching) Split<T>(T[] items, bool[] answers)
    {
        var matching = new List<T>();
        var notMatching = new List<T>();
        for (int i = 0; i < items.Length; i++)
        {
            (answers[i] ? matching : notMatching).Add(items[i]);
        }

        return (matching.ToArray(), notMatching.ToArray());
    }
}
