using System;
using System.Collections.Generic;
using System.Threading;
using Xunit;

namespace Lwt.Tests;

/// <summary>Assertions on promise states, Lwt's <c>state_is</c> in xunit form.</summary>
internal static class LwtAssert
{
    public static void Pending(Promise p)
    {
        Assert.Equal(PromiseState.Pending, p.State);
        Assert.True(p.IsPending);
    }

    public static void Fulfilled(Promise p)
    {
        Assert.Equal(PromiseState.Fulfilled, p.State);
        Assert.Null(p.Exception);
    }

    public static void Fulfilled<T>(T expected, Promise<T> p)
    {
        Assert.Equal(PromiseState.Fulfilled, p.State);
        Assert.Equal(expected, p.Result);
    }

    public static void Rejected(Exception expected, Promise p)
    {
        Assert.Equal(PromiseState.Rejected, p.State);
        Assert.Same(expected, p.Exception);
    }

    public static void Canceled(Promise p)
    {
        Assert.Equal(PromiseState.Rejected, p.State);
        Assert.IsType<CanceledException>(p.Exception);
        Assert.True(p.IsCanceled);
    }
}

/// <summary>
/// Replaces this thread's <see cref="Promise.AsyncExceptionHook"/> with one that records what it
/// gets, and puts the previous hook back on dispose (Lwt's <c>set_async_exception_hook</c>).
/// </summary>
internal sealed class HookScope : IDisposable
{
    private readonly Action<Exception> _saved;

    public HookScope()
    {
        _saved = Promise.AsyncExceptionHook;
        Promise.AsyncExceptionHook = Seen.Add;
    }

    public List<Exception> Seen { get; } = [];

    public void Dispose() => Promise.AsyncExceptionHook = _saved;
}

/// <summary>Runs a test's code on a thread of its own (a fresh promise runtime) and brings back its result or failure.</summary>
internal static class TestThread
{
    public static void Run(Action action) => Run(() =>
    {
        action();
        return true;
    });

    public static T Run<T>(Func<T> f)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = f();
            }
#pragma warning disable CA1031 // Carried back to the test thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        })
        {
            // A hung function is abandoned with its thread: it must not keep the test process alive.
            IsBackground = true,
        };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the other thread did not finish");
        Assert.Null(failure);
        return result;
    }
}
