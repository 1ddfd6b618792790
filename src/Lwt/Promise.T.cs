using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Lwt.CompilerServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// A promise of a value of type <typeparamref name="T"/> (Lwt's <c>'a Lwt.t</c>). It is pending,
/// then fulfilled with a value or rejected with an exception, once; see <see cref="Promise"/>
/// for the threading and cancellation rules.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
[AsyncMethodBuilder(typeof(AsyncPromiseMethodBuilder<>))]
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class Promise<T> : Promise
{
    internal T _value = default!;

    /// <summary>Makes a pending promise.</summary>
    internal Promise(CancelKind cancelKind, object? cancelTarget)
        : base(cancelKind, cancelTarget)
    {
    }

    /// <summary>Makes a pending promise owned by <paramref name="owner"/>'s thread, which must be the current one.</summary>
    internal Promise(CancelKind cancelKind, object? cancelTarget, PromiseRuntime owner)
        : base(cancelKind, cancelTarget, owner)
    {
    }

    /// <summary>Makes a fulfilled promise.</summary>
    internal Promise(T value)
    {
        _value = value;
    }

    /// <summary>Makes a rejected promise.</summary>
    internal Promise(Exception exception)
        : base(exception)
    {
    }

    /// <summary>
    /// The value of a fulfilled promise. Throws <see cref="InvalidOperationException"/> while the
    /// promise is pending, and rethrows the rejection itself (not wrapped, with its stack trace)
    /// when it is rejected.
    /// </summary>
    public T Result
    {
        get
        {
            Promise u = Underlying();
            if (u._status != Status.Fulfilled)
            {
                ThrowNotFulfilled(u, "Promise<T>.Result");
            }

            return Unsafe.As<Promise<T>>(u)._value;
        }
    }

    internal override bool CarriesValue => true;

    private string DebuggerDisplay => Underlying()._status switch
    {
        Status.Pending => "Pending",
        Status.Fulfilled => "Fulfilled: " + Unsafe.As<Promise<T>>(Underlying())._value,
        _ => "Rejected: " + ((Exception)Underlying()._payload!).GetType().Name,
    };

    /// <summary>
    /// Lwt's <c>Lwt.poll</c>: false while pending, true with the value once fulfilled, and
    /// rethrows the exception (with its stack trace) once rejected.
    /// </summary>
    /// <param name="value">The value when fulfilled; default otherwise.</param>
    /// <returns>Whether the promise is fulfilled.</returns>
    public bool TryGetResult(out T value)
    {
        Promise u = Underlying();
        if (u._status == Status.Fulfilled)
        {
            value = Unsafe.As<Promise<T>>(u)._value;
            return true;
        }

        if (u._status == Status.Rejected)
        {
            ExceptionDispatchInfo.Throw((Exception)u._payload!);
        }

        value = default!;
        return false;
    }

    /// <summary>Gets an awaiter, so that <c>await promise</c> gives the value.</summary>
    /// <returns>The awaiter.</returns>
    public new PromiseAwaiter<T> GetAwaiter() => new(this);

    internal override bool CanProxyInto(Promise outer) => outer is Promise<T>;

    /// <summary>
    /// <see cref="Promise.Follow"/> for a bind-like combinator's own result and what its function
    /// returned, with the common case first: a function that returned a fulfilled promise while
    /// the result is still pending (not a proxy) just fulfills it with the value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void FollowReturned(Promise<T> returned, PromiseRuntime rt)
    {
        if (returned._status == Status.Fulfilled && _status == Status.Pending)
        {
            FulfillInTail(returned._value, rt);
        }
        else
        {
            Follow(this, returned);
        }
    }

    /// <summary>Fulfills this pending, underlying promise and runs its callbacks.</summary>
    internal void FulfillCore(T value, bool later = false)
    {
        _value = value;
        if (TakeCallbacksFulfilled() is { } callbacks)
        {
            RunCallbacks(callbacks, null, later);
        }
    }

    /// <summary>
    /// A map-like combinator's own result, fulfilled with its function's value as the callback's
    /// last act: through <see cref="FulfillInTail"/> while still pending itself, else (merged into
    /// another promise, or canceled) the way every internal promise resolves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void FulfillMapped(T value, PromiseRuntime rt)
    {
        if (_status == Status.Pending)
        {
            FulfillInTail(value, rt);
        }
        else
        {
            Combinator.Fulfill(this, value, rt);
        }
    }

    /// <summary>
    /// <see cref="FulfillCore(T, PromiseRuntime, bool)"/> as the last act of a callback run by a
    /// resolution loop, which may then run this promise's callbacks itself.
    /// </summary>
    internal void FulfillInTail(T value, PromiseRuntime rt)
    {
        _value = value;
        FulfillUnitInTail(rt);
    }

    /// <summary><see cref="FulfillCore(T, bool)"/> by a caller that holds the owner's runtime (the current one).</summary>
    internal void FulfillCore(T value, PromiseRuntime rt, bool later = false)
    {
        _value = value;
        if (TakeCallbacksFulfilled() is { } callbacks)
        {
            RunCallbacks(callbacks, null, later, rt);
        }
    }

    internal override void ResolveFrom(Promise source)
    {
        if (source._status == Status.Fulfilled)
        {
            FulfillCore(Unsafe.As<Promise<T>>(source)._value);
        }
        else
        {
            RejectCore((Exception)source._payload!);
        }
    }
}
