// Option.cs: OCaml's 'a option, for the places where "no value" must be told apart from every
// value of T (a stream of ints that ends is not a stream that yields 0). Elsewhere the core keeps
// its convention that a value is its own Some and default is None (Promise.None).

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Lwt;

/// <summary>
/// A value or nothing: OCaml's <c>option</c>. <c>default(Option&lt;T&gt;)</c> is <see cref="None"/>.
/// A <typeparamref name="T"/> converts to <c>Some</c> implicitly, so an <c>async</c> function
/// returning <c>Promise&lt;Option&lt;T&gt;&gt;</c> can <c>return value;</c>.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
[SuppressMessage("Naming", "CA1716", Justification = "OCaml's name; it clashes only with a Visual Basic keyword.")]
public readonly struct Option<T> : IEquatable<Option<T>>
{
    private readonly T _value;

    internal Option(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>Nothing (OCaml's <c>None</c>); the same as <c>default</c>.</summary>
#pragma warning disable CA1000 // A static member on the generic type is the natural spelling of OCaml's constructor.
    public static Option<T> None => default;
#pragma warning restore CA1000

    /// <summary>True for <c>Some</c>.</summary>
    public bool HasValue { get; }

    /// <summary>The value of a <c>Some</c>.</summary>
    /// <exception cref="InvalidOperationException">This is <c>None</c>.</exception>
    public T Value => HasValue ? _value : throw new InvalidOperationException("Option.Value: this option is None.");

    /// <summary>Makes <c>Some(value)</c>.</summary>
    /// <param name="value">The value.</param>
#pragma warning disable CA2225 // Option.Some is the named alternative.
    public static implicit operator Option<T>(T value) => new(value);
#pragma warning restore CA2225

    /// <summary>Compares two options.</summary>
    public static bool operator ==(Option<T> left, Option<T> right) => left.Equals(right);

    /// <summary>Compares two options.</summary>
    public static bool operator !=(Option<T> left, Option<T> right) => !left.Equals(right);

    /// <summary>Gets the value of a <c>Some</c>.</summary>
    /// <param name="value">The value, or default for <c>None</c>.</param>
    /// <returns><see cref="HasValue"/>.</returns>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return HasValue;
    }

    /// <summary>The value of a <c>Some</c>, or <paramref name="fallback"/> for <c>None</c>.</summary>
    /// <param name="fallback">The value for <c>None</c>.</param>
    /// <returns>The value.</returns>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    /// <inheritdoc/>
    public bool Equals(Option<T> other) =>
        HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Option<T> o && Equals(o);

    /// <inheritdoc/>
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, _value) : 0;

    /// <inheritdoc/>
    public override string ToString() => HasValue ? "Some(" + _value + ")" : "None";
}

/// <summary>Factories for <see cref="Option{T}"/> that infer the type argument.</summary>
[SuppressMessage("Naming", "CA1716", Justification = "OCaml's name; it clashes only with a Visual Basic keyword.")]
public static class Option
{
    /// <summary>Makes <c>Some(value)</c> (OCaml's <c>Some</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The option.</returns>
    public static Option<T> Some<T>(T value) => new(value);

    /// <summary>Makes <c>None</c> of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <returns>The option.</returns>
    public static Option<T> None<T>() => default;
}
