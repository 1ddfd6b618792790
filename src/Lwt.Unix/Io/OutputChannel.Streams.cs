// OutputChannel.Streams.cs: output channels over a System.IO.Stream (StreamBackend.cs).

using System;
using System.IO;

namespace Lwt.Io;

using Stream = System.IO.Stream;

public sealed partial class OutputChannel
{
    /// <summary>
    /// Makes an output channel that writes to <paramref name="stream"/> (not in Lwt): each flush of
    /// the channel is a <see cref="Stream.WriteAsync(ReadOnlyMemory{byte}, System.Threading.CancellationToken)"/>
    /// followed by <see cref="Stream.FlushAsync(System.Threading.CancellationToken)"/>. The stream's
    /// completions come back to this thread's loop, so writes never block it; use the channel inside
    /// <see cref="Lwt.Unix.Main.Run{T}(Func{Promise{T}})"/>.
    /// </summary>
    /// <param name="stream">A writable stream; <see cref="Channel.SetPosition"/> works when it can seek.</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="leaveOpen">When false (the default), closing the channel disposes the stream (after the final flush).</param>
    /// <returns>
    /// The channel. The stream's exceptions reject the flushes (and writes that flush). Aborting the
    /// channel while a write waits rejects it with <see cref="ChannelClosedException"/> and cancels the
    /// stream's write through its token.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot write.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static OutputChannel FromStream(Stream stream, int? bufferSize = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot write (Stream.CanWrite is false).", nameof(stream));
        }

        var backend = new StreamBackend(stream, leaveOpen);
        return Create(backend.Write, bufferSize, backend.Close, backend.Seek);
    }
}
