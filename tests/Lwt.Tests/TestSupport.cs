using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Lwt.Tests;

/// <summary>An exception type fresh to the tests (the <c>Exception</c> of test_lwt.ml).</summary>
public sealed class TestException : Exception
{
    public TestException()
        : base("test exception")
    {
    }

    public TestException(string message)
        : base(message)
    {
    }

    public TestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A second exception type, standing for OCaml's <c>Exit</c> in test_lwt.ml.</summary>
public sealed class ExitException : Exception
{
    public ExitException()
        : base("exit")
    {
    }

    public ExitException(string message)
        : base(message)
    {
    }

    public ExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Replaces the (per-thread) async exception hook with one that records what it gets, and puts
/// the old one back on Dispose. The default hook exits the process, so every test whose
/// callbacks may throw installs one of these.
/// </summary>
internal sealed class HookRecorder : IDisposable
{
    private readonly Action<Exception> _saved;

    public HookRecorder()
    {
        _saved = Promise.AsyncExceptionHook;
        Promise.AsyncExceptionHook = Seen.Add;
    }

    public List<Exception> Seen { get; } = [];

    public void Dispose() => Promise.AsyncExceptionHook = _saved;
}

/// <summary>Helpers shared by the test classes.</summary>
internal static class Support
{
    /// <summary>A function returning a promise of <typeparamref name="T"/> that throws instead.</summary>
    public static Promise<T> Raise<T>(Exception e) => throw e;

    /// <summary>A function returning a promise without a value that throws instead.</summary>
    public static Promise RaiseUnit(Exception e) => throw e;

    /// <summary>Throws a <see cref="TestException"/> from a method whose name tests look for in stack traces.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Promise<T> ThrowFromMarkerMethod<T>() => throw new TestException("from marker");

    /// <summary>Same, for callers that expect a promise without a value.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Promise ThrowFromMarkerMethodUnit() => throw new TestException("from marker");

    /// <summary>The name the stack-trace tests look for.</summary>
    public const string MarkerName = "ThrowFromMarkerMethod";

    /// <summary>Runs <paramref name="action"/> and returns what it threw, or null: for code that runs where an exception cannot be asserted (another thread).</summary>
    /// <param name="action">The code.</param>
    /// <returns>The exception, or null.</returns>
    public static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
#pragma warning disable CA1031 // The caller inspects whatever was thrown.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    /// <summary>Makes a <see cref="TestException"/> that carries a stack trace through the marker method.</summary>
    public static TestException ThrownTestException()
    {
        try
        {
            ThrowFromMarkerMethod<int>();
        }
        catch (TestException e)
        {
            return e;
        }

        throw new InvalidOperationException("unreachable");
    }
}
