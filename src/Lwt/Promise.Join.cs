// Promise.Join.cs: Join, All and Both (Lwt's join, all and both; LWT-SEMANTICS.md 2.5). They
// wait for every input, never resolving early on a rejection; the exception reported is the
// first input already rejected at call time (in order), else the first to be rejected later.
// Canceling the result cancels every input, in order.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// A promise fulfilled once every input is fulfilled (Lwt's <c>join</c>, <c>&lt;&amp;&gt;</c>).
    /// It waits for all inputs even after one is rejected, then is rejected with the first
    /// rejection (inputs already rejected count first, in order). An empty list gives a fulfilled promise.
    /// </summary>
    /// <param name="promises">The inputs; the same promise may appear twice.</param>
    /// <returns>The joined promise.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise Join(params ReadOnlySpan<Promise> promises) => JoinCore(promises, owned: null);

    /// <summary>Lwt's <c>join</c> over a sequence.</summary>
    /// <param name="promises">The inputs.</param>
    /// <returns>The joined promise.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="promises"/> or an input is null.</exception>
    public static Promise Join(IEnumerable<Promise> promises)
    {
        Promise[] inputs = Materialize(promises);
        return JoinCore(inputs, inputs);
    }

    private static Promise JoinCore(ReadOnlySpan<Promise> promises, Promise[]? owned)
    {
        int pending = Scan(promises, out Exception? firstRejected, "Promise.Join");
        if (pending == 0)
        {
            return firstRejected is null ? Unit : new Promise(firstRejected);
        }

        var join = new JoinPromise(owned ?? promises.ToArray(), pending, firstRejected);
        join.Attach();
        return join;
    }

    /// <summary>
    /// A promise of every input's value, in input order, once all are fulfilled (Lwt's <c>all</c>).
    /// Rejected like <see cref="Join(ReadOnlySpan{Promise})"/>, after every input resolves.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<T[]> All<T>(params ReadOnlySpan<Promise<T>> promises) => AllCore(promises.ToArray());

    /// <summary>Lwt's <c>all</c> over a sequence.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="promises">The inputs.</param>
    /// <returns>A promise of the values.</returns>
    /// <remarks>Canceling the result cancels every input.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="promises"/> or an input is null.</exception>
    public static Promise<T[]> All<T>(IEnumerable<Promise<T>> promises) => AllCore(Materialize(promises));

    private static Promise<T[]> AllCore<T>(Promise<T>[] inputs)
    {
        int pending = Scan<Promise<T>>(inputs, out Exception? firstRejected, "Promise.All");
        var all = new AllPromise<T>(inputs, pending, firstRejected);
        if (pending == 0)
        {
            return firstRejected is null ? Return(all.Values()) : new Promise<T[]>(firstRejected);
        }

        all.Attach();
        return all;
    }

    /// <summary>
    /// A promise of both values once both inputs are fulfilled (Lwt's <c>both</c>, <c>and*</c>).
    /// Waits for both even after a rejection; the exception is the first rejection.
    /// </summary>
    /// <typeparam name="T1">The type of the first value.</typeparam>
    /// <typeparam name="T2">The type of the second value.</typeparam>
    /// <param name="first">The first input.</param>
    /// <param name="second">The second input.</param>
    /// <returns>A promise of the pair.</returns>
    /// <remarks>Canceling the result cancels both inputs.</remarks>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public static Promise<(T1, T2)> Both<T1, T2>(Promise<T1> first, Promise<T2> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var inputs = new Promise[] { first, second };
        int pending = Scan<Promise>(inputs, out Exception? firstRejected, "Promise.Both");
        var both = new BothPromise<T1, T2>(inputs, pending, firstRejected);
        if (pending == 0)
        {
            return firstRejected is null ? Return(both.Values()) : new Promise<(T1, T2)>(firstRejected);
        }

        both.Attach();
        return both;
    }

    /// <summary>Joins two promises (Lwt's <c>&lt;&amp;&gt;</c>): <c>a &amp; b</c> is <c>Promise.Join(a, b)</c>.</summary>
    /// <param name="left">The first input.</param>
    /// <param name="right">The second input.</param>
    /// <returns>The joined promise.</returns>
    public static Promise operator &(Promise left, Promise right) => Join(left, right);

    /// <summary>Joins two promises; the named form of <c>&amp;</c>.</summary>
    /// <param name="left">The first input.</param>
    /// <param name="right">The second input.</param>
    /// <returns>The joined promise.</returns>
    public static Promise BitwiseAnd(Promise left, Promise right) => Join(left, right);

    /// <summary>Counts the pending inputs and finds the first one already rejected.</summary>
    internal static int Scan<TPromise>(ReadOnlySpan<TPromise> promises, out Exception? firstRejected, string operation)
        where TPromise : Promise
    {
        int pending = 0;
        firstRejected = null;
        foreach (TPromise p in promises)
        {
            if (p is null)
            {
                throw new ArgumentNullException(nameof(promises), operation + ": an input promise is null.");
            }

            Promise u = p.Underlying();
            if (u._status == Status.Pending)
            {
                u.CheckThread(operation);
                pending++;
            }
            else if (u._status == Status.Rejected)
            {
                firstRejected ??= (Exception)u._payload!;
            }
        }

        return pending;
    }

    /// <summary>
    /// A new array of <paramref name="items"/>, which the combinator keeps (to cancel its inputs):
    /// a caller's array is copied too, since its caller may change it afterwards.
    /// </summary>
    internal static T[] Materialize<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items];
    }
}

/// <summary>
/// What Join, All and Both share: registered as the callback of every pending input (no node
/// per input), counting down, remembering the first rejection.
/// </summary>
internal struct JoinCounter(int pending, Exception? firstRejected)
{
    private int _pending = pending;

    /// <summary>The first rejection: inputs rejected at call time first, in order, then in time order.</summary>
    internal Exception? FirstRejected { get; private set; } = firstRejected;

    /// <summary>Counts one resolved input in; true once every input has resolved.</summary>
    internal bool Arrive(Promise source)
    {
        if (source._status == Promise.Status.Rejected)
        {
            FirstRejected ??= (Exception)source._payload!;
        }

        return --_pending == 0;
    }

    internal static void Attach(ICallback callback, Promise[] inputs)
    {
        foreach (Promise p in inputs)
        {
            Promise u = p.Underlying();
            if (u._status == Promise.Status.Pending)
            {
                u.AddCallback(callback);
            }
        }
    }
}

internal sealed class JoinPromise(Promise[] inputs, int pending, Exception? firstRejected)
    : Promise(CancelKind.Many, inputs), ICallback
{
    private JoinCounter _count = new(pending, firstRejected);

    internal void Attach() => JoinCounter.Attach(this, inputs);

    public void OnResolved(Promise source)
    {
        if (!_count.Arrive(source))
        {
            return;
        }

        if (_count.FirstRejected is { } e)
        {
            Combinator.Reject(this, e);
        }
        else
        {
            Combinator.FulfillUnit(this);
        }
    }
}

internal sealed class AllPromise<T>(Promise<T>[] inputs, int pending, Exception? firstRejected)
    : Promise<T[]>(CancelKind.Many, inputs), ICallback
{
    private JoinCounter _count = new(pending, firstRejected);

    internal void Attach() => JoinCounter.Attach(this, inputs);

    internal T[] Values()
    {
        var values = new T[inputs.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Unsafe.As<Promise<T>>(inputs[i].Underlying())._value;
        }

        return values;
    }

    public void OnResolved(Promise source)
    {
        if (!_count.Arrive(source))
        {
            return;
        }

        if (_count.FirstRejected is { } e)
        {
            Combinator.Reject(this, e);
        }
        else
        {
            Combinator.Fulfill(this, Values());
        }
    }
}

internal sealed class BothPromise<T1, T2>(Promise[] inputs, int pending, Exception? firstRejected)
    : Promise<(T1, T2)>(CancelKind.Many, inputs), ICallback
{
    private JoinCounter _count = new(pending, firstRejected);

    internal void Attach() => JoinCounter.Attach(this, inputs);

    internal (T1, T2) Values() =>
        (Unsafe.As<Promise<T1>>(inputs[0].Underlying())._value, Unsafe.As<Promise<T2>>(inputs[1].Underlying())._value);

    public void OnResolved(Promise source)
    {
        if (!_count.Arrive(source))
        {
            return;
        }

        if (_count.FirstRejected is { } e)
        {
            Combinator.Reject(this, e);
        }
        else
        {
            Combinator.Fulfill(this, Values());
        }
    }
}
