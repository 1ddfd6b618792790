// FormatterIgnoredInterpolatedStringHandler.cs: the handler of Formatter.Ifprintf/Ikfprintf. It
// tells the compiler not to append at all, so the holes of an ignored format are not even
// evaluated: what OCaml's ifprintf gives by not formatting.

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lwt.Io;

/// <summary>
/// Takes the interpolated string given to <see cref="Formatter.Ifprintf(FormatterIgnoredInterpolatedStringHandler)"/>
/// and drops it: its holes are not evaluated. The compiler uses it; code does not call it.
/// </summary>
[InterpolatedStringHandler]
[SuppressMessage("Performance", "CA1822", Justification = "The compiler's handler pattern calls these as instance methods.")]
public readonly ref struct FormatterIgnoredInterpolatedStringHandler
{
    /// <summary>Refuses the text.</summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">The number of holes.</param>
    /// <param name="shouldAppend">Always false: nothing is appended or evaluated.</param>
    public FormatterIgnoredInterpolatedStringHandler(int literalLength, int formattedCount, out bool shouldAppend)
    {
        _ = literalLength;
        _ = formattedCount;
        shouldAppend = false;
    }

    /// <summary>Never called.</summary>
    /// <param name="value">The text.</param>
    public void AppendLiteral(string value) => _ = value;

    /// <summary>Never called.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public void AppendFormatted<T>(T value) => _ = value;

    /// <summary>Never called.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="format">The format.</param>
    public void AppendFormatted<T>(T value, string? format) => _ = format;

    /// <summary>Never called.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="alignment">The width.</param>
    public void AppendFormatted<T>(T value, int alignment) => _ = alignment;

    /// <summary>Never called.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="alignment">The width.</param>
    /// <param name="format">The format.</param>
    public void AppendFormatted<T>(T value, int alignment, string? format) => _ = format;
}
