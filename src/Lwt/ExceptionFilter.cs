// ExceptionFilter.cs: which exceptions the combinators turn into rejections (Lwt's
// Lwt.Exception_filter). Every place where the core catches a user function's exception asks
// Handles first; an exception it refuses propagates through the combinator instead.

using System;
using System.Runtime.CompilerServices;

namespace Lwt;

/// <summary>
/// Decides which exceptions thrown by user functions the combinators catch and turn into
/// rejections (Lwt's <c>Lwt.Exception_filter</c>). The default,
/// <see cref="HandleAllExceptRuntime"/>, lets <see cref="OutOfMemoryException"/> and
/// <see cref="InsufficientExecutionStackException"/> propagate, as Lwt 6 lets
/// <c>Out_of_memory</c> and <c>Stack_overflow</c> through. Process-wide: set it once at start-up.
/// </summary>
public static class ExceptionFilter
{
    /// <summary>Catches every exception (Lwt's <c>handle_all</c>).</summary>
    public static Func<Exception, bool> HandleAll { get; } = static _ => true;

    /// <summary>
    /// Catches every exception except those that mean the runtime itself is in trouble
    /// (Lwt's <c>handle_all_except_runtime</c>, the default).
    /// </summary>
    public static Func<Exception, bool> HandleAllExceptRuntime { get; } =
        static e => e is not (OutOfMemoryException or InsufficientExecutionStackException);

    // Declared after the filters: static fields initialize in textual order.
    private static Func<Exception, bool> s_current = HandleAllExceptRuntime;

    /// <summary>The filter in force.</summary>
    public static Func<Exception, bool> Current => s_current;

    /// <summary>Sets the filter for the whole process (Lwt's <c>Exception_filter.set</c>).</summary>
    /// <param name="filter">Returns true for the exceptions to catch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public static void Set(Func<Exception, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        s_current = filter;
    }

    /// <summary>Asks the filter in force whether to catch <paramref name="exception"/> (Lwt's <c>Exception_filter.run</c>).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>True when the combinators catch it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static bool Run(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return s_current(exception);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Handles(Exception exception) =>
        ReferenceEquals(s_current, HandleAllExceptRuntime)
            ? exception is not (OutOfMemoryException or InsufficientExecutionStackException)
            : s_current(exception);
}
