// PromiseResult.Linq.cs: LINQ query syntax over promises of results (Lwt_result's let*/let+
// and ppx_let's Let_syntax): `from` binds the value of an Ok, and an Error ends the query.

using System;

namespace Lwt;

/// <summary>
/// LINQ query syntax for promises of <see cref="Result{T, TError}"/> (Lwt_result's <c>let*</c>,
/// <c>let+</c> and <c>Let_syntax</c>). <c>from x in p</c> takes the value of an <c>Ok</c>; an
/// <c>Error</c> skips the rest of the query and is its result.
/// </summary>
/// <remarks>
/// <see cref="Promise{T}"/> has its own <c>Select</c> and <c>SelectMany</c>, which take the whole
/// <see cref="Result{T, TError}"/>; C# prefers them whenever the query also makes sense with
/// <c>x</c> a result (for example <c>select x.ToString()</c>). Queries whose clauses need the
/// value (<c>select x + 1</c>) reach these methods; when in doubt, call
/// <see cref="PromiseResult.Map{T, TError, TResult}"/> and <see cref="PromiseResult.Bind{T, TError, TResult}"/>.
/// </remarks>
public static class PromiseResultLinq
{
    /// <summary>LINQ <c>select</c>: <see cref="PromiseResult.Map{T, TError, TResult}"/> (Lwt_result's <c>let+</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="selector">The function; its exception rejects the result.</param>
    /// <returns>The mapped promise.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> Select<T, TError, TResult>(this Promise<Result<T, TError>> promise, Func<T, TResult> selector) =>
        PromiseResult.Map(promise, selector);

    /// <summary>LINQ <c>from … from …</c>: <see cref="PromiseResult.Bind{T, TError, TResult}"/> (Lwt_result's <c>let*</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="selector">The continuation; on an already fulfilled promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows the continuation's.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then the continuation's promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> SelectMany<T, TError, TResult>(this Promise<Result<T, TError>> promise, Func<T, Promise<Result<TResult, TError>>> selector) =>
        PromiseResult.Bind(promise, selector);

    /// <summary>LINQ <c>from x in p from y in q(x) select r(x, y)</c> over results.</summary>
    /// <typeparam name="T">The type of the first value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TMiddle">The type of the second value.</typeparam>
    /// <typeparam name="TResult">The type of the final value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="selector">Gives the second promise; on an already fulfilled promise it runs now and its exception escapes.</param>
    /// <param name="resultSelector">Combines the two values; its exception rejects the result.</param>
    /// <returns>A promise of the combined value, or the first <c>Error</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then the second promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> SelectMany<T, TError, TMiddle, TResult>(
        this Promise<Result<T, TError>> promise,
        Func<T, Promise<Result<TMiddle, TError>>> selector,
        Func<T, TMiddle, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return PromiseResult.Bind(promise, x => PromiseResult.Map(selector(x), y => resultSelector(x, y)));
    }
}
