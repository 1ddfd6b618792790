using System;

namespace Lwt;

/// <summary>
/// Thrown by a push into a stream that is already closed, and the rejection of a bounded push that is waiting when the stream closes (Lwt's <c>Lwt_stream.Closed</c>).
/// </summary>
public class StreamClosedException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public StreamClosedException()
        : base("The stream is closed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public StreamClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public StreamClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
