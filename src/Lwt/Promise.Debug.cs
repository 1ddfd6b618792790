// Promise.Debug.cs: Lwt's leftovers for debugging and shutdown: debug_state_is and
// abandon_wakeups.

using System;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Forgets every callback that was deferred (by <see cref="Resolver.ResolveLater"/> or the stack
    /// guard) and resets the nesting depth of this thread (Lwt's <c>abandon_wakeups</c>). For
    /// shutting down from inside a callback; the abandoned callbacks never run.
    /// </summary>
    public static void AbandonWakeups() => PromiseRuntime.Current.Abandon();

    /// <summary>A promise of whether this promise is in <paramref name="state"/> now (Lwt's <c>debug_state_is</c>).</summary>
    /// <param name="state">The state expected.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    public Promise<bool> DebugStateIs(PromiseState state) => State == state ? True : False;
}

public partial class Promise<T>
{
    /// <summary>A promise of whether this promise is fulfilled with <paramref name="value"/> now (Lwt's <c>debug_state_is (Return v)</c>).</summary>
    /// <param name="value">The value expected.</param>
    /// <returns><see cref="Promise.True"/> or <see cref="Promise.False"/>.</returns>
    public Promise<bool> DebugStateIs(T value) =>
        TryPeek(out T v) && System.Collections.Generic.EqualityComparer<T>.Default.Equals(v, value) ? True : False;

    private bool TryPeek(out T value)
    {
        Promise u = Underlying();
        value = u._status == Status.Fulfilled ? System.Runtime.CompilerServices.Unsafe.As<Promise<T>>(u)._value : default!;
        return u._status == Status.Fulfilled;
    }
}
