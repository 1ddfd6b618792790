// Pool.cs: Lwt's Lwt_pool, a bounded set of reusable members (connections, handles...). Use
// takes a free member, or makes one while fewer than the maximum exist, or waits in a FIFO queue
// of cancelable waiters; the member goes back to the pool (or straight to the first waiter, with
// ResolveLater as Lwt's wakeup_later) when the user's function is done.
//
// Lwt's rules kept here: reused members are validated, new ones are not; a failed validation
// disposes the member and makes another; a failed use asks `check`, synchronously, whether to
// keep the member; Clear disposes idle members at once and members in use when they come back
// (a generation flag, swapped on each Clear, tells which members were out at the time).
// Where we differ (docs/architecture.md): the replacement made for a waiter after a disposal
// counts toward the size (Lwt forgets to count it, so the pool can exceed its size); every
// disposal, not only a failed validation, makes a replacement for the first waiter (in Lwt the
// waiters of a pool whose members were disposed after failed uses can wait forever); and a
// function that throws counts as a rejection everywhere.

using System;
using System.Collections.Generic;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// A pool of at most <c>maxSize</c> reusable members, made on demand (Lwt's <c>Lwt_pool</c>).
/// Single-threaded, like all promises.
/// </summary>
/// <typeparam name="T">The type of the members.</typeparam>
/// <example>
/// <code>
/// var pool = new Pool&lt;Connection&gt;(10, () => Connection.Open(address), dispose: c => c.Close());
/// Promise&lt;Reply&gt; reply = pool.Use(c => c.Send(request));
/// </code>
/// </example>
public sealed class Pool<T>
{
    private readonly int _maxSize;
    private readonly Func<Promise<T>> _create;
    private readonly Func<T, Promise<bool>>? _validate;
    private readonly Func<T, Exception, bool>? _check;
    private readonly Func<T, Promise>? _dispose;
    private readonly Queue<T> _free = new();
    private readonly Sequence<Resolver<T>> _waiters = new();

    // Members made and not yet disposed, counted before their creation finishes so that
    // concurrent users do not overshoot the size.
    private int _count;

    // The generation of members handed out since the last Clear: Clear marks it cleared and
    // starts a new one, so that members in use at the time are disposed when they come back.
    private Generation _generation = new();

    /// <summary>Makes an empty pool (Lwt's <c>create</c>); no member is made until a <see cref="Use{TResult}"/> needs one.</summary>
    /// <param name="maxSize">The most members that may exist at once.</param>
    /// <param name="create">Makes a member. An exception it throws counts as a rejection, which reaches the user that needed the member.</param>
    /// <param name="validate">
    /// Asked before a free member is reused (never for a new one): false disposes it and makes a
    /// new one; a rejection disposes it and reaches the user. Default: always valid.
    /// </param>
    /// <param name="check">
    /// Asked, synchronously, when a use fails, with the member and the exception: true puts the
    /// member back, false disposes it. This is Lwt's <c>check</c>, whose callback had to answer
    /// before <c>check</c> returned; a <c>bool</c> result makes that rule part of the type. If it
    /// throws, the member is disposed and that exception rejects the use. Default: keep the member.
    /// </param>
    /// <param name="dispose">Releases a member that leaves the pool. Default: nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    public Pool(
        int maxSize,
        Func<Promise<T>> create,
        Func<T, Promise<bool>>? validate = null,
        Func<T, Exception, bool>? check = null,
        Func<T, Promise>? dispose = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentNullException.ThrowIfNull(create);
        _maxSize = maxSize;
        _create = create;
        _validate = validate;
        _check = check;
        _dispose = dispose;
    }

    /// <summary>How many users wait for a member (Lwt's <c>wait_queue_length</c>).</summary>
    public int WaitQueueLength => _waiters.Count;

    /// <summary>
    /// Runs <paramref name="f"/> with a member of the pool (Lwt's <c>use</c>): a free one (validated
    /// first), or a new one while the pool is below its size, or the first one released after the
    /// users already waiting have had theirs. When <paramref name="f"/>'s promise is fulfilled the
    /// member goes back to the pool, or is disposed if <see cref="Clear"/> ran meanwhile; when it is
    /// rejected (or <paramref name="f"/> throws), <c>check</c> decides.
    /// </summary>
    /// <typeparam name="TResult">The type of the value.</typeparam>
    /// <param name="f">The computation; it must not keep the member after its promise resolves.</param>
    /// <returns>
    /// A promise of <paramref name="f"/>'s outcome, once the member is back or disposed. It is
    /// rejected if making, validating or disposing a member fails.
    /// </returns>
    /// <remarks>
    /// Canceling the result while waiting for a member leaves the queue (nothing else happens).
    /// Once <paramref name="f"/> runs, canceling cancels its promise, which then counts as a failed use.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<TResult> Use<TResult>(Func<T, Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);

        // Fast path: a free member and nothing to validate; no promise for the member, no closure.
        if (_validate is null && _free.Count > 0)
        {
            return UseMember(_free.Dequeue(), f);
        }

        Promise<T> acquired = Acquire();
        return acquired.IsFulfilled ? UseMember(acquired.Result, f) : acquired.Bind(member => UseMember(member, f));
    }

    /// <summary>
    /// Runs <paramref name="f"/> with a member of the pool, as <see cref="Use{TResult}"/> does, for
    /// a computation without a value (Lwt's <c>use</c> with a <c>unit Lwt.t</c> function).
    /// </summary>
    /// <param name="f">The computation; it must not keep the member after its promise resolves.</param>
    /// <returns>A promise of <paramref name="f"/>'s outcome, once the member is back or disposed.</returns>
    /// <remarks>
    /// Canceling the result while waiting for a member leaves the queue (nothing else happens).
    /// Once <paramref name="f"/> runs, canceling cancels its promise, which then counts as a failed use.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise Use(Func<T, Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Use(member => (f(member) ?? Promise.NullPromise<bool>("Pool.Use")).Map(static () => true));
    }

    /// <summary>
    /// Disposes every free member, one after the other, and marks the members now in use so that
    /// they are disposed when they come back instead of being reused (Lwt's <c>clear</c>).
    /// </summary>
    /// <returns>
    /// A promise fulfilled once the free members are disposed; rejected with the first disposal
    /// failure (the members after it are then not disposed).
    /// </returns>
    /// <remarks>Canceling the result cancels the disposal under way.</remarks>
    public Promise Clear()
    {
        // Lwt folds the queue into a list, which reverses it: the newest free member goes first.
        T[] members = _free.ToArray();
        Array.Reverse(members);
        _free.Clear();
        _generation.Cleared = true;
        _generation = new Generation();
        return PromiseList.IterSequential(members, m => Dispose(m));
    }

    // An async method rather than Catch + Bind: a use whose function's promise is already resolved
    // allocates nothing here, and one that waits allocates the method's promise once. Canceling
    // the result cancels f's promise, which then counts as a failed use (check decides).
    // As Lwt's catch and bind, check, dispose and create run under the storage of the use.
    private async Promise<TResult> UseMember<TResult>(T member, Func<T, Promise<TResult>> f)
    {
        Generation generation = _generation;
        CallStorage storage = default;
        TResult value;
        try
        {
            Promise<TResult> use = f(member) ?? Promise.NullPromise<TResult>("Pool.Use");
            storage = CallStorage.ForAwait(use);
            value = await use;
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            storage.Restore();
            await CheckAndRelease(member, e, generation.Cleared);
            throw;
        }

        storage.Restore();
        if (generation.Cleared)
        {
            await Dispose(member);
            return value;
        }

        Release(member);
        return value;
    }

    private Promise<T> Acquire()
    {
        if (_free.Count > 0)
        {
            return ValidateAndReturn(_free.Dequeue());
        }

        if (_count < _maxSize)
        {
            return CreateMember();
        }

        return Promise.AddTaskRight(_waiters).Bind(ValidateAndReturn);
    }

    private Promise<T> CreateMember()
    {
        // Counted before the creation starts, so that users arriving meanwhile wait instead of
        // making more members than the size.
        _count++;
        return Promise.Catch(_create, e =>
        {
            _count--;
            return Promise.Fail<T>(e);
        });
    }

    private void Release(T member)
    {
        if (_waiters.TryTakeLeft(out Resolver<T> waiter))
        {
            waiter.ResolveLater(member);
        }
        else
        {
            _free.Enqueue(member);
        }
    }

    // Disposing makes room for a member; unless the caller makes that member itself
    // (replace: false), the first waiter gets a new one (see ReplaceDisposed).
    private Promise Dispose(T member, bool replace = true)
    {
        Promise disposed = _dispose is null ? Promise.Unit : Promise.Guard(() => _dispose(member));

        // As in Lwt, a member whose disposal fails still counts toward the size.
        return disposed.Bind(() =>
        {
            _count--;
            if (replace)
            {
                ReplaceDisposed();
            }

            return Promise.Unit;
        });
    }

    private Promise<T> ValidateAndReturn(T member)
    {
        if (_validate is null)
        {
            return Promise.Return(member);
        }

        return Promise.TryBind(
            () => _validate(member),
            valid => valid ? Promise.Return(member) : Dispose(member, replace: false).Bind(CreateMember),
            e => Dispose(member).Bind(() => Promise.Fail<T>(e)));
    }

    /// <summary>
    /// After a disposal made room, makes a new member for the first waiter, if any, so that it
    /// does not wait for a release that may never come. With nobody waiting, nothing is made, so
    /// that a creation failure is not lost. Lwt does this only after a validation exception; after
    /// the other disposals its waiters wait until some later use happens to make a member.
    /// </summary>
    private void ReplaceDisposed()
    {
        if (_count >= _maxSize || !_waiters.TryTakeLeft(out Resolver<T> waiter))
        {
            return;
        }

        CreateMember().OnAny(
            member =>
            {
                // The waiter may have been canceled while the member was being made; the member
                // then goes to the next user instead of being lost.
                if (waiter.Promise.IsPending)
                {
                    waiter.ResolveLater(member);
                }
                else
                {
                    Release(member);
                }
            },
            e =>
            {
                if (waiter.Promise.IsPending)
                {
                    waiter.RejectLater(e);
                }
            });
    }

    /// <summary>Decides, after a failed use, whether the member goes back to the pool.</summary>
    private Promise CheckAndRelease(T member, Exception failure, bool cleared)
    {
        bool keep;
        try
        {
            keep = _check is null || _check(member, failure);
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            return Dispose(member).Bind(() => Promise.Fail(e));
        }

        if (cleared || !keep)
        {
            return Dispose(member);
        }

        Release(member);
        return Promise.Unit;
    }

    private sealed class Generation
    {
        internal bool Cleared;
    }
}
