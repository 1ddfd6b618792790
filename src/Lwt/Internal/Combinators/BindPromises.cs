// BindPromises.cs: the results of Bind and Map on a pending input. Each result is also the
// callback registered on its input, so Bind on a pending promise allocates one object (plus the
// caller's closure). Each runs the user's function under the storage captured at registration,
// then resolves (or merges into) its own underlying promise.

using System;
using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>Bind of a value to a promise of a value.</summary>
internal sealed class BindPromise<T, TResult>(Func<T, Promise<TResult>> f, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<T, Promise<TResult>>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<T, Promise<TResult>> f = _f.Take(rt);
        Promise<TResult> next;
        try
        {
            next = f(Unsafe.As<Promise<T>>(source)._value) ?? NullPromise<TResult>("Promise<T>.Bind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturned(next, rt);
    }
}

/// <summary>Bind of a promise without a value to a promise of a value.</summary>
internal sealed class BindUnitPromise<TResult>(Func<Promise<TResult>> f, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<Promise<TResult>>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<Promise<TResult>> f = _f.Take(rt);
        Promise<TResult> next;
        try
        {
            next = f() ?? NullPromise<TResult>("Promise.Bind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturned(next, rt);
    }
}

/// <summary>Bind of a value to a promise without a value.</summary>
internal sealed class BindToUnitPromise<T>(Func<T, Promise> f, Promise input, PromiseRuntime owner)
    : Promise(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<T, Promise>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<T, Promise> f = _f.Take(rt);
        Promise next;
        try
        {
            next = f(Unsafe.As<Promise<T>>(source)._value) ?? NullPromise<bool>("Promise<T>.Bind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturnedUnit(next, rt);
    }
}

/// <summary>Bind of a promise without a value to a promise without a value.</summary>
internal sealed class BindUnitToUnitPromise(Func<Promise> f, Promise input, PromiseRuntime owner)
    : Promise(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<Promise>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<Promise> f = _f.Take(rt);
        Promise next;
        try
        {
            next = f() ?? NullPromise<bool>("Promise.Bind");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FollowReturnedUnit(next, rt);
    }
}

/// <summary>Map of a value.</summary>
internal sealed class MapPromise<T, TResult>(Func<T, TResult> f, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<T, TResult>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<T, TResult> f = _f.Take(rt);
        TResult value;
        try
        {
            value = f(Unsafe.As<Promise<T>>(source)._value);
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FulfillMapped(value, rt);
    }
}

/// <summary>Map of a promise without a value.</summary>
internal sealed class MapUnitPromise<TResult>(Func<TResult> f, Promise input, PromiseRuntime owner)
    : Promise<TResult>(CancelKind.One, input, owner), ICallback
{
    private CapturedFunction<Func<TResult>> _f = new(f, owner.Storage);

    public void OnResolved(Promise source)
    {
        if (source._status == Status.Rejected)
        {
            _f.Drop();
            Combinator.Reject(this, source);
            return;
        }

        PromiseRuntime rt = PromiseRuntime.FromId(_ownerId);
        Func<TResult> f = _f.Take(rt);
        TResult value;
        try
        {
            value = f();
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            Combinator.Reject(this, e);
            return;
        }

        FulfillMapped(value, rt);
    }
}
