// Promise.Debug.cs: Lwt's leftovers for debugging and shutdown: debug_state_is and
// abandon_wakeups.

using System;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Leaves the resolution loop this code runs in (Lwt's <c>abandon_wakeups</c>), for shutting
    /// down from inside a callback: from the outermost loop it first runs the callbacks deferred
    /// so far (by <see cref="Resolver.ResolveLater"/> or the stack guard), then the thread counts
    /// one loop less and its sequence-associated storage is empty. Outside any loop it does
    /// nothing. As in Lwt, the loop's own frame still leaves when it returns, so afterwards the
    /// thread's count of loops is one too low and <see cref="Resolver.ResolveLater"/> no longer
    /// defers at the top level.
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
