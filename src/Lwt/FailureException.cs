using System;

namespace Lwt;

/// <summary>
/// A plain failure carrying only a message: OCaml's <c>Failure</c>, which Lwt's
/// <c>fail_with</c> rejects with. <see cref="Promise.FailWith"/> produces it.
/// </summary>
public class FailureException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public FailureException()
        : base("Failure.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public FailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public FailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
