// Promise.Cancel.cs: Lwt's cancellation (LWT-SEMANTICS.md section 2). Cancel walks backwards
// from a promise to the cancelable promises it depends on, rejects each with one shared
// CanceledException the moment it is found (so a promise reached twice is canceled once), and
// only then runs their callbacks, in reverse discovery order; the rejection then flows forward.

using System;
using System.Collections.Generic;
using Lwt.CompilerServices;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Cancels the promise (Lwt's <c>cancel</c>): every cancelable promise it depends on
    /// (<see cref="Cancelable()"/>, <see cref="Pause"/>, sleeps, I/O waits, the losers of a pick,
    /// whatever an <c>async</c> method is awaiting...) is rejected with
    /// <see cref="CanceledException"/>, and that rejection flows forward to this promise through
    /// the usual callbacks. Does nothing on a resolved promise, or on one that depends only on
    /// non-cancelable promises (<see cref="Wait()"/>, <see cref="NoCancel"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from a thread other than the promise's.</exception>
    public void Cancel()
    {
        Promise u = Underlying();
        if (u._status != Status.Pending)
        {
            return;
        }

        u.CheckThread("Promise.Cancel");
        CancelCore(u);
    }

    /// <summary>
    /// Runs <paramref name="f"/> if the promise gets canceled (Lwt's <c>on_cancel</c>): when it is
    /// rejected with <see cref="CanceledException"/>, before its other callbacks. Runs it now if
    /// the promise is already canceled; never runs it if the promise resolves otherwise. An
    /// exception from <paramref name="f"/> goes to <see cref="AsyncExceptionHook"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public void OnCancel(Action f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Promise u = Underlying();
        switch (u._status)
        {
            case Status.Pending:
                u.CheckThread("Promise.OnCancel");
                u.AddCancelCallback(new OnCancelCallback(f, PromiseRuntime.Current.Storage));
                break;
            case Status.Rejected when u._payload is CanceledException:
                OnCancelCallback.Run(f);
                break;
        }
    }

    /// <summary>
    /// A cancelable promise that follows this one (Lwt's <c>protected</c>): canceling it rejects
    /// only it, and detaches it from this promise, which goes on. Canceling this promise by
    /// another path still reaches it. Returns this promise itself if it is already resolved.
    /// </summary>
    /// <returns>The protected promise.</returns>
    public Promise Protected() => Mirror(MirrorMode.Protected);

    /// <summary>
    /// A promise that follows this one but cannot be canceled (Lwt's <c>no_cancel</c>):
    /// <see cref="Cancel"/> on it does nothing; canceling this promise still reaches it.
    /// Returns this promise itself if it is already resolved.
    /// </summary>
    /// <returns>The non-cancelable promise.</returns>
    public Promise NoCancel() => Mirror(MirrorMode.NoCancel);

    /// <summary>
    /// A cancelable promise that follows this one (Lwt's <c>wrap_in_cancelable</c>): canceling it
    /// rejects it, then tries to cancel this promise too. Returns this promise itself if it is
    /// already resolved.
    /// </summary>
    /// <returns>The cancelable promise.</returns>
    public Promise WrapInCancelable() => Mirror(MirrorMode.WrapInCancelable);

    private Promise Mirror(MirrorMode mode)
    {
        Promise u = Underlying();
        if (u._status != Status.Pending)
        {
            return this;
        }

        u.CheckThread("Promise." + mode);
        var m = new MirrorUnitPromise(u, mode);
        m.Attach();
        return m;
    }

    /// <summary>The cancel walk (guide point 6), without recursion so that long chains cannot overflow.</summary>
    internal static void CancelCore(Promise root)
    {
        CanceledException? exception = null;
        Promise? first = null;
        object? firstCallbacks = null;
        object? firstCancelCallbacks = null;
        List<(Promise Promise, object? Callbacks, object? CancelCallbacks)>? more = null;
        Stack<Promise>? branches = null;

        Promise? next = root;
        while (true)
        {
            while (next is not null)
            {
                Promise q = next.Underlying();
                next = null;
                if (q._status != Status.Pending)
                {
                    break;
                }

                switch (q._cancelKind)
                {
                    case CancelKind.CancelThis:
                        exception ??= new CanceledException();
                        object? callbacks = q._payload;
                        object? cancelCallbacks = q._cancel;
                        q._status = Status.Rejected;
                        q._payload = exception;
                        q._cancel = null;
                        if (first is null)
                        {
                            (first, firstCallbacks, firstCancelCallbacks) = (q, callbacks, cancelCallbacks);
                        }
                        else
                        {
                            (more ??= []).Add((q, callbacks, cancelCallbacks));
                        }

                        break;
                    case CancelKind.One:
                        next = (Promise?)q.CancelTarget;
                        break;
                    case CancelKind.Many:
                        var inputs = (Promise[])q.CancelTarget!;
                        if (inputs.Length > 0)
                        {
                            branches ??= new Stack<Promise>();
                            for (int i = inputs.Length - 1; i > 0; i--)
                            {
                                branches.Push(inputs[i]);
                            }

                            next = inputs[0];
                        }

                        break;
                    case CancelKind.Awaited:
                    case CancelKind.Awaiting:
                        Promise box = q._cancelKind == CancelKind.Awaiting ? q : (Promise)q.CancelTarget!;
                        object? awaited = box.AwaitedNow;
                        if (!MethodYield.IsCancelable(awaited))
                        {
                            // A method that awaits its own promise waits forever: nothing to cancel.
                            next = ReferenceEquals(awaited, box) ? null : awaited as Promise;
                            break;
                        }

                        // A method awaiting Promise.Yield(): what Lwt cancels here is the paused
                        // promise, whose only callback is the method; the box is both.
                        exception ??= new CanceledException();
                        MethodYield.Cancel(box, awaited, exception);
                        if (first is null)
                        {
                            (first, firstCallbacks, firstCancelCallbacks) = (box, box, null);
                        }
                        else
                        {
                            (more ??= []).Add((box, box, null));
                        }

                        break;
                }
            }

            if (branches is null || branches.Count == 0)
            {
                break;
            }

            next = branches.Pop();
        }

        // Lwt runs the found promises' callbacks in reverse order of discovery.
        if (more is not null)
        {
            for (int i = more.Count - 1; i >= 0; i--)
            {
                (Promise p, object? c, object? cc) = more[i];
                if (c is not null || cc is not null)
                {
                    p.RunCallbacks(c, cc);
                }
            }
        }

        if (first is not null && (firstCallbacks is not null || firstCancelCallbacks is not null))
        {
            first.RunCallbacks(firstCallbacks, firstCancelCallbacks);
        }
    }
}

public partial class Promise<T>
{
    /// <summary>
    /// A cancelable promise that follows this one (Lwt's <c>protected</c>): canceling it rejects
    /// only it, and detaches it from this promise, which goes on. Canceling this promise by
    /// another path still reaches it. Returns this promise itself if it is already resolved.
    /// </summary>
    /// <returns>The protected promise.</returns>
    public new Promise<T> Protected() => Mirror(MirrorMode.Protected);

    /// <summary>
    /// A promise that follows this one but cannot be canceled (Lwt's <c>no_cancel</c>):
    /// <see cref="Promise.Cancel"/> on it does nothing; canceling this promise still reaches it.
    /// Returns this promise itself if it is already resolved.
    /// </summary>
    /// <returns>The non-cancelable promise.</returns>
    public new Promise<T> NoCancel() => Mirror(MirrorMode.NoCancel);

    /// <summary>
    /// A cancelable promise that follows this one (Lwt's <c>wrap_in_cancelable</c>): canceling it
    /// rejects it, then tries to cancel this promise too. Returns this promise itself if it is
    /// already resolved.
    /// </summary>
    /// <returns>The cancelable promise.</returns>
    public new Promise<T> WrapInCancelable() => Mirror(MirrorMode.WrapInCancelable);

    private Promise<T> Mirror(MirrorMode mode)
    {
        Promise u = Underlying();
        if (u._status != Status.Pending)
        {
            return this;
        }

        u.CheckThread("Promise<T>." + mode);
        var m = new MirrorPromise<T>(u, mode);
        m.Attach();
        return m;
    }
}
