// AsyncPromiseMethodBuilder.cs: the builders behind `async Promise` and `async Promise<T>`.
// A method that completes without suspending allocates nothing (Promise) or only its result
// (Promise<T>; cached for small values); the first suspension boxes the state machine into an
// AsyncMethodPromise, which is the method's promise from then on.

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt.CompilerServices;

/// <summary>Builds the <see cref="Promise"/> of an <c>async Promise</c> method. Used by the compiler; not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct AsyncPromiseMethodBuilder
{
    private Promise? _promise;

    /// <summary>The method's promise: pending while it is suspended, then fulfilled or rejected.</summary>
    public Promise Task => _promise ??= new Promise(Promise.CancelKind.NotCancelable, null);

    /// <summary>Makes a builder.</summary>
    /// <returns>The builder.</returns>
    public static AsyncPromiseMethodBuilder Create() => default;

#pragma warning disable CA1822 // The compiler calls these as instance methods.
    /// <summary>Runs the method up to its first suspension.</summary>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="stateMachine">The state machine.</param>
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    /// <summary>Not used: the state machine is boxed by the builder itself.</summary>
    /// <param name="stateMachine">Ignored.</param>
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }
#pragma warning restore CA1822

    /// <summary>Completes the method's promise.</summary>
    public void SetResult()
    {
        if (_promise is null)
        {
            _promise = Promise.Unit;
        }
        else
        {
            Combinator.FulfillUnit(_promise);
        }
    }

    /// <summary>Rejects the method's promise with the exception the method threw.</summary>
    /// <param name="exception">The exception.</param>
    public void SetException(Exception exception)
    {
        if (_promise is null)
        {
            _promise = new Promise(exception);
        }
        else
        {
            Combinator.Reject(_promise, exception);
        }
    }

    /// <summary>Suspends the method until <paramref name="awaiter"/> completes.</summary>
    /// <typeparam name="TAwaiter">The awaiter.</typeparam>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="awaiter">The awaiter.</param>
    /// <param name="stateMachine">The state machine.</param>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        GetBox(ref stateMachine).AwaitOnCompleted(ref awaiter);

    /// <summary>Suspends the method until <paramref name="awaiter"/> completes.</summary>
    /// <typeparam name="TAwaiter">The awaiter.</typeparam>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="awaiter">The awaiter.</param>
    /// <param name="stateMachine">The state machine.</param>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        GetBox(ref stateMachine).AwaitUnsafeOnCompleted(ref awaiter);

    private AsyncMethodPromise<TStateMachine> GetBox<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (_promise is AsyncMethodPromise<TStateMachine> box)
        {
            return box;
        }

        box = new AsyncMethodPromise<TStateMachine>();

        // `this` lives inside stateMachine: set it before the copy so the boxed copy knows its box.
        _promise = box;
        box.StateMachine = stateMachine;
        return box;
    }
}

/// <summary>Builds the <see cref="Promise{T}"/> of an <c>async Promise&lt;T&gt;</c> method. Used by the compiler; not for direct use.</summary>
/// <typeparam name="T">The type of the method's value.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct AsyncPromiseMethodBuilder<T>
{
    private Promise<T>? _promise;

    /// <summary>The method's promise: pending while it is suspended, then fulfilled or rejected.</summary>
    public Promise<T> Task => _promise ??= new Promise<T>(Promise.CancelKind.NotCancelable, null);

    /// <summary>Makes a builder.</summary>
    /// <returns>The builder.</returns>
#pragma warning disable CA1000 // The compiler requires a static Create on the builder type.
    public static AsyncPromiseMethodBuilder<T> Create() => default;
#pragma warning restore CA1000

#pragma warning disable CA1822 // The compiler calls these as instance methods.
    /// <summary>Runs the method up to its first suspension.</summary>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="stateMachine">The state machine.</param>
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    /// <summary>Not used: the state machine is boxed by the builder itself.</summary>
    /// <param name="stateMachine">Ignored.</param>
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }
#pragma warning restore CA1822

    /// <summary>Fulfills the method's promise with its value.</summary>
    /// <param name="result">The value.</param>
    public void SetResult(T result)
    {
        if (_promise is null)
        {
            _promise = Promise.Return(result);
        }
        else
        {
            Combinator.Fulfill(_promise, result);
        }
    }

    /// <summary>Rejects the method's promise with the exception the method threw.</summary>
    /// <param name="exception">The exception.</param>
    public void SetException(Exception exception)
    {
        if (_promise is null)
        {
            _promise = new Promise<T>(exception);
        }
        else
        {
            Combinator.Reject(_promise, exception);
        }
    }

    /// <summary>Suspends the method until <paramref name="awaiter"/> completes.</summary>
    /// <typeparam name="TAwaiter">The awaiter.</typeparam>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="awaiter">The awaiter.</param>
    /// <param name="stateMachine">The state machine.</param>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        GetBox(ref stateMachine).AwaitOnCompleted(ref awaiter);

    /// <summary>Suspends the method until <paramref name="awaiter"/> completes.</summary>
    /// <typeparam name="TAwaiter">The awaiter.</typeparam>
    /// <typeparam name="TStateMachine">The compiler's state machine.</typeparam>
    /// <param name="awaiter">The awaiter.</param>
    /// <param name="stateMachine">The state machine.</param>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        GetBox(ref stateMachine).AwaitUnsafeOnCompleted(ref awaiter);

    private AsyncMethodPromise<TStateMachine, T> GetBox<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (_promise is AsyncMethodPromise<TStateMachine, T> box)
        {
            return box;
        }

        box = new AsyncMethodPromise<TStateMachine, T>();

        // `this` lives inside stateMachine: set it before the copy so the boxed copy knows its box.
        _promise = box;
        box.StateMachine = stateMachine;
        return box;
    }
}
