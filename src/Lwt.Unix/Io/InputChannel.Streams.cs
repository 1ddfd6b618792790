// InputChannel.Streams.cs: input channels over a System.IO.Stream (StreamBackend.cs).

using System;
using System.IO;

namespace Lwt.Io;

using Stream = System.IO.Stream;

public sealed partial class InputChannel
{
    /// <summary>
    /// Makes an input channel that reads <paramref name="stream"/> with <see cref="Stream.ReadAsync(Memory{byte}, System.Threading.CancellationToken)"/>
    /// (not in Lwt). The stream's completions come back to this thread's loop, so reads never block it;
    /// use the channel inside <see cref="Lwt.Unix.Main.Run{T}(Func{Promise{T}})"/>.
    /// </summary>
    /// <param name="stream">A readable stream; <see cref="Channel.SetPosition"/> and <see cref="Channel.Length"/> work when it can seek.</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="leaveOpen">When false (the default), closing the channel disposes the stream.</param>
    /// <returns>
    /// The channel. The stream's exceptions reject the reads. Closing the channel while a read waits
    /// rejects it with <see cref="ChannelClosedException"/> and cancels the stream's read through its token.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static InputChannel FromStream(Stream stream, int? bufferSize = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot read (Stream.CanRead is false).", nameof(stream));
        }

        var backend = new StreamBackend(stream, leaveOpen);
        return Create(backend.Read, bufferSize, backend.Close, backend.Seek);
    }
}
