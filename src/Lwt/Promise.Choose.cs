// Promise.Choose.cs: Choose, Pick, NChoose, NPick and NChooseSplit (LWT-SEMANTICS.md 2.5).
// Choose-like results register one removable callback (the result itself) on every input; the
// first input to resolve detaches it from the others, so long-lived inputs used in many
// choose/pick loops do not collect dead callbacks (Lwt's deferred cleanup). Among inputs that
// are already resolved, a rejected one is preferred, then one is drawn at random from a
// generator with a fixed seed, as Lwt does. Pick and NPick cancel every input before resolving.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// The first input to resolve (Lwt's <c>choose</c>, <c>&lt;?&gt;</c>). If some are already
    /// resolved, one of those is returned (a rejected one if any, else one at random), the input
    /// object itself. The other inputs are not canceled (see <see cref="Pick{T}(ReadOnlySpan{Promise{T}})"/>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the first input to resolve.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<T> Choose<T>(params ReadOnlySpan<Promise<T>> promises) => ChooseTyped(promises, owned: null, pick: false);

    /// <summary>Lwt's <c>choose</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the first input to resolve.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise<T> Choose<T>(IEnumerable<Promise<T>> promises)
    {
        Promise<T>[] inputs = Materialize(promises);
        return ChooseTyped<T>(inputs, inputs, pick: false);
    }

    /// <summary>Lwt's <c>choose</c> for promises without a value (or of different types).</summary>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the first input to resolve.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise Choose(params ReadOnlySpan<Promise> promises) =>
        ChooseCore(promises, owned: null, pick: false, static (inputs, pick) => new ChooseUnitPromise(inputs, pick));

    /// <summary>
    /// The first input to resolve, canceling all the others (Lwt's <c>pick</c>): once one
    /// resolves, every input is canceled first, then the result resolves. If some are already
    /// resolved, one of those is chosen as in <see cref="Choose{T}(ReadOnlySpan{Promise{T}})"/>
    /// and the rest are canceled.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the winner.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<T> Pick<T>(params ReadOnlySpan<Promise<T>> promises) => ChooseTyped(promises, owned: null, pick: true);

    /// <summary>Lwt's <c>pick</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the winner.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise<T> Pick<T>(IEnumerable<Promise<T>> promises)
    {
        Promise<T>[] inputs = Materialize(promises);
        return ChooseTyped<T>(inputs, inputs, pick: true);
    }

    /// <summary>Lwt's <c>pick</c> for promises without a value (or of different types, such as a read and a timeout).</summary>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise resolved like the winner.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise Pick(params ReadOnlySpan<Promise> promises) =>
        ChooseCore(promises, owned: null, pick: true, static (inputs, pick) => new ChooseUnitPromise(inputs, pick));

    /// <summary>
    /// The values of every input fulfilled by the time the first one resolves, in input order
    /// (Lwt's <c>nchoose</c>); rejected with the first rejected input, in order, if any.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<T[]> NChoose<T>(params ReadOnlySpan<Promise<T>> promises) => NChooseCore(promises, owned: null, pick: false);

    /// <summary>Lwt's <c>nchoose</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise<T[]> NChoose<T>(IEnumerable<Promise<T>> promises)
    {
        Promise<T>[] inputs = Materialize(promises);
        return NChooseCore<T>(inputs, inputs, pick: false);
    }

    /// <summary>
    /// Like <see cref="NChoose{T}(ReadOnlySpan{Promise{T}})"/>, and cancels every input before
    /// resolving (Lwt's <c>npick</c>).
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<T[]> NPick<T>(params ReadOnlySpan<Promise<T>> promises) => NChooseCore(promises, owned: null, pick: true);

    /// <summary>Lwt's <c>npick</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise<T[]> NPick<T>(IEnumerable<Promise<T>> promises)
    {
        Promise<T>[] inputs = Materialize(promises);
        return NChooseCore<T>(inputs, inputs, pick: true);
    }

    /// <summary>
    /// Once at least one input has resolved: the values of the fulfilled inputs and the inputs
    /// still pending, both in input order (Lwt's <c>nchoose_split</c>); rejected with the first
    /// rejected input if any.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values and of the pending inputs.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<(T[] Fulfilled, Promise<T>[] Pending)> NChooseSplit<T>(params ReadOnlySpan<Promise<T>> promises) =>
        NChooseSplitCore(promises, owned: null);

    /// <summary>Lwt's <c>nchoose_split</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values and of the pending inputs.</returns>
    /// <exception cref="ArgumentException"><paramref name="promises"/> is empty.</exception>
    public static Promise<(T[] Fulfilled, Promise<T>[] Pending)> NChooseSplit<T>(IEnumerable<Promise<T>> promises)
    {
        Promise<T>[] inputs = Materialize(promises);
        return NChooseSplitCore<T>(inputs, inputs);
    }

    // The IEnumerable overloads pass the array they made as `owned`, which the cores keep
    // instead of copying the inputs a second time.
    private static Promise<T> ChooseTyped<T>(ReadOnlySpan<Promise<T>> promises, Promise<T>[]? owned, bool pick) =>
        (Promise<T>)ChooseCore(promises, owned, pick, static (inputs, pick) => new ChoosePromise<T>(inputs, pick));

    private static Promise<(T[] Fulfilled, Promise<T>[] Pending)> NChooseSplitCore<T>(ReadOnlySpan<Promise<T>> promises, Promise<T>[]? owned)
    {
        Promise<T>[] inputs = CheckInputs(promises, owned, "Promise.NChooseSplit");
        if (AnyResolved(inputs))
        {
            return NChooseSplitPromise<T>.Outcome(inputs);
        }

        var p = new NChooseSplitPromise<T>(inputs);
        ChooseLogic.Attach(p, inputs);
        return p;
    }

    private static Promise ChooseCore<TPromise>(
        ReadOnlySpan<TPromise> promises, TPromise[]? owned, bool pick, Func<Promise[], bool, Promise> make)
        where TPromise : Promise
    {
        Promise[] inputs = CheckInputs(promises, owned, pick ? "Promise.Pick" : "Promise.Choose");
        if (AnyResolved(inputs))
        {
            Promise chosen = ChooseLogic.ChooseResolved(inputs);
            if (pick)
            {
                ChooseLogic.CancelAll(inputs);
            }

            return chosen;
        }

        Promise result = make(inputs, pick);
        ChooseLogic.Attach((ICallback)result, inputs);
        return result;
    }

    private static Promise<T[]> NChooseCore<T>(ReadOnlySpan<Promise<T>> promises, Promise<T>[]? owned, bool pick)
    {
        Promise<T>[] inputs = CheckInputs(promises, owned, pick ? "Promise.NPick" : "Promise.NChoose");
        if (AnyResolved(inputs))
        {
            // Lwt decides the outcome first: the inputs it is about to cancel do not count as rejected.
            Promise<T[]> outcome = NChoosePromise<T>.Outcome(inputs);
            if (pick)
            {
                ChooseLogic.CancelAll(inputs);
            }

            return outcome;
        }

        var p = new NChoosePromise<T>(inputs, pick);
        ChooseLogic.Attach(p, inputs);
        return p;
    }

    private static TPromise[] CheckInputs<TPromise>(ReadOnlySpan<TPromise> promises, TPromise[]? owned, string operation)
        where TPromise : Promise
    {
        if (promises.IsEmpty)
        {
            ThrowHelper.Empty(operation, nameof(promises));
        }

        Scan(promises, out _, operation);
        return owned ?? promises.ToArray();
    }

    private static bool AnyResolved(Promise[] inputs)
    {
        foreach (Promise p in inputs)
        {
            if (p.Underlying()._status != Status.Pending)
            {
                return true;
            }
        }

        return false;
    }
}

public partial class Promise<T>
{
    /// <summary>Chooses between two promises (Lwt's <c>&lt;?&gt;</c>): <c>a | b</c> is <c>Promise.Choose(a, b)</c>.</summary>
    /// <param name="left">The first input.</param>
    /// <param name="right">The second input.</param>
    /// <returns>A promise resolved like the first input to resolve.</returns>
    public static Promise<T> operator |(Promise<T> left, Promise<T> right) => Choose(left, right);

    /// <summary>Chooses between two promises; the named form of <c>|</c>.</summary>
    /// <param name="left">The first input.</param>
    /// <param name="right">The second input.</param>
    /// <returns>A promise resolved like the first input to resolve.</returns>
#pragma warning disable CA1000 // The named alternate of an operator lives on the operator's type.
    public static Promise<T> BitwiseOr(Promise<T> left, Promise<T> right) => Choose(left, right);
#pragma warning restore CA1000
}

/// <summary>What the choose family shares.</summary>
internal static class ChooseLogic
{
    internal static void Attach(ICallback callback, Promise[] inputs)
    {
        foreach (Promise p in inputs)
        {
            p.Underlying().AddCallback(callback);
        }
    }

    /// <summary>Takes the callback off every input still pending once it has fired.</summary>
    internal static void Detach(ICallback callback, Promise[] inputs)
    {
        foreach (Promise p in inputs)
        {
            Promise u = p.Underlying();
            if (u._status == Promise.Status.Pending)
            {
                u._payload = CallbackList.Detached(u._payload, callback);
            }
        }
    }

    /// <summary>
    /// The first input resolved: takes the callback off the others, cancels them all for a pick
    /// (before resolving, as Lwt does), then resolves the result like <paramref name="source"/>.
    /// </summary>
    internal static void Settle(Promise result, ICallback callback, Promise[] inputs, bool pick, Promise source)
    {
        Detach(callback, inputs);
        if (pick)
        {
            CancelAll(inputs);
        }

        Combinator.ResolveFrom(result, source);
    }

    internal static void CancelAll(Promise[] inputs)
    {
        foreach (Promise p in inputs)
        {
            Promise u = p.Underlying();
            if (u._status == Promise.Status.Pending)
            {
                Promise.CancelCore(u);
            }
        }
    }

    /// <summary>Among resolved inputs: a rejected one if any (Lwt 5.6), else one at random; the input object itself.</summary>
    internal static Promise ChooseResolved(Promise[] inputs)
    {
        int rejected = 0;
        int fulfilled = 0;
        foreach (Promise p in inputs)
        {
            Promise.Status s = p.Underlying()._status;
            if (s == Promise.Status.Rejected)
            {
                rejected++;
            }
            else if (s == Promise.Status.Fulfilled)
            {
                fulfilled++;
            }
        }

        Promise.Status wanted = rejected > 0 ? Promise.Status.Rejected : Promise.Status.Fulfilled;
        int n = PromiseRuntime.Current.Random.Next(rejected > 0 ? rejected : fulfilled);
        foreach (Promise p in inputs)
        {
            if (p.Underlying()._status == wanted && n-- == 0)
            {
                return p;
            }
        }

        throw new InvalidOperationException("unreachable: no resolved input");
    }
}

/// <summary>The pending result of Choose or Pick of promises of a value.</summary>
internal sealed class ChoosePromise<T>(Promise[] inputs, bool pick)
    : Promise<T>(CancelKind.Many, inputs), IRemovableCallback
{
    private bool _fired;

    public bool IsDetached => _fired;

    public void OnResolved(Promise source)
    {
        if (_fired)
        {
            return;
        }

        _fired = true;
        ChooseLogic.Settle(this, this, inputs, pick, source);
    }
}

/// <summary>The pending result of Choose or Pick of promises without a value.</summary>
internal sealed class ChooseUnitPromise(Promise[] inputs, bool pick)
    : Promise(CancelKind.Many, inputs), IRemovableCallback
{
    private bool _fired;

    public bool IsDetached => _fired;

    public void OnResolved(Promise source)
    {
        if (_fired)
        {
            return;
        }

        _fired = true;
        ChooseLogic.Settle(this, this, inputs, pick, source);
    }
}

/// <summary>The pending result of NChoose or NPick.</summary>
internal sealed class NChoosePromise<T>(Promise<T>[] inputs, bool pick)
    : Promise<T[]>(CancelKind.Many, inputs), IRemovableCallback
{
    private bool _fired;

    public bool IsDetached => _fired;

    /// <summary>Lwt's rescan: the first rejected input in order, else every fulfilled value in order.</summary>
    internal static Promise<T[]> Outcome(Promise<T>[] inputs)
    {
        var values = new List<T>();
        foreach (Promise<T> p in inputs)
        {
            Promise u = p.Underlying();
            if (u._status == Status.Rejected)
            {
                return new Promise<T[]>((Exception)u._payload!);
            }

            if (u._status == Status.Fulfilled)
            {
                values.Add(Unsafe.As<Promise<T>>(u)._value);
            }
        }

        return new Promise<T[]>(values.ToArray());
    }

    public void OnResolved(Promise source)
    {
        if (_fired)
        {
            return;
        }

        _fired = true;
        ChooseLogic.Detach(this, inputs);
        Promise<T[]> outcome = Outcome(inputs);
        if (pick)
        {
            ChooseLogic.CancelAll(inputs);
        }

        Combinator.ResolveFrom(this, outcome);
    }
}

/// <summary>The pending result of NChooseSplit.</summary>
internal sealed class NChooseSplitPromise<T>(Promise<T>[] inputs)
    : Promise<(T[] Fulfilled, Promise<T>[] Pending)>(CancelKind.Many, inputs), IRemovableCallback
{
    private bool _fired;

    public bool IsDetached => _fired;

    internal static Promise<(T[] Fulfilled, Promise<T>[] Pending)> Outcome(Promise<T>[] inputs)
    {
        var values = new List<T>();
        var pending = new List<Promise<T>>();
        foreach (Promise<T> p in inputs)
        {
            Promise u = p.Underlying();
            switch (u._status)
            {
                case Status.Rejected:
                    return new Promise<(T[], Promise<T>[])>((Exception)u._payload!);
                case Status.Fulfilled:
                    values.Add(Unsafe.As<Promise<T>>(u)._value);
                    break;
                default:
                    pending.Add(p);
                    break;
            }
        }

        return new Promise<(T[], Promise<T>[])>((values.ToArray(), pending.ToArray()));
    }

    public void OnResolved(Promise source)
    {
        if (_fired)
        {
            return;
        }

        _fired = true;
        ChooseLogic.Detach(this, inputs);
        Combinator.ResolveFrom(this, Outcome(inputs));
    }
}
