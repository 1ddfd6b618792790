// Promise.Bind.cs: Bind and Map (Lwt's bind and map). LWT-SEMANTICS.md 1.6 gives the rule per
// input state: on a fulfilled input the function runs directly (Bind lets its exception escape,
// Map turns it into a rejection); on a rejected input it does not run; on a pending input the
// result is a new promise that runs the function when the input resolves and then follows (or
// merges with) the promise the function returned.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Runs <paramref name="f"/> once this promise is fulfilled and returns a promise that follows
    /// the one <paramref name="f"/> returns (Lwt's <c>bind</c>, <c>&gt;&gt;=</c>, <c>let*</c>).
    /// </summary>
    /// <typeparam name="TResult">The type of the value of the result.</typeparam>
    /// <param name="f">The continuation.</param>
    /// <returns>
    /// If this promise is already fulfilled, what <paramref name="f"/> returns (same object); an
    /// exception thrown by <paramref name="f"/> then escapes from <c>Bind</c> itself, as in Lwt.
    /// If it is rejected, a promise rejected with the same exception (<paramref name="f"/> is not
    /// called). If it is pending, a new pending promise; an exception from <paramref name="f"/>
    /// later rejects it.
    /// </returns>
    /// <remarks>Canceling the result cancels this promise, and once <paramref name="f"/> has run, the promise it returned.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TResult> Bind<TResult>(Func<Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new BindUnitPromise<TResult>(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise<TResult> r;
                try
                {
                    r = f() ?? NullPromise<TResult>("Promise.Bind");
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise<TResult>((Exception)u._payload!);
            default:
                var p = new BindUnitPromise<TResult>(f, u, u.CheckThread("Promise.Bind"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> once this promise is fulfilled and returns a promise that follows
    /// the one <paramref name="f"/> returns (Lwt's <c>bind</c> on <c>unit Lwt.t</c>).
    /// </summary>
    /// <param name="f">The continuation.</param>
    /// <returns>As <see cref="Bind{TResult}(Func{Promise{TResult}})"/>.</returns>
    /// <remarks>Canceling the result cancels this promise, and once <paramref name="f"/> has run, the promise it returned.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise Bind(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new BindUnitToUnitPromise(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise r;
                try
                {
                    r = f() ?? NullPromise<bool>("Promise.Bind");
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise((Exception)u._payload!);
            default:
                var p = new BindUnitToUnitPromise(f, u, u.CheckThread("Promise.Bind"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Returns a promise of what <paramref name="f"/> returns once this promise is fulfilled
    /// (Lwt's <c>map</c>, <c>&gt;|=</c>, <c>let+</c>). An exception from <paramref name="f"/>
    /// rejects the result; it never escapes from <c>Map</c>.
    /// </summary>
    /// <typeparam name="TResult">The type of the value of the result.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>A promise of <paramref name="f"/>'s value; rejected like this promise if this one is rejected.</returns>
    /// <remarks>Canceling the result cancels this promise.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TResult> Map<TResult>(Func<TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new MapUnitPromise<TResult>(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise<TResult> r;
                try
                {
                    r = Return(f());
                }
                catch (Exception e) when (ExceptionFilter.Handles(e))
                {
                    r = new Promise<TResult>(e);
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise<TResult>((Exception)u._payload!);
            default:
                var p = new MapUnitPromise<TResult>(f, u, u.CheckThread("Promise.Map"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>Leaves a direct frame whose depth was already decremented, draining at the outermost level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LeaveDirectAfter(PromiseRuntime rt)
    {
        if (rt.Depth == 0 && rt.HasDeferred)
        {
            rt.Drain();
        }
    }

    internal static Promise<T> NullPromise<T>(string operation)
    {
        ThrowHelper.NullPromise(operation);
        return null!;
    }
}

public partial class Promise<T>
{
    /// <summary>
    /// Runs <paramref name="f"/> with the value once this promise is fulfilled and returns a promise
    /// that follows the one <paramref name="f"/> returns (Lwt's <c>bind</c>, <c>&gt;&gt;=</c>, <c>let*</c>).
    /// </summary>
    /// <typeparam name="TResult">The type of the value of the result.</typeparam>
    /// <param name="f">The continuation.</param>
    /// <returns>
    /// If this promise is already fulfilled, what <paramref name="f"/> returns (same object); an
    /// exception thrown by <paramref name="f"/> then escapes from <c>Bind</c> itself, as in Lwt.
    /// If it is rejected, a promise rejected with the same exception (<paramref name="f"/> is not
    /// called). If it is pending, a new pending promise; an exception from <paramref name="f"/>
    /// later rejects it.
    /// </returns>
    /// <remarks>Canceling the result cancels this promise, and once <paramref name="f"/> has run, the promise it returned.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TResult> Bind<TResult>(Func<T, Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new BindPromise<T, TResult>(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise<TResult> r;
                try
                {
                    r = f(Unsafe.As<Promise<T>>(u)._value) ?? NullPromise<TResult>("Promise<T>.Bind");
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise<TResult>((Exception)u._payload!);
            default:
                var p = new BindPromise<T, TResult>(f, u, u.CheckThread("Promise<T>.Bind"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> with the value once this promise is fulfilled and returns a promise
    /// that follows the promise without a value that <paramref name="f"/> returns (Lwt's <c>bind</c>).
    /// </summary>
    /// <param name="f">The continuation.</param>
    /// <returns>As <see cref="Bind{TResult}(Func{T, Promise{TResult}})"/>.</returns>
    /// <remarks>Canceling the result cancels this promise, and once <paramref name="f"/> has run, the promise it returned.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise Bind(Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new BindToUnitPromise<T>(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise r;
                try
                {
                    r = f(Unsafe.As<Promise<T>>(u)._value) ?? NullPromise<bool>("Promise<T>.Bind");
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise((Exception)u._payload!);
            default:
                var p = new BindToUnitPromise<T>(f, u, u.CheckThread("Promise<T>.Bind"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Returns a promise of what <paramref name="f"/> returns for the value once this promise is
    /// fulfilled (Lwt's <c>map</c>, <c>&gt;|=</c>, <c>let+</c>). An exception from
    /// <paramref name="f"/> rejects the result; it never escapes from <c>Map</c>.
    /// </summary>
    /// <typeparam name="TResult">The type of the value of the result.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>A promise of <paramref name="f"/>'s value; rejected like this promise if this one is rejected.</returns>
    /// <remarks>Canceling the result cancels this promise.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TResult> Map<TResult>(Func<T, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new MapPromise<T, TResult>(f, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise<TResult> r;
                try
                {
                    r = Return(f(Unsafe.As<Promise<T>>(u)._value));
                }
                catch (Exception e) when (ExceptionFilter.Handles(e))
                {
                    r = new Promise<TResult>(e);
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            case Status.Rejected:
                return new Promise<TResult>((Exception)u._payload!);
            default:
                var p = new MapPromise<T, TResult>(f, u, u.CheckThread("Promise<T>.Map"));
                u.AddCallback(p);
                return p;
        }
    }
}
