// Promise.Create.cs: initial promises (Lwt's wait and task) and already resolved ones, with the
// trivial ones cached (Lwt's return_unit, return_true...). Resolved promises are immutable, so
// the cached ones are shared by every thread.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Lwt;

public partial class Promise
{
    /// <summary>The fulfilled promise without a value (Lwt's <c>return_unit</c>); always the same object.</summary>
    public static Promise Unit { get; } = new Promise();

    /// <summary>The promise fulfilled with <c>true</c> (Lwt's <c>return_true</c>); always the same object.</summary>
    public static Promise<bool> True { get; } = new Promise<bool>(true);

    /// <summary>The promise fulfilled with <c>false</c> (Lwt's <c>return_false</c>); always the same object.</summary>
    public static Promise<bool> False { get; } = new Promise<bool>(false);

    /// <summary>
    /// Makes a pending promise and its resolver (Lwt's <c>wait</c>). The promise is not cancelable:
    /// <see cref="Cancel"/> on it, or on anything that depends only on it, does nothing.
    /// </summary>
    /// <returns>The promise and the resolver that fulfills or rejects it.</returns>
    public static (Promise Promise, Resolver Resolver) Wait()
    {
        var p = new Promise(CancelKind.NotCancelable, null);
        return (p, new Resolver(p));
    }

    /// <summary>Makes a pending promise of a value and its resolver (Lwt's <c>wait</c>); not cancelable.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <returns>The promise and the resolver that fulfills or rejects it.</returns>
    public static (Promise<T> Promise, Resolver<T> Resolver) Wait<T>()
    {
        var p = new Promise<T>(CancelKind.NotCancelable, null);
        return (p, new Resolver<T>(p));
    }

    /// <summary>
    /// Makes a pending, cancelable promise and its resolver (Lwt's <c>task</c>): <see cref="Cancel"/>
    /// rejects it with <see cref="CanceledException"/>, after which resolving it is a silent no-op.
    /// </summary>
    /// <returns>The promise and the resolver that fulfills or rejects it.</returns>
    public static (Promise Promise, Resolver Resolver) Cancelable()
    {
        var p = new Promise(CancelKind.CancelThis, null);
        return (p, new Resolver(p));
    }

    /// <summary>Makes a pending, cancelable promise of a value and its resolver (Lwt's <c>task</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <returns>The promise and the resolver that fulfills or rejects it.</returns>
    public static (Promise<T> Promise, Resolver<T> Resolver) Cancelable<T>()
    {
        var p = new Promise<T>(CancelKind.CancelThis, null);
        return (p, new Resolver<T>(p));
    }

    /// <summary>
    /// A promise fulfilled with <paramref name="value"/> (Lwt's <c>return</c>). Booleans, small
    /// integers and null come from a cache and allocate nothing.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>A fulfilled promise.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Promise<T> Return<T>(T value)
    {
        if (typeof(T) == typeof(bool))
        {
            return Unsafe.As<Promise<T>>(Unsafe.As<T, bool>(ref value) ? True : False);
        }

        if (typeof(T) == typeof(int))
        {
            int i = Unsafe.As<T, int>(ref value);
            if ((uint)(i - ResultCache.MinInt) < (uint)ResultCache.Ints.Length)
            {
                return Unsafe.As<Promise<T>>(ResultCache.Ints[i - ResultCache.MinInt]);
            }
        }

        if (!typeof(T).IsValueType && value is null)
        {
            return ResultCache<T>.Default;
        }

        return new Promise<T>(value);
    }

    /// <summary>A fulfilled promise of <c>default(T)</c> (Lwt's <c>return_none</c>); cached per type.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <returns>A shared fulfilled promise.</returns>
    public static Promise<T?> None<T>() => ResultCache<T?>.Default;

    /// <summary>A fulfilled promise of an empty list (Lwt's <c>return_nil</c>); cached per type.</summary>
    /// <typeparam name="T">The type of the elements.</typeparam>
    /// <returns>A shared fulfilled promise.</returns>
    public static Promise<IReadOnlyList<T>> Empty<T>() => ResultCache<T>.EmptyList;

    /// <summary>A promise fulfilled with <c>Ok(value)</c> (Lwt's <c>return_ok</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>A fulfilled promise.</returns>
    public static Promise<Result<T, TError>> ReturnOk<T, TError>(T value) => new(Result<T, TError>.Ok(value));

    /// <summary>A promise fulfilled with <c>Error(error)</c> (Lwt's <c>return_error</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="error">The error.</param>
    /// <returns>A fulfilled promise.</returns>
    public static Promise<Result<T, TError>> ReturnError<T, TError>(TError error) => new(Result<T, TError>.Fail(error));

    /// <summary>A promise rejected with <paramref name="exception"/> (Lwt's <c>fail</c>).</summary>
    /// <param name="exception">The rejection.</param>
    /// <returns>A rejected promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Promise Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Promise(exception);
    }

    /// <summary>A promise of a value, rejected with <paramref name="exception"/> (Lwt's <c>fail</c>).</summary>
    /// <typeparam name="T">The type of the value it would have had.</typeparam>
    /// <param name="exception">The rejection.</param>
    /// <returns>A rejected promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Promise<T> Fail<T>(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Promise<T>(exception);
    }

    /// <summary>A promise rejected with a <see cref="FailureException"/> carrying <paramref name="message"/> (Lwt's <c>fail_with</c>).</summary>
    /// <typeparam name="T">The type of the value it would have had.</typeparam>
    /// <param name="message">The message.</param>
    /// <returns>A rejected promise.</returns>
    public static Promise<T> FailWith<T>(string message) => new(new FailureException(message));

    /// <summary>A promise rejected with an <see cref="ArgumentException"/> carrying <paramref name="message"/> (Lwt's <c>fail_invalid_arg</c>).</summary>
    /// <typeparam name="T">The type of the value it would have had.</typeparam>
    /// <param name="message">The message.</param>
    /// <returns>A rejected promise.</returns>
    public static Promise<T> FailInvalidArg<T>(string message) => new(new ArgumentException(message));

    /// <summary>A promise resolved from an outcome (Lwt's <c>of_result</c>): fulfilled for <c>Ok</c>, rejected for <c>Error</c>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="result">The outcome.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> is an error with a null exception.</exception>
    public static Promise<T> OfResult<T>(Result<T, Exception> result) =>
        result.IsOk ? Return(result.Value) : new Promise<T>(result.Error ?? throw new ArgumentException("The error is null.", nameof(result)));

    private static class ResultCache
    {
        internal const int MinInt = -1;

        internal static readonly Promise<int>[] Ints = MakeInts();

        private static Promise<int>[] MakeInts()
        {
            var ints = new Promise<int>[10];
            for (int i = 0; i < ints.Length; i++)
            {
                ints[i] = new Promise<int>(i + MinInt);
            }

            return ints;
        }
    }

    private static class ResultCache<T>
    {
        internal static readonly Promise<T> Default = new(default(T)!);

        internal static readonly Promise<IReadOnlyList<T>> EmptyList = new(Array.Empty<T>());
    }
}
