// Promise.Finalize.cs: Finalize (Lwt's finalize), defined as Lwt defines it: try_bind with a
// success path that runs the finalizer then returns the value, and a failure path that runs it
// then rethrows. A finalizer's own failure replaces the outcome.

using System;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Runs <paramref name="f"/>, then <paramref name="finalizer"/> however <paramref name="f"/>
    /// ends, and returns <paramref name="f"/>'s outcome once the finalizer's promise is fulfilled
    /// (Lwt's <c>finalize</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The computation; an exception it throws counts as a rejection.</param>
    /// <param name="finalizer">Runs after. If <paramref name="f"/>'s promise is already resolved it runs now and its exception escapes; if its promise is rejected, that exception replaces the outcome.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, after the finalizer.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise; the finalizer still runs.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise<T> Finalize<T>(Func<Promise<T>> f, Func<Promise> finalizer)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(finalizer);
        return Guard(f).Finalize(finalizer);
    }

    /// <summary>Lwt's <c>finalize</c> for a computation without a value.</summary>
    /// <param name="f">The computation; an exception it throws counts as a rejection.</param>
    /// <param name="finalizer">Runs after, as in <see cref="Finalize{T}(Func{Promise{T}}, Func{Promise})"/>.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, after the finalizer.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise; the finalizer still runs.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Promise Finalize(Func<Promise> f, Func<Promise> finalizer)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(finalizer);
        return Guard(f).Finalize(finalizer);
    }

    /// <summary>
    /// Runs <paramref name="finalizer"/> once this promise resolves, either way, and then resolves
    /// like this promise (Lwt's <c>finalize</c> with this promise as the computation).
    /// </summary>
    /// <param name="finalizer">Runs after. On an already resolved promise it runs now and its exception escapes; if its promise is rejected, that exception replaces the outcome.</param>
    /// <returns>A promise of this promise's outcome, after the finalizer.</returns>
    /// <remarks>Canceling the result cancels this promise; the finalizer still runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="finalizer"/> is null.</exception>
    public Promise Finalize(Func<Promise> finalizer)
    {
        ArgumentNullException.ThrowIfNull(finalizer);
        return TryBind(
            () => (finalizer() ?? NullPromise<bool>("Promise.Finalize")).Map(static () => true),
            e => (finalizer() ?? NullPromise<bool>("Promise.Finalize")).Bind(() => Fail<bool>(e)));
    }
}

public partial class Promise<T>
{
    /// <summary>
    /// Runs <paramref name="finalizer"/> once this promise resolves, either way, and then resolves
    /// like this promise (Lwt's <c>finalize</c> with this promise as the computation).
    /// </summary>
    /// <param name="finalizer">Runs after. On an already resolved promise it runs now and its exception escapes; if its promise is rejected, that exception replaces the outcome.</param>
    /// <returns>A promise of this promise's outcome, after the finalizer.</returns>
    /// <remarks>Canceling the result cancels this promise; the finalizer still runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="finalizer"/> is null.</exception>
    public new Promise<T> Finalize(Func<Promise> finalizer)
    {
        ArgumentNullException.ThrowIfNull(finalizer);
        return TryBind(
            v => (finalizer() ?? NullPromise<bool>("Promise<T>.Finalize")).Map(() => v),
            e => (finalizer() ?? NullPromise<bool>("Promise<T>.Finalize")).Bind(() => Fail<T>(e)));
    }
}
