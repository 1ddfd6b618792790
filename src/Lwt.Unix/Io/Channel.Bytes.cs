// Channel.Bytes.cs: channels over the caller's array (Lwt's of_bytes). The array is the channel's
// buffer: an input channel reads it and then reaches end of input; an output channel fills it and
// fails with FailureException when it would have to flush. Positions are offsets in the array.

using System;

namespace Lwt.Io;

public sealed partial class InputChannel
{
    /// <summary>
    /// Makes an input channel that reads <paramref name="bytes"/> and then ends (Lwt's
    /// <c>Lwt_io.of_bytes ~mode:input</c>). The array is used in place, not copied.
    /// </summary>
    /// <param name="bytes">The bytes to read.</param>
    /// <returns>The channel; <see cref="Channel.SetPosition"/> moves inside the array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    public static InputChannel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var channel = new InputChannel(new ChannelCore(ChannelMode.Input, bytes), null);
        channel._core.Ptr = 0;
        return channel;
    }
}

public sealed partial class OutputChannel
{
    /// <summary>
    /// Makes an output channel that writes into <paramref name="bytes"/> from its start (Lwt's
    /// <c>Lwt_io.of_bytes ~mode:output</c>). The array is written in place.
    /// </summary>
    /// <param name="bytes">The array to fill.</param>
    /// <returns>
    /// The channel. A write that does not fit in what is left of the array, and <see cref="Flush"/> with
    /// bytes written, are rejected with <see cref="FailureException"/> (Lwt: "cannot flush a channel
    /// created with Lwt_io.of_string"). It never flushes by itself.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    public static OutputChannel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new OutputChannel(new ChannelCore(ChannelMode.Output, bytes), null);
    }
}
