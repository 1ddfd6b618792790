// SwitchOffException.cs: Lwt_switch's Off, thrown when a switch that is already off is used.

using System;

namespace Lwt;

/// <summary>
/// Thrown when code uses a <see cref="Switch"/> that is already off (Lwt's <c>Lwt_switch.Off</c>):
/// <see cref="Switch.Check"/> and <see cref="Switch.AddHook"/> throw it.
/// </summary>
public class SwitchOffException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public SwitchOffException()
        : base("The switch is off (Lwt_switch.Off).")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was refused.</param>
    public SwitchOffException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The cause.</param>
    public SwitchOffException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
