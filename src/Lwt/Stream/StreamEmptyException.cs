using System;

namespace Lwt;

/// <summary>
/// The rejection of <see cref="Stream{T}.Next"/> and <see cref="Stream{T}.LastNew"/> on a stream that has ended (Lwt's <c>Lwt_stream.Empty</c>).
/// </summary>
public class StreamEmptyException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public StreamEmptyException()
        : base("The stream has ended.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public StreamEmptyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public StreamEmptyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
