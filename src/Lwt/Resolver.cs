// Resolver.cs: the write end of a promise (Lwt's 'a u). A struct around the promise itself, so
// that making a promise and its resolver allocates one object, as in Lwt where both are one cell.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// Resolves a <see cref="Promise"/> without a value (Lwt's <c>unit Lwt.u</c>). Get one from
/// <see cref="Promise.Wait()"/> or <see cref="Promise.Cancelable()"/>.
/// </summary>
/// <remarks>
/// Resolving runs the promise's callbacks at once, on the caller's stack; the <c>…Later</c>
/// forms defer them when called from inside a callback. Resolving a promise that is already
/// resolved throws <see cref="InvalidOperationException"/> and changes nothing, except when the
/// promise was canceled: then it is a silent no-op. Must be called on the promise's thread.
/// </remarks>
public readonly struct Resolver : IEquatable<Resolver>
{
    private readonly Promise? _promise;

    internal Resolver(Promise promise) => _promise = promise;

    /// <summary>The promise this resolver resolves.</summary>
    public Promise Promise => _promise ?? Throw();

    /// <summary>Compares two resolvers.</summary>
    public static bool operator ==(Resolver left, Resolver right) => left.Equals(right);

    /// <summary>Compares two resolvers.</summary>
    public static bool operator !=(Resolver left, Resolver right) => !left.Equals(right);

    /// <summary>Fulfills the promise (Lwt's <c>wakeup</c>), running its callbacks now.</summary>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void Resolve() => Resolve(later: false, "Resolver.Resolve", "Lwt.wakeup");

    /// <summary>
    /// Fulfills the promise (Lwt's <c>wakeup_later</c>): the state changes now, but when called from
    /// inside a callback the promise's callbacks run after the outermost callback returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void ResolveLater() => Resolve(later: true, "Resolver.ResolveLater", "Lwt.wakeup_later");

    /// <summary>Rejects the promise with <paramref name="exception"/> (Lwt's <c>wakeup_exn</c>).</summary>
    /// <param name="exception">The rejection; a <see cref="CanceledException"/> counts as canceling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void Reject(Exception exception) => Reject(exception, later: false, "Resolver.Reject", "Lwt.wakeup_exn");

    /// <summary>Rejects the promise like <see cref="Reject(Exception)"/>, deferring its callbacks inside a callback (Lwt's <c>wakeup_later_exn</c>).</summary>
    /// <param name="exception">The rejection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void RejectLater(Exception exception) => Reject(exception, later: true, "Resolver.RejectLater", "Lwt.wakeup_later_exn");

    /// <summary>Fulfills the promise if it is pending.</summary>
    /// <returns>True if this call resolved it; false if it was already resolved (or canceled).</returns>
    public bool TryResolve()
    {
        Promise? u = Pending("Resolver.TryResolve", out PromiseRuntime rt);
        if (u is null)
        {
            return false;
        }

        u.FulfillUnit(rt);
        return true;
    }

    /// <summary>Rejects the promise if it is pending.</summary>
    /// <param name="exception">The rejection.</param>
    /// <returns>True if this call resolved it; false if it was already resolved (or canceled).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public bool TryReject(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Promise? u = Pending("Resolver.TryReject");
        if (u is null)
        {
            return false;
        }

        u.RejectCore(exception);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Resolver other) => ReferenceEquals(_promise, other._promise);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Resolver r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(_promise);

    private void Resolve(bool later, string operation, string lwtName)
    {
        Promise? u = Pending(operation, out PromiseRuntime rt);
        if (u is not null)
        {
            u.FulfillUnit(rt, later);
        }
        else if (!_promise!.IsCanceled)
        {
            ThrowHelper.AlreadyResolved(operation, lwtName);
        }
    }

    private void Reject(Exception exception, bool later, string operation, string lwtName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Promise? u = Pending(operation);
        if (u is not null)
        {
            u.RejectCore(exception, later);
        }
        else if (!_promise!.IsCanceled)
        {
            ThrowHelper.AlreadyResolved(operation, lwtName);
        }
    }

    /// <summary>The underlying promise if it is pending, else null; checks the thread.</summary>
    private Promise? Pending(string operation) => Pending(operation, out _);

    /// <summary>The underlying promise if it is pending, with the current runtime (its owner), else null.</summary>
    private Promise? Pending(string operation, out PromiseRuntime rt)
    {
        Promise u = (_promise ?? Throw()).Underlying();
        if (u._status != Promise.Status.Pending)
        {
            rt = null!;
            return null;
        }

        rt = u.CheckThread(operation);
        return u;
    }

    private static Promise Throw()
    {
        ThrowHelper.DefaultResolver();
        return null!;
    }
}

/// <summary>
/// Resolves a <see cref="Promise{T}"/> (Lwt's <c>'a Lwt.u</c>). Get one from
/// <see cref="Promise.Wait{T}()"/> or <see cref="Promise.Cancelable{T}()"/>.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>
/// Resolving runs the promise's callbacks at once, on the caller's stack; the <c>…Later</c>
/// forms defer them when called from inside a callback. Resolving a promise that is already
/// resolved throws <see cref="InvalidOperationException"/> and changes nothing, except when the
/// promise was canceled: then it is a silent no-op. Must be called on the promise's thread.
/// </remarks>
public readonly struct Resolver<T> : IEquatable<Resolver<T>>
{
    private readonly Promise<T>? _promise;

    internal Resolver(Promise<T> promise) => _promise = promise;

    /// <summary>The promise this resolver resolves.</summary>
    public Promise<T> Promise => _promise ?? Throw();

    /// <summary>Compares two resolvers.</summary>
    public static bool operator ==(Resolver<T> left, Resolver<T> right) => left.Equals(right);

    /// <summary>Compares two resolvers.</summary>
    public static bool operator !=(Resolver<T> left, Resolver<T> right) => !left.Equals(right);

    /// <summary>Fulfills the promise with <paramref name="value"/> (Lwt's <c>wakeup</c>), running its callbacks now.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void Resolve(T value) => Resolve(value, later: false, "Resolver<T>.Resolve", "Lwt.wakeup");

    /// <summary>
    /// Fulfills the promise (Lwt's <c>wakeup_later</c>): the state changes now, but when called from
    /// inside a callback the promise's callbacks run after the outermost callback returns.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void ResolveLater(T value) => Resolve(value, later: true, "Resolver<T>.ResolveLater", "Lwt.wakeup_later");

    /// <summary>Rejects the promise with <paramref name="exception"/> (Lwt's <c>wakeup_exn</c>).</summary>
    /// <param name="exception">The rejection; a <see cref="CanceledException"/> counts as canceling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void Reject(Exception exception) => Reject(exception, later: false, "Resolver<T>.Reject", "Lwt.wakeup_exn");

    /// <summary>Rejects the promise like <see cref="Reject(Exception)"/>, deferring its callbacks inside a callback (Lwt's <c>wakeup_later_exn</c>).</summary>
    /// <param name="exception">The rejection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void RejectLater(Exception exception) => Reject(exception, later: true, "Resolver<T>.RejectLater", "Lwt.wakeup_later_exn");

    /// <summary>Resolves the promise with an outcome (Lwt's <c>wakeup_result</c>).</summary>
    /// <param name="result">A value or an exception.</param>
    /// <exception cref="ArgumentException"><paramref name="result"/> is an error with a null exception.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void ResolveWith(Result<T, Exception> result)
    {
        if (result.IsOk)
        {
            Resolve(result.Value, later: false, "Resolver<T>.ResolveWith", "Lwt.wakeup_result");
        }
        else
        {
            Reject(result.Error ?? throw new ArgumentException("The error is null.", nameof(result)), later: false, "Resolver<T>.ResolveWith", "Lwt.wakeup_result");
        }
    }

    /// <summary>Resolves the promise with an outcome, deferring callbacks inside a callback (Lwt's <c>wakeup_later_result</c>).</summary>
    /// <param name="result">A value or an exception.</param>
    /// <exception cref="ArgumentException"><paramref name="result"/> is an error with a null exception.</exception>
    /// <exception cref="InvalidOperationException">The promise is already resolved (and not canceled), or this is another thread.</exception>
    public void ResolveLaterWith(Result<T, Exception> result)
    {
        if (result.IsOk)
        {
            Resolve(result.Value, later: true, "Resolver<T>.ResolveLaterWith", "Lwt.wakeup_later_result");
        }
        else
        {
            Reject(result.Error ?? throw new ArgumentException("The error is null.", nameof(result)), later: true, "Resolver<T>.ResolveLaterWith", "Lwt.wakeup_later_result");
        }
    }

    /// <summary>Fulfills the promise if it is pending.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True if this call resolved it; false if it was already resolved (or canceled).</returns>
    public bool TryResolve(T value)
    {
        Promise<T>? u = Pending("Resolver<T>.TryResolve", out PromiseRuntime rt);
        if (u is null)
        {
            return false;
        }

        u.FulfillCore(value, rt);
        return true;
    }

    /// <summary>Rejects the promise if it is pending.</summary>
    /// <param name="exception">The rejection.</param>
    /// <returns>True if this call resolved it; false if it was already resolved (or canceled).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public bool TryReject(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Promise<T>? u = Pending("Resolver<T>.TryReject");
        if (u is null)
        {
            return false;
        }

        u.RejectCore(exception);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Resolver<T> other) => ReferenceEquals(_promise, other._promise);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Resolver<T> r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(_promise);

    private void Resolve(T value, bool later, string operation, string lwtName)
    {
        Promise<T>? u = Pending(operation, out PromiseRuntime rt);
        if (u is not null)
        {
            u.FulfillCore(value, rt, later);
        }
        else if (!_promise!.IsCanceled)
        {
            ThrowHelper.AlreadyResolved(operation, lwtName);
        }
    }

    private void Reject(Exception exception, bool later, string operation, string lwtName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Promise<T>? u = Pending(operation);
        if (u is not null)
        {
            u.RejectCore(exception, later);
        }
        else if (!_promise!.IsCanceled)
        {
            ThrowHelper.AlreadyResolved(operation, lwtName);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Promise<T>? Pending(string operation) => Pending(operation, out _);

    /// <summary>The underlying promise if it is pending, with the current runtime (its owner), else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Promise<T>? Pending(string operation, out PromiseRuntime rt)
    {
        Promise u = (_promise ?? Throw()).Underlying();
        if (u._status != Lwt.Promise.Status.Pending)
        {
            rt = null!;
            return null;
        }

        rt = u.CheckThread(operation);
        return Unsafe.As<Promise<T>>(u);
    }

    private static Promise<T> Throw()
    {
        ThrowHelper.DefaultResolver();
        return null!;
    }
}
