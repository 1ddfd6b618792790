// Promise.CancellationToken.cs: CancellationToken interop. A token's callback may fire on any
// thread; it is posted to the SynchronizationContext of the promise's thread (the event loop's)
// unless it fires on that very thread, where it runs at once.

using System;
using System.Threading;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// Cancels this promise (<see cref="Cancel"/>) when <paramref name="cancellationToken"/> is
    /// canceled; returns this promise. The registration is released when the promise resolves.
    /// </summary>
    /// <param name="cancellationToken">The token.</param>
    /// <returns>This promise.</returns>
    /// <exception cref="InvalidOperationException">
    /// The promise is pending and this is not its thread, or the token can be canceled and this thread has no
    /// SynchronizationContext to bring a cancellation from another thread back to.
    /// </exception>
    public Promise WithCancellation(CancellationToken cancellationToken)
    {
        RegisterCancellation("Promise.WithCancellation", cancellationToken);
        return this;
    }

    /// <summary>
    /// <see cref="WithCancellation"/> for a read that an enumerator started on a caller's behalf:
    /// when the token cannot be registered (no SynchronizationContext), the read is withdrawn
    /// (canceled) before the exception goes on, or it would hold its source and take the next
    /// element unseen.
    /// </summary>
    internal void WithCancellationOrWithdraw(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        try
        {
            RegisterCancellation("IAsyncEnumerator.MoveNextAsync", cancellationToken);
        }
        catch
        {
            Cancel();
            throw;
        }
    }

    /// <summary>
    /// A promise rejected with <see cref="CanceledException"/> when <paramref name="cancellationToken"/>
    /// is canceled, and never fulfilled: race it against other work with
    /// <see cref="Pick(ReadOnlySpan{Promise})"/>. Canceling the promise releases the registration.
    /// </summary>
    /// <param name="cancellationToken">The token.</param>
    /// <returns>The promise; already rejected if the token is canceled; pending forever if it cannot be canceled.</returns>
    /// <exception cref="InvalidOperationException">The token can be canceled and this thread has no SynchronizationContext.</exception>
    public static Promise FromToken(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new Promise(new CanceledException("The CancellationToken was canceled."));
        }

        var p = new Promise(CancelKind.CancelThis, null);
        p.RegisterCancellation("Promise.FromToken", cancellationToken);
        return p;
    }

    private void RegisterCancellation(string operation, CancellationToken cancellationToken)
    {
        Promise u = Underlying();
        if (u._status != Status.Pending || !cancellationToken.CanBeCanceled)
        {
            return;
        }

        u.CheckThread(operation);
        if (cancellationToken.IsCancellationRequested)
        {
            CancelCore(u);
            return;
        }

        SynchronizationContext context = SynchronizationContext.Current ?? throw new InvalidOperationException(
            operation + ": this thread has no SynchronizationContext, so a cancellation from another thread could not come " +
            "back to it. Call it inside the event loop (Main.Run).");
        var registration = new TokenRegistration(this, u.OwnerRuntime!.ThreadId, context);
        registration.Handle = cancellationToken.UnsafeRegister(static s => ((TokenRegistration)s!).OnTokenCanceledFromAnyThread(), registration);

        // The token may have been canceled on this thread during the registration itself.
        u = Underlying();
        if (u._status == Status.Pending)
        {
            u.AddCallback(registration);
        }
        else
        {
            registration.Handle.Dispose();
        }
    }

    /// <summary>Links a token to a promise until either ends.</summary>
    private sealed class TokenRegistration(Promise promise, int ownerThread, SynchronizationContext context) : ICallback
    {
        internal CancellationTokenRegistration Handle;

        public void OnResolved(Promise source) => Handle.Dispose();

        internal void OnTokenCanceledFromAnyThread()
        {
            if (Environment.CurrentManagedThreadId == ownerThread)
            {
                promise.Cancel();
            }
            else
            {
                try
                {
                    context.Post(static s => ((Promise)s!).Cancel(), promise);
                }
                catch (ObjectDisposedException)
                {
                    // The promise's loop is gone and its promises with it: a late cancellation is
                    // dropped rather than thrown out of CancellationTokenSource.Cancel (or a
                    // CancelAfter timer thread, which would end the process).
                }
            }
        }
    }
}

public partial class Promise<T>
{
    /// <summary>
    /// Cancels this promise (<see cref="Promise.Cancel"/>) when <paramref name="cancellationToken"/>
    /// is canceled; returns this promise. The registration is released when the promise resolves.
    /// </summary>
    /// <param name="cancellationToken">The token.</param>
    /// <returns>This promise.</returns>
    /// <exception cref="InvalidOperationException">
    /// The promise is pending and this is not its thread, or the token can be canceled and this thread has no
    /// SynchronizationContext to bring a cancellation from another thread back to.
    /// </exception>
    public new Promise<T> WithCancellation(CancellationToken cancellationToken)
    {
        base.WithCancellation(cancellationToken);
        return this;
    }
}
