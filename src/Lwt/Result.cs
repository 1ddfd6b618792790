// Result.cs: OCaml's ('a, 'e) result, the value-or-error that Lwt's of_result, wakeup_result and
// return_ok/return_error (and, later, Lwt_result) speak in.

using System;
using System.Collections.Generic;

namespace Lwt;

/// <summary>
/// Either a value (<c>Ok</c>) or an error (<c>Error</c>): OCaml's <c>result</c> type.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <typeparam name="TError">The type of the error.</typeparam>
public readonly struct Result<T, TError> : IEquatable<Result<T, TError>>
{
    private readonly T _value;
    private readonly TError _error;

    private Result(bool isOk, T value, TError error)
    {
        IsOk = isOk;
        _value = value;
        _error = error;
    }

    /// <summary>True for <c>Ok</c>, false for <c>Error</c>.</summary>
    public bool IsOk { get; }

    /// <summary>True for <c>Error</c>.</summary>
    public bool IsError => !IsOk;

    /// <summary>The value of an <c>Ok</c>.</summary>
    /// <exception cref="InvalidOperationException">This is an <c>Error</c>.</exception>
    public T Value => IsOk ? _value : throw new InvalidOperationException("Result.Value: this result is an Error (" + _error + ").");

    /// <summary>The error of an <c>Error</c>.</summary>
    /// <exception cref="InvalidOperationException">This is an <c>Ok</c>.</exception>
    public TError Error => !IsOk ? _error : throw new InvalidOperationException("Result.Error: this result is Ok.");

    /// <summary>Compares two results.</summary>
    public static bool operator ==(Result<T, TError> left, Result<T, TError> right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    public static bool operator !=(Result<T, TError> left, Result<T, TError> right) => !left.Equals(right);

    /// <summary>Makes an <c>Ok</c> (OCaml's <c>Ok v</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
#pragma warning disable CA1000 // Static factories on the generic type are the natural spelling of OCaml's constructors.
    public static Result<T, TError> Ok(T value) => new(true, value, default!);

    /// <summary>Makes an <c>Error</c> (OCaml's <c>Error e</c>).</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static Result<T, TError> Fail(TError error) => new(false, default!, error);
#pragma warning restore CA1000

    /// <summary>Gets the value of an <c>Ok</c>.</summary>
    /// <param name="value">The value, or default for an <c>Error</c>.</param>
    /// <returns><see cref="IsOk"/>.</returns>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsOk;
    }

    /// <summary>Calls <paramref name="ok"/> or <paramref name="error"/> and returns what it returns.</summary>
    /// <typeparam name="TOut">The type returned.</typeparam>
    /// <param name="ok">Called with the value of an <c>Ok</c>.</param>
    /// <param name="error">Called with the error of an <c>Error</c>.</param>
    /// <returns>What the called function returned.</returns>
    public TOut Match<TOut>(Func<T, TOut> ok, Func<TError, TOut> error)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(error);
        return IsOk ? ok(_value) : error(_error);
    }

    /// <inheritdoc/>
    public bool Equals(Result<T, TError> other) =>
        IsOk == other.IsOk &&
        (IsOk ? EqualityComparer<T>.Default.Equals(_value, other._value) : EqualityComparer<TError>.Default.Equals(_error, other._error));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Result<T, TError> r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => IsOk ? HashCode.Combine(true, _value) : HashCode.Combine(false, _error);

    /// <inheritdoc/>
    public override string ToString() => IsOk ? "Ok(" + _value + ")" : "Error(" + _error + ")";
}

/// <summary>Factories for <see cref="Result{T, TError}"/> that infer the type arguments.</summary>
public static class Result
{
    /// <summary>Makes an <c>Ok</c>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static Result<T, TError> Ok<T, TError>(T value) => Result<T, TError>.Ok(value);

    /// <summary>Makes an <c>Error</c>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TError">The type of the error.</typeparam>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static Result<T, TError> Error<T, TError>(TError error) => Result<T, TError>.Fail(error);
}
