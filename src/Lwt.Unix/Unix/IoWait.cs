// IoWait.cs: an I/O operation that found its descriptor not ready (EAGAIN) and waits in the
// descriptor's queue (Lwt's register_action). One object is the promise the user holds, the
// queue node and the cancel callback, so a waiting operation costs one allocation. The
// descriptor calls Attempt when the engine says it is ready; Attempt retries the system call
// and keeps the outcome; the descriptor dequeues the operation and only then calls Complete,
// so that the callbacks Complete runs see a consistent queue.

using System;
using System.Runtime.CompilerServices;
using Lwt.Internal;

namespace Lwt.Unix;

/// <summary>A queued operation, as the descriptor's queue sees it.</summary>
internal interface IIoWait
{
    /// <summary>The system call, for error messages.</summary>
    string Call { get; }

    /// <summary>Retries the call: false when it would block again, true when it has an outcome.</summary>
    bool Attempt();

    /// <summary>Resolves the promise with the outcome <see cref="Attempt"/> kept.</summary>
    void Complete();

    /// <summary>Rejects the promise (close or abort of the descriptor).</summary>
    void Reject(Exception exception);
}

/// <summary>The promise of a waiting operation, as its descriptor's queue holds it.</summary>
/// <typeparam name="T">The value of the operation.</typeparam>
internal abstract class IoWait<T> : Promise<T>, IIoWait, ICallback
{
    private T _outcome = default!;
    private Exception? _error;

    protected IoWait(FileDescriptor owner, string call)
        : base(CancelKind.CancelThis, null)
    {
        Owner = owner;
        Call = call;

        // Canceling the promise takes the operation out of the queue: no data is consumed.
        AddCancelCallback(this);
    }

    public string Call { get; }

    protected FileDescriptor Owner { get; }

    public abstract bool Attempt();

    public void Complete()
    {
        // The promise may have become a proxy meanwhile (a Bind returned it): resolve the end.
        Promise u = Underlying();
        if (u._status != Status.Pending)
        {
            return;
        }

        if (_error is null)
        {
            Unsafe.As<Promise<T>>(u).FulfillCore(_outcome);
        }
        else
        {
            u.RejectCore(_error);
        }
    }

    public void Reject(Exception exception)
    {
        Promise u = Underlying();
        if (u._status == Status.Pending)
        {
            u.RejectCore(exception);
        }
    }

    void ICallback.OnResolved(Promise source) => Owner.Unqueue(this);

    protected bool Done(T value)
    {
        _outcome = value;
        return true;
    }

    protected bool Failed(Exception exception)
    {
        _error = exception;
        return true;
    }
}
