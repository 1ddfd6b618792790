// Channel.Encoding.cs: the text encoding of a channel. Bytes stay bytes; only the text
// operations (ReadLine, TryReadLine, ReadLines, ReadAll, Write, WriteLine, WriteLines) encode or
// decode, and they split lines on the encoded "\n", so UTF-16 and UTF-32 work as well as UTF-8
// and single-byte encodings. Lwt has no encodings: its strings are bytes.

using System;
using System.Text;

namespace Lwt.Io;

public abstract partial class Channel
{
    /// <summary>
    /// The encoding of the text operations (<c>ReadLine</c>, <c>ReadAll</c>, <c>Write</c>, <c>WriteLine</c>...):
    /// <see cref="Encoding.UTF8"/> unless set. Lines end at the encoded <c>"\n"</c>, and an encoded
    /// <c>"\r"</c> right before it is dropped, as for UTF-8. Not in Lwt, whose strings are bytes.
    /// </summary>
    /// <remarks>
    /// Setting it affects the next text operation, also on the temporary channel of <c>Atomic</c>,
    /// which shares it. Bytes that the encoding cannot decode become U+FFFD (the decoder's replacement
    /// fallback), unless the encoding was made to throw. For encodings whose newline is wider than a
    /// byte (UTF-16), lines are found at multiples of that width from the start of the line, so mixing
    /// byte reads of odd length with line reads misaligns them.
    /// </remarks>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Set to an encoding whose <c>"\n"</c> and <c>"\r"</c> do not encode to units of one same size.</exception>
    public Encoding Encoding
    {
        get => _core.Encoding;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _core.SetEncoding(value);
        }
    }
}
