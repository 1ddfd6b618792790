// OnResolvedCallback.cs: the callbacks of OnSuccess/OnFailure/OnTermination/OnAny and OnCancel.
// User exceptions from them go to the async exception hook, as in Lwt.

using System;
using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>
/// One of Lwt's on_* callbacks. <typeparamref name="T"/> is the value type when
/// <c>valueSuccess</c> is set; otherwise it is unused.
/// </summary>
internal sealed class OnResolvedCallback<T>(
    Action<T>? valueSuccess, Action? success, Action<Exception>? failure, Action? termination, StorageMap? storage) : ICallback
{
    public void OnResolved(Promise source)
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        rt.Storage = storage;
        try
        {
            if (source._status == Promise.Status.Fulfilled)
            {
                if (valueSuccess is not null)
                {
                    valueSuccess(Unsafe.As<Promise<T>>(source)._value);
                }
                else
                {
                    success?.Invoke();
                }
            }
            else
            {
                failure?.Invoke((Exception)source._payload!);
            }

            termination?.Invoke();
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            rt.AsyncExceptionHook(e);
        }
    }
}

/// <summary>A function registered with <see cref="Promise.OnCancel"/>.</summary>
internal sealed class OnCancelCallback(Action f, StorageMap? storage) : ICallback
{
    public void OnResolved(Promise source)
    {
        PromiseRuntime.Current.Storage = storage;
        Run(f);
    }

    internal static void Run(Action f)
    {
        try
        {
            f();
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            PromiseRuntime.Current.AsyncExceptionHook(e);
        }
    }
}
