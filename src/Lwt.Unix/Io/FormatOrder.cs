// FormatOrder.cs: Lwt_fmt's order type: what a stream formatter (Formatter.MakeStream) emits
// and what Formatter.WriteOrder applies to a channel.

namespace Lwt.Io;

/// <summary>One writing order of a <see cref="Formatter"/> (Lwt's <c>Lwt_fmt.order</c>): some text, or a flush.</summary>
public abstract record FormatOrder
{
    private FormatOrder()
    {
    }

    /// <summary>Write <paramref name="Length"/> characters of <paramref name="Value"/> from <paramref name="Offset"/> (Lwt's <c>String (s, off, len)</c>).</summary>
    /// <param name="Value">The string.</param>
    /// <param name="Offset">Where the text starts in it.</param>
    /// <param name="Length">How many characters.</param>
    public sealed record Text(string Value, int Offset, int Length) : FormatOrder;

    /// <summary>Flush the channel (Lwt's <c>Flush</c>).</summary>
    public sealed record Flush : FormatOrder;
}
