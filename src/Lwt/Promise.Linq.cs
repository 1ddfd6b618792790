// Promise.Linq.cs: query syntax over promises. `from x in p select f(x)` is Map and
// `from x in p from y in q(x) select g(x, y)` is Bind then Map (Lwt's let*/let+ syntax).

using System;

namespace Lwt;

public partial class Promise<T>
{
    /// <summary>LINQ's <c>select</c>: <see cref="Map{TResult}(Func{T, TResult})"/>.</summary>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="selector">The function.</param>
    /// <returns>A promise of the selected value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
    public Promise<TResult> Select<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Map(selector);
    }

    /// <summary>LINQ's second <c>from</c>: <see cref="Bind{TResult}(Func{T, Promise{TResult}})"/>.</summary>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="selector">The continuation.</param>
    /// <returns>A promise that follows the continuation's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
    public Promise<TResult> SelectMany<TResult>(Func<T, Promise<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Bind(selector);
    }

    /// <summary>LINQ's <c>from … from … select</c>: Bind, then Map with both values.</summary>
    /// <typeparam name="TMiddle">The type of the intermediate value.</typeparam>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="selector">The continuation.</param>
    /// <param name="resultSelector">Combines both values.</param>
    /// <returns>A promise of the combined value.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Promise<TResult> SelectMany<TMiddle, TResult>(Func<T, Promise<TMiddle>> selector, Func<T, TMiddle, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return Bind(x => selector(x).Map(y => resultSelector(x, y)));
    }
}
