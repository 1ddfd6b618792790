// MVar.cs: Lwt's Lwt_mvar, a box that is empty or holds one value. Put blocks while it is full
// and Take while it is empty; both queues are FIFO and their waiters cancelable.

using System;

namespace Lwt;

/// <summary>
/// A synchronizing variable (Lwt's <c>Lwt_mvar</c>): a box that holds at most one value. Taking
/// from an empty box waits for a put; putting into a full one waits for a take.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class MVar<T>
{
    private readonly Sequence<Resolver<T>> _readers = new();
    private readonly Sequence<(T Value, Resolver Resolver)> _writers = new();
    private T _value = default!;

    /// <summary>Makes an empty box (Lwt's <c>create_empty</c>).</summary>
    public MVar()
    {
    }

    /// <summary>Makes a box holding <paramref name="value"/> (Lwt's <c>create</c>).</summary>
    /// <param name="value">The value.</param>
    public MVar(T value)
    {
        _value = value;
        IsFull = true;
    }

    /// <summary>True when the box holds a value.</summary>
    public bool IsFull { get; private set; }

    /// <summary>True when the box holds no value (Lwt's <c>is_empty</c>).</summary>
    public bool IsEmpty => !IsFull;

    /// <summary>
    /// Puts <paramref name="value"/> in the box (Lwt's <c>put</c>): hands it to the first waiting
    /// taker, or stores it, and returns a fulfilled promise; if the box is full, waits (FIFO) until
    /// a take makes room. Canceling the waiting promise withdraws the value.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>A promise fulfilled once the value is in the box or taken.</returns>
    public Promise Put(T value)
    {
        if (!IsFull)
        {
            if (_readers.TryTakeLeft(out Resolver<T> reader))
            {
                reader.ResolveLater(value);
            }
            else
            {
                _value = value;
                IsFull = true;
            }

            return Promise.Unit;
        }

        var (p, r) = Promise.Cancelable();
        SequenceNode<(T, Resolver)> node = _writers.AddRight((value, r));
        p.OnCancel(node.Remove);
        return p;
    }

    /// <summary>
    /// Takes the value out of the box (Lwt's <c>take</c>); the first waiting putter's value then
    /// moves in. If the box is empty, waits (FIFO) for a put; canceling the wait leaves the queue.
    /// </summary>
    /// <returns>A promise of the value.</returns>
    public Promise<T> Take() => TryTake(out T value) ? Promise.Return(value) : Promise.AddTaskRight(_readers);

    /// <summary>Takes the value if the box is full, without waiting (Lwt's <c>take_available</c>).</summary>
    /// <param name="value">The value, or default.</param>
    /// <returns>Whether there was a value.</returns>
    public bool TryTake(out T value)
    {
        if (!IsFull)
        {
            value = default!;
            return false;
        }

        value = _value;
        if (_writers.TryTakeLeft(out (T Value, Resolver Resolver) writer))
        {
            _value = writer.Value;
            writer.Resolver.ResolveLater();
        }
        else
        {
            _value = default!;
            IsFull = false;
        }

        return true;
    }
}
