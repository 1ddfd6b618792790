// TryBindPromises.cs: the results of Catch, TryBind and Finalize on a pending input. With no
// success function (Catch) a fulfilled input's outcome is copied as it is.

using System;
using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>TryBind (or Catch, when <c>g</c> is null and the types agree) of a promise of a value.</summary>
internal sealed class TryBindPromise<T, TResult>(
    Func<T, Promise<TResult>>? g, Func<Exception, Promise<TResult>> h, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private readonly StorageMap? _storage = owner.Storage;
    private Func<T, Promise<TResult>>? _g = g;
    private Func<Exception, Promise<TResult>>? _h = h;

    public void OnResolved(Promise source)
    {
        Func<T, Promise<TResult>>? g = _g;
        Func<Exception, Promise<TResult>> h = _h!;
        _g = null;
        _h = null;
        if (source._status == Status.Fulfilled && g is null)
        {
            Combinator.ResolveFrom(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        rt.Storage = _storage;
        Promise<TResult> next;
        try
        {
            next = (source._status == Status.Fulfilled ? g!(Unsafe.As<Promise<T>>(source)._value) : h((Exception)source._payload!))
                ?? NullPromise<TResult>("Promise<T>.TryBind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturned(next, rt);
    }
}

/// <summary>TryBind of a promise without a value to a promise of a value.</summary>
internal sealed class TryBindUnitPromise<TResult>(
    Func<Promise<TResult>> g, Func<Exception, Promise<TResult>> h, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private readonly StorageMap? _storage = owner.Storage;
    private Func<Promise<TResult>>? _g = g;
    private Func<Exception, Promise<TResult>>? _h = h;

    public void OnResolved(Promise source)
    {
        Func<Promise<TResult>> g = _g!;
        Func<Exception, Promise<TResult>> h = _h!;
        _g = null;
        _h = null;
        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        rt.Storage = _storage;
        Promise<TResult> next;
        try
        {
            next = (source._status == Status.Fulfilled ? g() : h((Exception)source._payload!))
                ?? NullPromise<TResult>("Promise.TryBind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturned(next, rt);
    }
}

/// <summary>TryBind (or Catch, when <c>g</c> is null) of a promise without a value to one without a value.</summary>
internal sealed class TryBindUnitToUnitPromise(
    Func<Promise>? g, Func<Exception, Promise> h, Promise input, PromiseRuntime owner)
    : Promise(CancelKind.One, input, owner), ICallback
{
    private readonly StorageMap? _storage = owner.Storage;
    private Func<Promise>? _g = g;
    private Func<Exception, Promise>? _h = h;

    public void OnResolved(Promise source)
    {
        Func<Promise>? g = _g;
        Func<Exception, Promise> h = _h!;
        _g = null;
        _h = null;
        if (source._status == Status.Fulfilled && g is null)
        {
            Combinator.FulfillUnit(this);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        rt.Storage = _storage;
        Promise next;
        try
        {
            next = (source._status == Status.Fulfilled ? g!() : h((Exception)source._payload!))
                ?? NullPromise<bool>("Promise.Catch");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturnedUnit(next, rt);
    }
}
