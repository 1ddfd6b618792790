using System;

namespace Lwt;

/// <summary>
/// The rejection of a bounded push made while another push is already waiting for room (Lwt's <c>Lwt_stream.Full</c>).
/// </summary>
public class StreamFullException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public StreamFullException()
        : base("The stream is full and another push is already waiting for room.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public StreamFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public StreamFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
