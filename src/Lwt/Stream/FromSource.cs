// FromSource.cs: the source of Stream.From (Lwt's From): each element is the outcome of a call to
// an asynchronous function. Only one call is in flight; every reader that reaches the tail
// meanwhile waits for that same call (canceling a reader never cancels the call, as Lwt's
// `protected` ensures). If the call fails, the readers waiting for it fail with its exception and
// the stream stays open: the next read calls the function again.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt;

/// <summary>The source of a stream whose elements come from an asynchronous function.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class FromSource<T>(Func<Promise<Option<T>>> next) : StreamSource<T>, ICallback
{
    /// <summary>The call in flight, or null.</summary>
    private Promise<Option<T>>? _inFlight;

    internal override bool TryFill(out Exception? error)
    {
        error = null;
        if (_inFlight is not null)
        {
            return false;
        }

        Promise<Option<T>> p;
        try
        {
            p = next() ?? throw new InvalidOperationException("Stream.From: the function returned null instead of a promise.");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            error = e;
            return true;
        }

        Promise u = p.Underlying();
        switch (u._status)
        {
            case Promise.Status.Fulfilled:
                Add(Unsafe.As<Promise<Option<T>>>(u)._value);
                return true;
            case Promise.Status.Rejected:
                error = (Exception)u._payload!;
                return true;
            default:
                _inFlight = p;
                u.AddCallback(this);
                return false;
        }
    }

    /// <summary>The call in flight resolved: enqueue its outcome and wake the readers at once (Lwt resolves them nested).</summary>
    public void OnResolved(Promise source)
    {
        _inFlight = null;
        if (source._status == Promise.Status.Fulfilled)
        {
            Add(Unsafe.As<Promise<Option<T>>>(source)._value);
            NotifyWaiters(null, later: false);
        }
        else
        {
            NotifyWaiters((Exception)source._payload!, later: false);
        }
    }

    private void Add(Option<T> element)
    {
        if (element.TryGetValue(out T value))
        {
            Enqueue(value);
        }
        else
        {
            EnqueueEnd();
            ResolveClosed();
        }
    }
}
