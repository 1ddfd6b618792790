// Switch.cs: Lwt's Lwt_switch, a handle that groups the clean-up of resources. Code that opens a
// resource registers a hook on the switch; turning the switch off runs every hook once. A switch
// goes from on to off exactly once; afterwards it refuses new hooks (Lwt's Off).

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Lwt;

/// <summary>
/// A switch (Lwt's <c>Lwt_switch</c>): resources register clean-up hooks on it, and turning it off
/// runs them all. Lwt passes <c>switch option</c>; in C# a method that takes an optional switch
/// takes a <c>Switch?</c>, and <c>sw?.AddHook(h)</c> does nothing for a missing one, as Lwt's
/// <c>None</c> does.
/// </summary>
/// <example>
/// <code>
/// Promise&lt;string&gt; text = Switch.With(sw =>
/// {
///     var file = OpenFile(path);
///     sw.AddHook(() => file.CloseAsync());
///     return ReadAll(file);
/// }); // the file is closed however ReadAll ends
/// </code>
/// </example>
public sealed class Switch : IAsyncDisposable
{
    // Hooks in registration order; null once the switch is off.
    private List<Func<Promise>>? _hooks = [];

    /// <summary>True until the switch is turned off (Lwt's <c>is_on</c>).</summary>
    public bool IsOn => _hooks is not null;

    /// <summary>
    /// Throws <see cref="SwitchOffException"/> if <paramref name="sw"/> is off (Lwt's
    /// <c>check</c>); does nothing for an on switch or a null one.
    /// </summary>
    /// <param name="sw">The switch, or null for none.</param>
    /// <exception cref="SwitchOffException"><paramref name="sw"/> is off.</exception>
    public static void Check(Switch? sw)
    {
        if (sw is { IsOn: false })
        {
            throw new SwitchOffException();
        }
    }

    /// <summary>
    /// Makes a switch, runs <paramref name="f"/> with it, and turns it off however
    /// <paramref name="f"/> ends (Lwt's <c>with_switch</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The computation; an exception it throws counts as a rejection.</param>
    /// <returns>
    /// A promise of <paramref name="f"/>'s outcome, resolved once every hook has finished. If a hook
    /// fails, its exception replaces the outcome.
    /// </returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise; the switch is still turned off.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<T> With<T>(Func<Switch, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var sw = new Switch();
        return Promise.Finalize(() => f(sw), sw.TurnOff);
    }

    /// <summary>Lwt's <c>with_switch</c> for a computation without a value; see <see cref="With{T}"/>.</summary>
    /// <param name="f">The computation; an exception it throws counts as a rejection.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, resolved once every hook has finished.</returns>
    /// <remarks>Canceling the result cancels <paramref name="f"/>'s promise; the switch is still turned off.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise With(Func<Switch, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var sw = new Switch();
        return Promise.Finalize(() => f(sw), sw.TurnOff);
    }

    /// <summary>Registers <paramref name="hook"/> to run when the switch is turned off (Lwt's <c>add_hook</c>).</summary>
    /// <param name="hook">The clean-up.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
    /// <exception cref="SwitchOffException">The switch is already off; the hook is not run.</exception>
    public void AddHook(Func<Promise> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_hooks ?? throw new SwitchOffException()).Add(hook);
    }

    /// <summary>
    /// Registers <paramref name="hook"/> like <see cref="AddHook"/> if the switch is on; if it is
    /// already off, runs it now (Lwt's <c>add_hook_or_exec</c>).
    /// </summary>
    /// <param name="hook">The clean-up.</param>
    /// <returns>
    /// A fulfilled promise if the hook was registered; otherwise the hook's promise. An exception
    /// thrown by the hook becomes a rejected promise (Lwt would let it escape).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
    public Promise AddHookOrExec(Func<Promise> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (_hooks is null)
        {
            return Promise.Guard(hook);
        }

        _hooks.Add(hook);
        return Promise.Unit;
    }

    /// <summary>
    /// Turns the switch off (Lwt's <c>turn_off</c>) and runs its hooks, all at once, the last
    /// registered first, then waits for all of them. Turning off a switch that is already off does
    /// nothing and returns a fulfilled promise.
    /// </summary>
    /// <returns>
    /// A promise fulfilled once every hook's promise is fulfilled. If a hook throws or is rejected,
    /// the promise is rejected with that exception, but only after every hook has finished.
    /// </returns>
    /// <remarks>Canceling the result cancels the hooks' promises; the switch stays off.</remarks>
    public Promise TurnOff()
    {
        List<Func<Promise>>? hooks = _hooks;
        if (hooks is null)
        {
            return Promise.Unit;
        }

        _hooks = null;

        // Lwt keeps hooks newest first and starts them in that order; the join reports the first
        // rejection in the same order.
        var running = new Promise[hooks.Count];
        for (int i = 0; i < running.Length; i++)
        {
            running[i] = Promise.Guard(hooks[hooks.Count - 1 - i]);
        }

        return Promise.Join(running);
    }

    /// <summary>
    /// Turns the switch off (<see cref="TurnOff"/>), so that <c>await using var sw = new Switch();</c>
    /// cleans up at the end of the scope.
    /// </summary>
    /// <returns>
    /// A value task that completes when the hooks have finished; it is already complete when they
    /// finish at once. A hook's failure faults it.
    /// </returns>
    /// <remarks>
    /// When a hook is still running, the value task completes when the promise resolves, which
    /// needs the event loop that resolves it. Awaiting it in an <c>async Promise</c> method on the
    /// loop is fine; blocking on it (<c>.GetAwaiter().GetResult()</c>) on the loop's own thread
    /// deadlocks.
    /// </remarks>
    public ValueTask DisposeAsync() => TurnOff().AsValueTask();
}
