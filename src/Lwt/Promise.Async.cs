// Promise.Async.cs: fire-and-forget promises and where their failures go (Lwt's async,
// dont_wait, ignore_result and async_exception_hook).

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// What happens on this thread to exceptions nobody waits for (Lwt's <c>async_exception_hook</c>):
    /// rejections of <see cref="Async"/> promises, exceptions from <c>On…</c> callbacks, and so on.
    /// Each thread that runs promises (each event loop) has its own; a thread that never set one
    /// uses <see cref="DefaultAsyncExceptionHook"/>. Setting null goes back to the default.
    /// An exception thrown by the hook escapes into the code that resolved the promise.
    /// </summary>
    [AllowNull]
    public static Action<Exception> AsyncExceptionHook
    {
        get => PromiseRuntime.Current.AsyncExceptionHook;
        set => PromiseRuntime.Current.ThreadHook = value;
    }

    /// <summary>
    /// The async exception hook of every thread that did not set its own. As in Lwt, it first
    /// writes the exception to standard error and exits the process with code 2.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static Action<Exception> DefaultAsyncExceptionHook
    {
        get => PromiseRuntime.DefaultHook;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            PromiseRuntime.DefaultHook = value;
        }
    }

    /// <summary>
    /// Starts <paramref name="f"/> and does not wait for it (Lwt's <c>async</c>). If it throws, or
    /// its promise is (or later gets) rejected, the exception goes to <see cref="AsyncExceptionHook"/>.
    /// </summary>
    /// <param name="f">The computation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static void Async(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise p;
        try
        {
            p = f() ?? NullPromise<bool>("Promise.Async");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            PromiseRuntime.Current.AsyncExceptionHook(e);
            return;
        }

        p.On(HookOnRejection.Instance, "Promise.Async");
    }

    /// <summary>
    /// Starts <paramref name="f"/> and does not wait for it (Lwt's <c>dont_wait</c>); if it throws
    /// or its promise is rejected, <paramref name="handler"/> gets the exception. The handler is not
    /// guarded: an exception from it escapes into whatever resolved the promise, as in Lwt.
    /// </summary>
    /// <param name="f">The computation.</param>
    /// <param name="handler">Gets the exception.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void DontWait(Func<Promise> f, Action<Exception> handler)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(handler);
        Promise p;
        try
        {
            p = f() ?? NullPromise<bool>("Promise.DontWait");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            handler(e);
            return;
        }

        p.On(new HandlerOnRejection(handler), "Promise.DontWait");
    }

    /// <summary>
    /// Stops caring about the promise (Lwt's <c>ignore_result</c>): if it is already rejected the
    /// exception is rethrown now; if it is pending, a later rejection goes to
    /// <see cref="AsyncExceptionHook"/>; a fulfilment is ignored.
    /// </summary>
    public void IgnoreResult()
    {
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Rejected:
                ExceptionDispatchInfo.Throw((Exception)u._payload!);
                break;
            case Status.Pending:
                u.CheckThread("Promise.IgnoreResult");
                u.AddCallback(HookOnRejection.Instance);
                break;
        }
    }

    /// <summary>Sends a rejection to the hook; stateless, so one instance serves every promise.</summary>
    private sealed class HookOnRejection : ICallback
    {
        internal static readonly HookOnRejection Instance = new();

        public void OnResolved(Promise source)
        {
            if (source._status == Status.Rejected)
            {
                PromiseRuntime.Current.AsyncExceptionHook((Exception)source._payload!);
            }
        }
    }

    private sealed class HandlerOnRejection(Action<Exception> handler) : ICallback
    {
        public void OnResolved(Promise source)
        {
            if (source._status == Status.Rejected)
            {
                handler((Exception)source._payload!);
            }
        }
    }
}
