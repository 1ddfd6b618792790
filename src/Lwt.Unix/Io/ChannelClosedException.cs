using System;

namespace Lwt.Io;

/// <summary>
/// The exception of an operation on a closed or aborted channel (Lwt's <c>Channel_closed</c>): the
/// operation was attempted after <see cref="Channel.Close"/> or <see cref="Channel.AbortAsync"/>, or it
/// was waiting (queued, or blocked in I/O) when the channel was closed.
/// </summary>
public sealed class ChannelClosedException : InvalidOperationException
{
    /// <summary>Makes the exception with a generic message.</summary>
    public ChannelClosedException()
        : base("The channel is closed.")
    {
    }

    /// <summary>Makes the exception for a channel of the given mode.</summary>
    /// <param name="mode">The mode of the closed channel.</param>
    public ChannelClosedException(ChannelMode mode)
        : base(mode == ChannelMode.Input ? "The input channel is closed." : "The output channel is closed.")
    {
        Mode = mode;
    }

    /// <summary>Makes the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ChannelClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Makes the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChannelClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The mode of the channel that was closed (Lwt's <c>"input"</c> or <c>"output"</c> argument).</summary>
    public ChannelMode Mode { get; }
}
