// RetryError.cs: Lwt_retry's error type, [`Retry of 'retry | `Fatal of 'fatal]: what a
// retryable computation reports when it fails, and whether trying again may help.

using System;
using System.Collections.Generic;

namespace Lwt;

/// <summary>
/// The error of a retryable computation (Lwt_retry's <c>error</c>): <c>Retry</c> when trying
/// again may succeed, <c>Fatal</c> when it cannot.
/// </summary>
/// <typeparam name="TRetry">The type of a retryable error.</typeparam>
/// <typeparam name="TFatal">The type of a fatal error.</typeparam>
public readonly struct RetryError<TRetry, TFatal> : IEquatable<RetryError<TRetry, TFatal>>
{
    private readonly TRetry _retry;
    private readonly TFatal _fatal;

    private RetryError(bool isFatal, TRetry retry, TFatal fatal)
    {
        IsFatal = isFatal;
        _retry = retry;
        _fatal = fatal;
    }

    /// <summary>True for a fatal error.</summary>
    public bool IsFatal { get; }

    /// <summary>True for a retryable error.</summary>
    public bool IsRetry => !IsFatal;

    /// <summary>The error of a <c>Retry</c>.</summary>
    /// <exception cref="InvalidOperationException">This is a <c>Fatal</c>.</exception>
    public TRetry RetryValue => !IsFatal ? _retry : throw new InvalidOperationException("RetryError.RetryValue: this error is Fatal.");

    /// <summary>The error of a <c>Fatal</c>.</summary>
    /// <exception cref="InvalidOperationException">This is a <c>Retry</c>.</exception>
    public TFatal FatalValue => IsFatal ? _fatal : throw new InvalidOperationException("RetryError.FatalValue: this error is Retry.");

    /// <summary>Compares two errors.</summary>
    public static bool operator ==(RetryError<TRetry, TFatal> left, RetryError<TRetry, TFatal> right) => left.Equals(right);

    /// <summary>Compares two errors.</summary>
    public static bool operator !=(RetryError<TRetry, TFatal> left, RetryError<TRetry, TFatal> right) => !left.Equals(right);

#pragma warning disable CA1000 // Static factories on the generic type are the natural spelling of OCaml's constructors.
    /// <summary>Makes a retryable error (OCaml's <c>`Retry r</c>).</summary>
    /// <param name="error">The error.</param>
    /// <returns>The error.</returns>
    public static RetryError<TRetry, TFatal> Retry(TRetry error) => new(false, error, default!);

    /// <summary>Makes a fatal error (OCaml's <c>`Fatal f</c>).</summary>
    /// <param name="error">The error.</param>
    /// <returns>The error.</returns>
    public static RetryError<TRetry, TFatal> Fatal(TFatal error) => new(true, default!, error);
#pragma warning restore CA1000

    /// <summary>Compares with the default equality of each case; <see cref="Lwt.Retry.EqualError"/> takes custom ones.</summary>
    /// <param name="other">The other error.</param>
    /// <returns>Whether both are the same case with equal errors.</returns>
    public bool Equals(RetryError<TRetry, TFatal> other) =>
        IsFatal == other.IsFatal &&
        (IsFatal ? EqualityComparer<TFatal>.Default.Equals(_fatal, other._fatal) : EqualityComparer<TRetry>.Default.Equals(_retry, other._retry));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RetryError<TRetry, TFatal> e && Equals(e);

    /// <inheritdoc/>
    public override int GetHashCode() => IsFatal ? HashCode.Combine(true, _fatal) : HashCode.Combine(false, _retry);

    /// <summary>Formats the error as <c>Retry value</c> or <c>Fatal value</c>; <see cref="Lwt.Retry.FormatError"/> takes custom formatters.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsFatal ? "Fatal " + _fatal : "Retry " + _retry;
}
