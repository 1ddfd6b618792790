// PromiseAwaiter.cs: what `await promise` compiles to. Both awaiters are a single reference to
// the promise, with the same layout, so the async method builders can read the promise out of
// any of them without boxing and register the method itself as the promise's callback.

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using Lwt.Internal;

namespace Lwt.CompilerServices;

/// <summary>Marks our awaiters, whose only field is the awaited promise.</summary>
internal interface IPromiseAwaiter
{
}

/// <summary>What both awaiters share.</summary>
internal static class AwaiterHelpers
{
    /// <summary>One comparison for a fulfilled promise, two for a pending one; rejected and proxy out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsResolved(Promise p)
    {
        Promise.Status s = p._status;
        return s == Promise.Status.Fulfilled || (s != Promise.Status.Pending && IsResolvedOtherwise(p));
    }

    // Out of line: a fulfilled promise, the case of a loop of awaits, costs one comparison (which
    // GetResult repeats at once) and a pending one two.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsResolvedOtherwise(Promise p)
    {
        Promise.Status s = p._status;
        return s == Promise.Status.Rejected || (s == Promise.Status.Proxy && p.Underlying()._status != Promise.Status.Pending);
    }
}

/// <summary>Awaits a <see cref="Promise"/>. Obtained from <see cref="Promise.GetAwaiter"/>; not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct PromiseAwaiter : ICriticalNotifyCompletion, IPromiseAwaiter
{
    internal readonly Promise _promise;

    internal PromiseAwaiter(Promise promise) => _promise = promise;

    /// <summary>True once the promise is resolved; awaiting it then continues at once without allocating.</summary>
    public bool IsCompleted => AwaiterHelpers.IsResolved(_promise);

    /// <summary>Returns if the promise is fulfilled; rethrows its rejection, with the original stack trace.</summary>
    /// <exception cref="InvalidOperationException">The promise is still pending.</exception>
    public void GetResult()
    {
        if (_promise._status == Promise.Status.Fulfilled)
        {
            return;
        }

        Promise u = _promise.Underlying();
        if (u._status != Promise.Status.Fulfilled)
        {
            Promise.ThrowNotFulfilled(u, "await");
        }
    }

    /// <summary>Runs <paramref name="continuation"/> when the promise resolves, in the captured <see cref="ExecutionContext"/>.</summary>
    /// <param name="continuation">The continuation.</param>
    /// <exception cref="InvalidOperationException">Called from a thread other than the promise's.</exception>
    public void OnCompleted(Action continuation) => ContinuationCallback.Register(_promise, continuation, flowContext: true);

    /// <summary>Runs <paramref name="continuation"/> when the promise resolves.</summary>
    /// <param name="continuation">The continuation.</param>
    /// <exception cref="InvalidOperationException">Called from a thread other than the promise's.</exception>
    public void UnsafeOnCompleted(Action continuation) => ContinuationCallback.Register(_promise, continuation, flowContext: false);
}

/// <summary>Awaits a <see cref="Promise{T}"/>. Obtained from <see cref="Promise{T}.GetAwaiter"/>; not for direct use.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct PromiseAwaiter<T> : ICriticalNotifyCompletion, IPromiseAwaiter
{
    internal readonly Promise<T> _promise;

    internal PromiseAwaiter(Promise<T> promise) => _promise = promise;

    /// <summary>True once the promise is resolved; awaiting it then continues at once without allocating.</summary>
    public bool IsCompleted => AwaiterHelpers.IsResolved(_promise);

    /// <summary>Returns the value of the fulfilled promise; rethrows its rejection, with the original stack trace.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The promise is still pending.</exception>
    public T GetResult()
    {
        if (_promise._status == Promise.Status.Fulfilled)
        {
            return _promise._value;
        }

        Promise u = _promise.Underlying();
        if (u._status != Promise.Status.Fulfilled)
        {
            Promise.ThrowNotFulfilled(u, "await");
        }

        return Unsafe.As<Promise<T>>(u)._value;
    }

    /// <summary>Runs <paramref name="continuation"/> when the promise resolves, in the captured <see cref="ExecutionContext"/>.</summary>
    /// <param name="continuation">The continuation.</param>
    /// <exception cref="InvalidOperationException">Called from a thread other than the promise's.</exception>
    public void OnCompleted(Action continuation) => ContinuationCallback.Register(_promise, continuation, flowContext: true);

    /// <summary>Runs <paramref name="continuation"/> when the promise resolves.</summary>
    /// <param name="continuation">The continuation.</param>
    /// <exception cref="InvalidOperationException">Called from a thread other than the promise's.</exception>
    public void UnsafeOnCompleted(Action continuation) => ContinuationCallback.Register(_promise, continuation, flowContext: false);
}

/// <summary>A delegate continuation from an awaiter used by some other builder (a Task async method, say).</summary>
internal sealed class ContinuationCallback : ICallback
{
    private readonly Action _continuation;
    private readonly ExecutionContext? _context;

    private ContinuationCallback(Action continuation, ExecutionContext? context)
    {
        _continuation = continuation;
        _context = context;
    }

    internal static void Register(Promise promise, Action continuation, bool flowContext)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Promise u = promise.Underlying();
        if (u._status != Promise.Status.Pending)
        {
            continuation();
            return;
        }

        if (u._ownerId != PromiseRuntime.Current.Id)
        {
            // Registering from another thread would race with the owner. Throwing here would crash
            // the process (the caller's builder rethrows on the thread pool), so resume at once
            // instead: GetResult then finds the promise pending and reports the wrong thread.
            continuation();
            return;
        }

        u.AddCallback(new ContinuationCallback(continuation, flowContext ? ExecutionContext.Capture() : null));
    }

    public void OnResolved(Promise source)
    {
        if (_context is null)
        {
            _continuation();
        }
        else
        {
            ExecutionContext.Run(_context, static c => ((Action)c!)(), _continuation);
        }
    }
}
