// PromiseResult.cs: Lwt's Lwt_result, helpers for promises of Result<T, TError>: computations
// that report expected errors as values (Error) and unexpected ones as rejections. Every helper
// acts on the Result inside a fulfilled promise; a rejection of the promise passes through
// untouched. Each helper is the Promise combinator Lwt builds it from (Map or Bind), so it keeps
// that combinator's rules for exceptions and cancellation.

using System;

namespace Lwt;

/// <summary>
/// Helpers for promises of <see cref="Result{T, TError}"/> (Lwt's <c>Lwt_result</c>). An
/// <c>Error</c> inside a fulfilled promise skips the functions that expect a value, as a rejection
/// skips <see cref="Promise{T}.Bind{TResult}(Func{T, Promise{TResult}})"/>; a rejected promise
/// stays rejected with the same exception.
/// </summary>
/// <remarks>
/// Functions passed to the <c>Bind…</c> helpers follow <see cref="Promise{T}.Bind{TResult}(Func{T, Promise{TResult}})"/>:
/// on an already fulfilled promise they run at once and their exception escapes, as in Lwt.
/// Functions passed to the <c>Map…</c> helpers and <see cref="BindResult"/> follow
/// <see cref="Promise{T}.Map{TResult}(Func{T, TResult})"/>: their exception rejects the result.
/// Canceling a result cancels the promise it was made from, as those combinators do.
/// </remarks>
public static class PromiseResult
{
    /// <summary>A fulfilled promise of <c>Ok(value)</c> (Lwt's <c>Lwt_result.return</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The promise.</returns>
    public static Promise<Result<T, TError>> Return<T, TError>(T value) => Promise.ReturnOk<T, TError>(value);

    /// <summary>A fulfilled promise of <c>Error(error)</c> (Lwt's <c>Lwt_result.fail</c>); not a rejected promise.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="error">The error.</param>
    /// <returns>The promise.</returns>
    public static Promise<Result<T, TError>> Fail<T, TError>(TError error) => Promise.ReturnError<T, TError>(error);

    /// <summary>A fulfilled promise of <paramref name="result"/> (Lwt's <c>lift</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="result">The result.</param>
    /// <returns>The promise.</returns>
    public static Promise<Result<T, TError>> Lift<T, TError>(Result<T, TError> result) => Promise.Return(result);

    /// <summary>Wraps the value of <paramref name="promise"/> in <c>Ok</c> (Lwt's <c>ok</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <returns>A promise of <c>Ok(value)</c>; rejected like <paramref name="promise"/>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="promise"/> is null.</exception>
    public static Promise<Result<T, TError>> Ok<T, TError>(Promise<T> promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return promise.Map(static v => Result<T, TError>.Ok(v));
    }

    /// <summary>Wraps the value of <paramref name="promise"/> in <c>Error</c> (Lwt's <c>error</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="promise">The promise of the error.</param>
    /// <returns>A promise of <c>Error(value)</c>; rejected like <paramref name="promise"/>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="promise"/> is null.</exception>
    public static Promise<Result<T, TError>> Error<T, TError>(Promise<TError> promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return promise.Map(static e => Result<T, TError>.Fail(e));
    }

    /// <summary>
    /// Runs <paramref name="f"/> and turns its outcome into a result (Lwt's <c>catch</c>): its
    /// value into <c>Ok</c>, its exception or rejection into <c>Error</c>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The computation.</param>
    /// <returns>A promise that is never rejected (a cancellation, too, becomes <c>Error</c>).</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise, which gives <c>Error(CanceledException)</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<Result<T, Exception>> Catch<T>(Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Promise.Catch(
            () => Ok<T, Exception>(f() ?? Promise.NullPromise<T>("PromiseResult.Catch")),
            static e => Fail<T, Exception>(e));
    }

    /// <summary>The value of an <c>Ok</c>; an <c>Error</c> becomes a rejection with its exception (Lwt's <c>get_exn</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <returns>A promise of the value; rejected with the error, or like <paramref name="promise"/>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="promise"/> is null.</exception>
    public static Promise<T> GetOrFail<T>(Promise<Result<T, Exception>> promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return promise.Bind(static r => r.IsOk ? Promise.Return(r.Value) : Promise.Fail<T>(r.Error));
    }

    /// <summary>Maps the value of an <c>Ok</c> (Lwt's <c>map</c> and <c>&gt;|=</c>); an <c>Error</c> passes through.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The function; its exception rejects the result.</param>
    /// <returns>The mapped promise.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> Map<T, TError, TResult>(Promise<Result<T, TError>> promise, Func<T, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Map(r => r.IsOk ? Result<TResult, TError>.Ok(f(r.Value)) : Result<TResult, TError>.Fail(r.Error));
    }

    /// <summary>Maps the error of an <c>Error</c> (Lwt's <c>map_error</c> and the deprecated <c>map_err</c>); an <c>Ok</c> passes through.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TNewError">The type of the new error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The function; its exception rejects the result.</param>
    /// <returns>The mapped promise.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<T, TNewError>> MapError<T, TError, TNewError>(Promise<Result<T, TError>> promise, Func<TError, TNewError> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Map(r => r.IsOk ? Result<T, TNewError>.Ok(r.Value) : Result<T, TNewError>.Fail(f(r.Error)));
    }

    /// <summary>
    /// Continues an <c>Ok</c> with <paramref name="f"/> (Lwt's <c>bind</c>, <c>&gt;&gt;=</c>,
    /// <c>let*</c>); an <c>Error</c> skips it.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The continuation; on an already fulfilled promise it runs now and its exception escapes, as with <c>Bind</c>.</param>
    /// <returns>A promise that follows <paramref name="f"/>'s.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> Bind<T, TError, TResult>(Promise<Result<T, TError>> promise, Func<T, Promise<Result<TResult, TError>>> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk ? f(r.Value) : Fail<TResult, TError>(r.Error));
    }

    /// <summary>Continues an <c>Error</c> with <paramref name="f"/> (Lwt's <c>bind_error</c>); an <c>Ok</c> skips it.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TNewError">The type of the new error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The handler; on an already fulfilled promise it runs now and its exception escapes, as with <c>Bind</c>.</param>
    /// <returns>A promise that follows <paramref name="f"/>'s.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<T, TNewError>> BindError<T, TError, TNewError>(Promise<Result<T, TError>> promise, Func<TError, Promise<Result<T, TNewError>>> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk ? Return<T, TNewError>(r.Value) : f(r.Error));
    }

    /// <summary>
    /// Continues an <c>Ok</c> with <paramref name="f"/>, which returns a plain promise whose value
    /// becomes the new <c>Ok</c> (Lwt's <c>bind_lwt</c>); an <c>Error</c> skips it.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The continuation; on an already fulfilled promise it runs now and its exception escapes. Its rejection rejects the result.</param>
    /// <returns>A promise of <c>Ok</c> of <paramref name="f"/>'s value, or the <c>Error</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> BindLwt<T, TError, TResult>(Promise<Result<T, TError>> promise, Func<T, Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk
            ? Ok<TResult, TError>(f(r.Value) ?? Promise.NullPromise<TResult>("PromiseResult.BindLwt"))
            : Fail<TResult, TError>(r.Error));
    }

    /// <summary>
    /// Continues an <c>Error</c> with <paramref name="f"/>, which returns a plain promise of the new
    /// error (Lwt's <c>bind_lwt_error</c> and the deprecated <c>bind_lwt_err</c>); an <c>Ok</c> skips it.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TNewError">The type of the new error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The handler; on an already fulfilled promise it runs now and its exception escapes. Its rejection rejects the result.</param>
    /// <returns>A promise of <c>Error</c> of <paramref name="f"/>'s value, or the <c>Ok</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<T, TNewError>> BindLwtError<T, TError, TNewError>(Promise<Result<T, TError>> promise, Func<TError, Promise<TNewError>> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk
            ? Return<T, TNewError>(r.Value)
            : Error<T, TNewError>(f(r.Error) ?? Promise.NullPromise<TNewError>("PromiseResult.BindLwtError")));
    }

    /// <summary>Continues an <c>Ok</c> with <paramref name="f"/>, which returns a plain result (Lwt's <c>bind_result</c>); an <c>Error</c> skips it.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The continuation; its exception rejects the result (this one is a <c>Map</c>).</param>
    /// <returns>A promise of <paramref name="f"/>'s result, or the <c>Error</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<TResult, TError>> BindResult<T, TError, TResult>(Promise<Result<T, TError>> promise, Func<T, Result<TResult, TError>> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Map(r => r.IsOk ? f(r.Value) : Result<TResult, TError>.Fail(r.Error));
    }

    /// <summary>
    /// Waits for both promises (Lwt's <c>both</c>, <c>and*</c>, <c>and+</c>): <c>Ok</c> of both
    /// values if both are <c>Ok</c>, otherwise the first <c>Error</c> to arrive (the second
    /// argument's if both were already there, as in Lwt, which looks at the pair right to left).
    /// </summary>
    /// <typeparam name="T1">The type of the first value.</typeparam>
    /// <typeparam name="T2">The type of the second value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="first">The first promise.</param>
    /// <param name="second">The second promise.</param>
    /// <returns>
    /// A promise resolved once both are; it waits for both even after an <c>Error</c>. A rejection
    /// rejects it as <see cref="Promise.Both{T1, T2}"/> does.
    /// </returns>
    /// <remarks>Canceling the result cancels both promises.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<Result<(T1, T2), TError>> Both<T1, T2, TError>(Promise<Result<T1, TError>> first, Promise<Result<T2, TError>> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);

        // Remembers the error that arrived first, as each promise resolves; the second is looked
        // at first, as OCaml evaluates Lwt's pair of maps right to left.
        var firstError = new FirstError<TError>();
        Promise<Result<T2, TError>> secondNoted = second.Map(firstError.Note);
        Promise<Result<T1, TError>> firstNoted = first.Map(firstError.Note);
        return Promise.Both(firstNoted, secondNoted)
            .Map(pair => pair.Item1.IsOk && pair.Item2.IsOk
                ? Result<(T1, T2), TError>.Ok((pair.Item1.Value, pair.Item2.Value))
                : Result<(T1, T2), TError>.Fail(firstError.Error));
    }

    /// <summary>Runs <paramref name="f"/> on the value of an <c>Ok</c> (Lwt's <c>iter</c>); nothing on an <c>Error</c>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The function; on an already fulfilled promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows <paramref name="f"/>'s, or a fulfilled one on an <c>Error</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise Iter<T, TError>(Promise<Result<T, TError>> promise, Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk ? f(r.Value) : Promise.Unit);
    }

    /// <summary>Runs <paramref name="f"/> on the error of an <c>Error</c> (Lwt's <c>iter_error</c>); nothing on an <c>Ok</c>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="promise">The promise.</param>
    /// <param name="f">The function; on an already fulfilled promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows <paramref name="f"/>'s, or a fulfilled one on an <c>Ok</c>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="promise"/>, then <paramref name="f"/>'s promise.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise IterError<T, TError>(Promise<Result<T, TError>> promise, Func<TError, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(f);
        return promise.Bind(r => r.IsOk ? Promise.Unit : f(r.Error));
    }

    private sealed class FirstError<TError>
    {
        private bool _set;

        internal TError Error { get; private set; } = default!;

        internal Result<T, TError> Note<T>(Result<T, TError> r)
        {
            if (!r.IsOk && !_set)
            {
                _set = true;
                Error = r.Error;
            }

            return r;
        }
    }
}
