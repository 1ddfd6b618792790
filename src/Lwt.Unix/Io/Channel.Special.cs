// Channel.Special.cs: Lwt's two channels that need no backend: zero (endless zero bytes) and
// null (discards everything), with Lwt's 16-byte buffers. Channels belong to a loop, so each
// thread has its own pair, made on first use.

namespace Lwt.Io;

public sealed partial class InputChannel
{
    [System.ThreadStatic]
    private static InputChannel? t_zero;

    /// <summary>
    /// An endless input of zero bytes (Lwt's <c>Lwt_io.zero</c>), one per thread. Its reads never wait
    /// and never reach end of input. Closing it closes it for the whole thread.
    /// </summary>
    public static InputChannel Zero => t_zero ??= Create(
        static buffer =>
        {
            buffer.Span.Clear();
            return ResultCache.Count(buffer.Length);
        },
        MinBufferSize);
}

public sealed partial class OutputChannel
{
    [System.ThreadStatic]
    private static OutputChannel? t_null;

    /// <summary>
    /// An output that discards everything (Lwt's <c>Lwt_io.null</c>), one per thread. Its writes never
    /// wait and never fail. Closing it closes it for the whole thread.
    /// </summary>
    public static OutputChannel Null => t_null ??= Create(static buffer => ResultCache.Count(buffer.Length), MinBufferSize);
}
