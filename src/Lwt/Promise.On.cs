// Promise.On.cs: OnSuccess, OnFailure, OnTermination, OnAny (Lwt's on_* family). The function
// runs directly on a resolved promise, later on a pending one; its exceptions never propagate
// and never reject anything: they go to the async exception hook.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>Runs <paramref name="f"/> when the promise is fulfilled (Lwt's <c>on_success</c>); now if it already is.</summary>
    /// <param name="f">The function. Its exceptions go to <see cref="AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void OnSuccess(Action f)
    {
        ArgumentNullException.ThrowIfNull(f);
        On(new OnResolvedCallback<byte>(null, f, null, null, PromiseRuntime.Current.Storage), "Promise.OnSuccess");
    }

    /// <summary>Runs <paramref name="f"/> with the exception when the promise is rejected (Lwt's <c>on_failure</c>); now if it already is.</summary>
    /// <param name="f">The function. Its exceptions go to <see cref="AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void OnFailure(Action<Exception> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        On(new OnResolvedCallback<byte>(null, null, f, null, PromiseRuntime.Current.Storage), "Promise.OnFailure");
    }

    /// <summary>Runs <paramref name="f"/> when the promise resolves either way (Lwt's <c>on_termination</c>); now if it already has.</summary>
    /// <param name="f">The function. Its exceptions go to <see cref="AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void OnTermination(Action f)
    {
        ArgumentNullException.ThrowIfNull(f);
        On(new OnResolvedCallback<byte>(null, null, null, f, PromiseRuntime.Current.Storage), "Promise.OnTermination");
    }

    /// <summary>Runs <paramref name="success"/> or <paramref name="failure"/> when the promise resolves (Lwt's <c>on_any</c>).</summary>
    /// <param name="success">Run on fulfilment. Its exceptions go to <see cref="AsyncExceptionHook"/>.</param>
    /// <param name="failure">Run with the exception on rejection. Its exceptions go to <see cref="AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    public void OnAny(Action success, Action<Exception> failure)
    {
        ArgumentNullException.ThrowIfNull(success);
        ArgumentNullException.ThrowIfNull(failure);
        On(new OnResolvedCallback<byte>(null, success, failure, null, PromiseRuntime.Current.Storage), "Promise.OnAny");
    }

    internal void On(ICallback callback, string operation)
    {
        Promise u = Underlying();
        if (u._status == Status.Pending)
        {
            u.CheckThread(operation);
            u.AddCallback(callback);
        }
        else
        {
            callback.OnResolved(u);
        }
    }
}

public partial class Promise<T>
{
    /// <summary>Runs <paramref name="f"/> with the value when the promise is fulfilled (Lwt's <c>on_success</c>); now if it already is.</summary>
    /// <param name="f">The function. Its exceptions go to <see cref="Promise.AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void OnSuccess(Action<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        On(new OnResolvedCallback<T>(f, null, null, null, PromiseRuntime.Current.Storage), "Promise<T>.OnSuccess");
    }

    /// <summary>Runs <paramref name="success"/> with the value or <paramref name="failure"/> with the exception when the promise resolves (Lwt's <c>on_any</c>).</summary>
    /// <param name="success">Run on fulfilment. Its exceptions go to <see cref="Promise.AsyncExceptionHook"/>.</param>
    /// <param name="failure">Run on rejection. Its exceptions go to <see cref="Promise.AsyncExceptionHook"/>.</param>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    public void OnAny(Action<T> success, Action<Exception> failure)
    {
        ArgumentNullException.ThrowIfNull(success);
        ArgumentNullException.ThrowIfNull(failure);
        On(new OnResolvedCallback<T>(success, null, failure, null, PromiseRuntime.Current.Storage), "Promise<T>.OnAny");
    }
}

