// Promise.Wrap.cs: Apply and Wrap (Lwt's apply, wrap and wrap1..wrap7): call a function and
// turn whatever it throws into a rejected promise, so that callers deal with one error path.

using System;

namespace Lwt;

public partial class Promise
{
    /// <summary>Calls <paramref name="f"/> with <paramref name="arg"/>; an exception it throws becomes a rejected promise (Lwt's <c>apply</c>).</summary>
    /// <typeparam name="TArg">The type of the argument.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg">The argument.</param>
    /// <returns>What <paramref name="f"/> returns, or a promise rejected with its exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Apply<TArg, TResult>(Func<TArg, Promise<TResult>> f, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return f(arg) ?? NullPromise<TResult>("Promise.Apply");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/>; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap</c>).</summary>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<TResult>(Func<TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f());
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/>; returns a fulfilled promise, or one rejected with its exception (Lwt's <c>wrap</c> of a unit function).</summary>
    /// <param name="f">The function.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise Wrap(Action f)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            f();
            return Unit;
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 1 argument; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap1</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, TResult>(Func<T1, TResult> f, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 2 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap2</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, TResult>(Func<T1, T2, TResult> f, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 3 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap3</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> f, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2, arg3));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 4 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap4</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> f, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2, arg3, arg4));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 5 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap5</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="T5">The type of argument 5.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> f, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2, arg3, arg4, arg5));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 6 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap6</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="T5">The type of argument 5.</typeparam>
    /// <typeparam name="T6">The type of argument 6.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> f, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2, arg3, arg4, arg5, arg6));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }

    /// <summary>Calls <paramref name="f"/> with 7 arguments; its value becomes a fulfilled promise and its exception a rejected one (Lwt's <c>wrap7</c>).</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="T5">The type of argument 5.</typeparam>
    /// <typeparam name="T6">The type of argument 6.</typeparam>
    /// <typeparam name="T7">The type of argument 7.</typeparam>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <returns>A resolved promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<TResult> Wrap<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, TResult> f, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Return(f(arg1, arg2, arg3, arg4, arg5, arg6, arg7));
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return new Promise<TResult>(e);
        }
    }
}
