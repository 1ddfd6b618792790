using System;

namespace Lwt;

/// <summary>
/// The exception a promise is rejected with when it is canceled (Lwt's <c>Lwt.Canceled</c>).
/// It derives from <see cref="OperationCanceledException"/> so that .NET code that catches
/// cancellation also catches ours.
/// </summary>
public class CanceledException : OperationCanceledException
{
    /// <summary>Creates the exception with the default message.</summary>
    public CanceledException()
        : base("The promise was canceled (Lwt.Canceled).")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was canceled.</param>
    public CanceledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was canceled.</param>
    /// <param name="innerException">The cause.</param>
    public CanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
