// Promise.Catch.cs: Catch and TryBind (Lwt's catch and try_bind). Rules by input state
// (LWT-SEMANTICS.md 1.6): the initial thunk is guarded; on an already resolved input the handler
// runs directly and its exception escapes; on a pending input the result follows what the
// handler returns, and a handler's exception rejects it. A handler sees CanceledException like
// any other exception, so Catch can intercept a cancellation.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Runs <paramref name="f"/> and, if it throws or its promise is rejected, follows what
    /// <paramref name="h"/> returns for the exception (Lwt's <c>catch</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The computation; an exception it throws is caught like a rejection.</param>
    /// <param name="h">The handler. If <paramref name="f"/>'s promise is already rejected, it runs now and its exception escapes.</param>
    /// <returns><paramref name="f"/>'s promise itself if it is fulfilled; otherwise as <see cref="Promise{T}.Catch(Func{Exception, Promise{T}})"/>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T> Catch<T>(Func<Promise<T>> f, Func<Exception, Promise<T>> h)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(h);
        return Guard(f).Catch(h);
    }

    /// <summary>Runs <paramref name="f"/> and, if it throws or its promise is rejected, follows what <paramref name="h"/> returns (Lwt's <c>catch</c>).</summary>
    /// <param name="f">The computation; an exception it throws is caught like a rejection.</param>
    /// <param name="h">The handler. If <paramref name="f"/>'s promise is already rejected, it runs now and its exception escapes.</param>
    /// <returns>As <see cref="Catch(Func{Exception, Promise})"/>.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise Catch(Func<Promise> f, Func<Exception, Promise> h)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(h);
        return Guard(f).Catch(h);
    }

    /// <summary>
    /// Runs <paramref name="f"/>; then <paramref name="g"/> if its promise is fulfilled, or
    /// <paramref name="h"/> with the exception if it throws or is rejected (Lwt's <c>try_bind</c>).
    /// </summary>
    /// <typeparam name="T">The type of <paramref name="f"/>'s value.</typeparam>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="f">The computation; an exception it throws is caught like a rejection.</param>
    /// <param name="g">Run with the value. On an already fulfilled promise it runs now and its exception escapes.</param>
    /// <param name="h">Run with the exception. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows what <paramref name="g"/> or <paramref name="h"/> returns.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult> TryBind<T, TResult>(Func<Promise<T>> f, Func<T, Promise<TResult>> g, Func<Exception, Promise<TResult>> h)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(h);
        return Guard(f).TryBind(g, h);
    }

    /// <summary>Lwt's <c>try_bind</c> for a computation without a value.</summary>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="f">The computation; an exception it throws is caught like a rejection.</param>
    /// <param name="g">Run on fulfilment. On an already fulfilled promise it runs now and its exception escapes.</param>
    /// <param name="h">Run with the exception. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows what <paramref name="g"/> or <paramref name="h"/> returns.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<TResult> TryBind<TResult>(Func<Promise> f, Func<Promise<TResult>> g, Func<Exception, Promise<TResult>> h)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(h);
        return Guard(f).TryBind(g, h);
    }

    /// <summary>
    /// Follows this promise, or what <paramref name="h"/> returns for its exception if it is
    /// rejected (Lwt's <c>catch</c> with this promise as the computation).
    /// </summary>
    /// <param name="h">The handler. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>This promise itself if it is fulfilled; otherwise a promise that follows the handler's.</returns>
    /// <remarks>Canceling the result cancels this promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="h"/> is null.</exception>
    public Promise Catch(Func<Exception, Promise> h)
    {
        ArgumentNullException.ThrowIfNull(h);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                return this;
            case Status.Rejected:
                if (!TryEnterDirect(out PromiseRuntime rt))
                {
                    var deferred = new TryBindUnitToUnitPromise(null, h, u, rt);
                    rt.Defer(u, deferred, null);
                    return deferred;
                }

                Promise r;
                try
                {
                    r = h((Exception)u._payload!) ?? NullPromise<bool>("Promise.Catch");
                }
                finally
                {
                    rt.Depth--;
                }

                LeaveDirectAfter(rt);
                return r;
            default:
                var p = new TryBindUnitToUnitPromise(null, h, u, u.CheckThread("Promise.Catch"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Follows what <paramref name="g"/> returns if this promise is fulfilled, or what
    /// <paramref name="h"/> returns for its exception if it is rejected (Lwt's <c>try_bind</c>).
    /// </summary>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="g">Run on fulfilment. On an already fulfilled promise it runs now and its exception escapes.</param>
    /// <param name="h">Run with the exception. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows the handler's.</returns>
    /// <remarks>Canceling the result cancels this promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Promise<TResult> TryBind<TResult>(Func<Promise<TResult>> g, Func<Exception, Promise<TResult>> h)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(h);
        Promise u = Underlying();
        if (u._status == Status.Pending)
        {
            var p = new TryBindUnitPromise<TResult>(g, h, u, u.CheckThread("Promise.TryBind"));
            u.AddCallback(p);
            return p;
        }

        if (!TryEnterDirect(out PromiseRuntime rt))
        {
            var deferred = new TryBindUnitPromise<TResult>(g, h, u, rt);
            rt.Defer(u, deferred, null);
            return deferred;
        }

        Promise<TResult> r;
        try
        {
            r = (u._status == Status.Fulfilled ? g() : h((Exception)u._payload!)) ?? NullPromise<TResult>("Promise.TryBind");
        }
        finally
        {
            rt.Depth--;
        }

        LeaveDirectAfter(rt);
        return r;
    }

    /// <summary>Calls a computation, turning an exception it throws into a rejected promise.</summary>
    internal static Promise<T> Guard<T>(Func<Promise<T>> f)
    {
        try
        {
            return f() ?? NullPromise<T>("the computation");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<T>(e);
        }
    }

    /// <summary>Calls a computation, turning an exception it throws into a rejected promise.</summary>
    internal static Promise Guard(Func<Promise> f)
    {
        try
        {
            return f() ?? NullPromise<bool>("the computation");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise(e);
        }
    }
}

public partial class Promise<T>
{
    /// <summary>
    /// Follows this promise, or what <paramref name="h"/> returns for its exception if it is
    /// rejected (Lwt's <c>catch</c> with this promise as the computation).
    /// </summary>
    /// <param name="h">The handler. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>This promise itself if it is fulfilled; otherwise a promise that follows the handler's.</returns>
    /// <remarks>Canceling the result cancels this promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="h"/> is null.</exception>
    public Promise<T> Catch(Func<Exception, Promise<T>> h)
    {
        ArgumentNullException.ThrowIfNull(h);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Fulfilled:
                return this;
            case Status.Rejected:
                return TryBindDirect(u, null, h);
            default:
                var p = new TryBindPromise<T, T>(null, h, u, u.CheckThread("Promise<T>.Catch"));
                u.AddCallback(p);
                return p;
        }
    }

    /// <summary>
    /// Follows what <paramref name="g"/> returns for the value if this promise is fulfilled, or
    /// what <paramref name="h"/> returns for its exception if it is rejected (Lwt's <c>try_bind</c>).
    /// </summary>
    /// <typeparam name="TResult">The type of the result's value.</typeparam>
    /// <param name="g">Run with the value. On an already fulfilled promise it runs now and its exception escapes.</param>
    /// <param name="h">Run with the exception. On an already rejected promise it runs now and its exception escapes.</param>
    /// <returns>A promise that follows the handler's.</returns>
    /// <remarks>Canceling the result cancels this promise, then the handler's.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Promise<TResult> TryBind<TResult>(Func<T, Promise<TResult>> g, Func<Exception, Promise<TResult>> h)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(h);
        Promise u = Underlying();
        if (u._status == Status.Pending)
        {
            var p = new TryBindPromise<T, TResult>(g, h, u, u.CheckThread("Promise<T>.TryBind"));
            u.AddCallback(p);
            return p;
        }

        return TryBindDirect(u, g, h);
    }

    private static Promise<TResult> TryBindDirect<TResult>(Promise u, Func<T, Promise<TResult>>? g, Func<Exception, Promise<TResult>> h)
    {
        if (!TryEnterDirect(out PromiseRuntime rt))
        {
            var deferred = new TryBindPromise<T, TResult>(g, h, u, rt);
            rt.Defer(u, deferred, null);
            return deferred;
        }

        Promise<TResult> r;
        try
        {
            r = (u._status == Status.Fulfilled ? g!(Unsafe.As<Promise<T>>(u)._value) : h((Exception)u._payload!))
                ?? NullPromise<TResult>("Promise<T>.TryBind");
        }
        finally
        {
            rt.Depth--;
        }

        LeaveDirectAfter(rt);
        return r;
    }
}
