// FormatterInterpolatedStringHandler.cs: what lets `formatter.Fprintf($"...{x}...")` format its
// holes straight into a pooled buffer, culture-invariant as OCaml's Format is, before the text is
// handed to the formatter's writer in one piece.

using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Lwt.Io;

/// <summary>
/// Builds the text of an interpolated string given to <see cref="Formatter.Fprintf(FormatterInterpolatedStringHandler)"/>
/// and its siblings, with the invariant culture. The compiler uses it; code does not call it.
/// </summary>
[InterpolatedStringHandler]
public ref struct FormatterInterpolatedStringHandler
{
    private DefaultInterpolatedStringHandler _inner;

    /// <summary>Starts the text.</summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">The number of holes.</param>
    public FormatterInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);
    }

    /// <summary>Appends a literal part.</summary>
    /// <param name="value">The text.</param>
    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    /// <summary>Appends a hole.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    /// <summary>Appends a hole with a format string.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="format">The format, e.g. "x4".</param>
    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    /// <summary>Appends a hole padded to <paramref name="alignment"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="alignment">The width; negative pads on the right.</param>
    public void AppendFormatted<T>(T value, int alignment) => _inner.AppendFormatted(value, alignment);

    /// <summary>Appends a hole padded to <paramref name="alignment"/>, with a format string.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="alignment">The width; negative pads on the right.</param>
    /// <param name="format">The format.</param>
    public void AppendFormatted<T>(T value, int alignment, string? format) => _inner.AppendFormatted(value, alignment, format);

    /// <summary>Appends characters.</summary>
    /// <param name="value">The characters.</param>
    public void AppendFormatted(scoped ReadOnlySpan<char> value) => _inner.AppendFormatted(value);

    /// <summary>Appends a string.</summary>
    /// <param name="value">The string; null appends nothing.</param>
    public void AppendFormatted(string? value) => _inner.AppendFormatted(value);

    /// <summary>The text, releasing the buffer.</summary>
    internal string ToStringAndClear() => _inner.ToStringAndClear();
}
