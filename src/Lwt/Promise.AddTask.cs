// Promise.AddTask.cs: Lwt's add_task_l/add_task_r: a cancelable promise whose resolver waits in
// a Sequence (a queue of waiters, as Lwt's mutexes and conditions keep them); canceling the
// promise takes its resolver out of the sequence.

using System;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>
    /// A cancelable pending promise whose resolver is added at the right end of
    /// <paramref name="waiters"/> (Lwt's <c>add_task_r</c>). Canceling the promise removes the
    /// resolver from the sequence.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="waiters">The queue of resolvers.</param>
    /// <returns>The promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="waiters"/> is null.</exception>
    public static Promise<T> AddTaskRight<T>(Sequence<Resolver<T>> waiters) => AddTask(waiters, right: true);

    /// <summary>Like <see cref="AddTaskRight{T}"/>, at the left end (Lwt's <c>add_task_l</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="waiters">The queue of resolvers.</param>
    /// <returns>The promise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="waiters"/> is null.</exception>
    public static Promise<T> AddTaskLeft<T>(Sequence<Resolver<T>> waiters) => AddTask(waiters, right: false);

    private static SequenceTaskPromise<T> AddTask<T>(Sequence<Resolver<T>> waiters, bool right)
    {
        ArgumentNullException.ThrowIfNull(waiters);
        var p = new SequenceTaskPromise<T>();
        var resolver = new Resolver<T>(p);
        p.Node = right ? waiters.AddRight(resolver) : waiters.AddLeft(resolver);
        p.AddCancelCallback(p);
        return p;
    }

    /// <summary>The promise of add_task: its own cancel callback removes its node.</summary>
    private sealed class SequenceTaskPromise<T>() : Promise<T>(CancelKind.CancelThis, null), ICallback
    {
        internal SequenceNode<Resolver<T>>? Node;

        public void OnResolved(Promise source) => Node?.Remove();
    }
}
