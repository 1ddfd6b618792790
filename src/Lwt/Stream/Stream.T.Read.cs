// Stream.T.Read.cs: reading elements one or a few at a time (Lwt's get, peek, next, junk...).
// The single-element reads are written by hand so that a read with an element ready allocates
// at most its result promise and a read that waits allocates one object; the others are async
// methods looping over the queue, in constant stack whatever the number of elements.

using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Lwt.Internal;

namespace Lwt;

public sealed partial class Stream<T>
{
    /// <summary>
    /// Reads and removes the next element (Lwt's <c>get</c>): <c>Some(element)</c>, or
    /// <c>None</c> once the stream has ended (and on every later call). Waits if no element is
    /// there yet. If the stream's function fails, the promise is rejected with its exception and
    /// the stream stays open.
    /// </summary>
    /// <remarks>
    /// With an element ready this allocates only the result promise, and nothing at all for a
    /// boolean or a small integer; a read that waits costs one object. Canceling the waiting
    /// promise withdraws the read and loses no element. Two reads waiting at the same time on one
    /// stream both receive the same element, as in Lwt.
    /// </remarks>
    /// <returns>The element, or None at the end.</returns>
    public Promise<Option<T>> Get() =>
        TryRead(consume: true, out T value, out bool end, out Exception? error) switch
        {
            FillResult.Ready => end ? OptionPromises<T>.None : OptionPromises<T>.Some(value),
            FillResult.Error => Promise.Fail<Option<T>>(error!),
            _ => new GetWait<T>(this, _node),
        };

    /// <summary>
    /// Reads and removes the next element (Lwt's <c>next</c>); rejected with
    /// <see cref="StreamEmptyException"/> once the stream has ended. Otherwise as <see cref="Get"/>:
    /// waits if needed, is cancelable without losing an element, and is rejected with the
    /// exception of a failing source. Allocates nothing for booleans and small integers that are ready.
    /// </summary>
    /// <returns>The element.</returns>
    public Promise<T> Next() =>
        TryRead(consume: true, out T value, out bool end, out Exception? error) switch
        {
            FillResult.Ready => end ? Promise.Fail<T>(new StreamEmptyException("Stream.Next: the stream has ended.")) : Promise.Return(value),
            FillResult.Error => Promise.Fail<T>(error!),
            _ => new NextWait<T>(this, _node),
        };

    /// <summary>
    /// The next element without removing it (Lwt's <c>peek</c>): <c>Some(element)</c>, or
    /// <c>None</c> at the end. Waits, cancels and fails as <see cref="Get"/>.
    /// </summary>
    /// <returns>The element, or None at the end.</returns>
    public Promise<Option<T>> Peek() =>
        TryRead(consume: false, out T value, out bool end, out Exception? error) switch
        {
            FillResult.Ready => end ? OptionPromises<T>.None : OptionPromises<T>.Some(value),
            FillResult.Error => Promise.Fail<Option<T>>(error!),
            _ => new PeekWait<T>(this, _node),
        };

    /// <summary>
    /// Reads and removes the next element if one is there without waiting: the synchronous
    /// counterpart of <see cref="Get"/> (what <see cref="GetAvailableUpTo"/> does for one element,
    /// without a list). Allocates nothing. A function source is called, as in Lwt's <c>get_available</c>.
    /// </summary>
    /// <param name="value">The element, or default.</param>
    /// <returns>True if an element was read; false at the end or when reading would wait.</returns>
    /// <exception cref="Exception">The stream's function failed: its exception is rethrown.</exception>
    public bool TryGet(out T value)
    {
        FillResult result = TryRead(consume: true, out value, out bool end, out Exception? error);
        if (result == FillResult.Error)
        {
            ExceptionDispatchInfo.Throw(error!);
        }

        return result == FillResult.Ready && !end;
    }

    /// <summary>
    /// Up to <paramref name="count"/> next elements, without removing them (Lwt's <c>npeek</c>):
    /// waits until there are that many or the stream ends. A count of zero or less gives an empty
    /// list, as in Lwt. Canceling the promise stops the wait; failure of the source rejects it.
    /// </summary>
    /// <param name="count">How many elements.</param>
    /// <returns>The elements, in order.</returns>
    public async Promise<List<T>> NPeek(int count)
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        StreamNode<T> node = _node;
        while (list.Count < count)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
            }
            else if (node.IsEnd)
            {
                break;
            }
            else
            {
                list.Add(node.Value);
                node = node.Next;
            }
        }

        return list;
    }

    /// <summary>
    /// Reads and removes up to <paramref name="count"/> elements (Lwt's <c>nget</c>): waits until
    /// there are that many or the stream ends. A count of zero or less gives an empty list.
    /// Canceling stops the wait (elements already read stay read); failure of the source rejects it.
    /// </summary>
    /// <param name="count">How many elements.</param>
    /// <returns>The elements, in order.</returns>
    public async Promise<List<T>> NGet(int count)
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        StreamNode<T> node = _node;
        while (list.Count < count)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
            }
            else if (node.IsEnd)
            {
                break;
            }
            else
            {
                Consume(node);
                list.Add(node.Value);
                node = node.Next;
            }
        }

        return list;
    }

    /// <summary>
    /// Reads and removes elements while <paramref name="predicate"/> holds (Lwt's
    /// <c>get_while</c>); the first element that fails it stays in the stream. Waits for elements
    /// as needed. An exception from the predicate, or a failing source, rejects the promise.
    /// </summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The elements read, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise<List<T>> GetWhile(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return GetWhileCore(predicate);
    }

    /// <summary>
    /// As <see cref="GetWhile"/> with an asynchronous predicate (Lwt's <c>get_while_s</c>): each
    /// element is tested after the previous test finished. Its rejection rejects the result.
    /// </summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The elements read, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise<List<T>> GetWhileSequential(Func<T, Promise<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return GetWhileSequentialCore(predicate);
    }

    /// <summary>
    /// Reads every element available without waiting and returns the last one (Lwt's
    /// <c>last_new</c>); if none is available, waits for the next. Rejected with
    /// <see cref="StreamEmptyException"/> if the stream has ended, or with the exception of a
    /// failing source. Canceling a waiting call withdraws it.
    /// </summary>
    /// <returns>The newest element.</returns>
    public Promise<T> LastNew()
    {
        StreamNode<T> node = _node;
        switch (Fill(node, out Exception? error))
        {
            case FillResult.Error:
                return Promise.Fail<T>(error!);
            case FillResult.Wait:
                return new NextWait<T>(this, node);
        }

        if (node.IsEnd)
        {
            return Promise.Fail<T>(new StreamEmptyException("Stream.LastNew: the stream has ended."));
        }

        Consume(node);
        T last = node.Value;
        node = node.Next!;
        while (true)
        {
            switch (Fill(node, out error))
            {
                case FillResult.Error:
                    return Promise.Fail<T>(error!);
                case FillResult.Wait:
                    return Promise.Return(last);
            }

            if (node.IsEnd)
            {
                return Promise.Return(last);
            }

            Consume(node);
            last = node.Value;
            node = node.Next!;
        }
    }

    /// <summary>
    /// Removes the next element (Lwt's <c>junk</c>), waiting for one if needed; does nothing at
    /// the end. Canceling stops the wait; a failing source rejects the promise.
    /// </summary>
    /// <returns>A promise fulfilled once the element is removed.</returns>
    public async Promise Junk()
    {
        StreamNode<T> node = _node;
        while (node.Next is null)
        {
            await WaitFill(node);
        }

        if (!node.IsEnd)
        {
            Consume(node);
        }
    }

    /// <summary>
    /// Removes up to <paramref name="count"/> elements (Lwt's <c>njunk</c>), waiting as needed;
    /// a count of zero or less does nothing. Cancels and fails as <see cref="NGet"/>.
    /// </summary>
    /// <param name="count">How many elements.</param>
    /// <returns>A promise fulfilled once they are removed or the stream ended.</returns>
    public async Promise NJunk(int count)
    {
        CallStorage storage = CallStorage.Capture();
        StreamNode<T> node = _node;
        while (count > 0)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
            }
            else if (node.IsEnd)
            {
                break;
            }
            else
            {
                Consume(node);
                node = node.Next;
                count--;
            }
        }
    }

    /// <summary>
    /// Removes elements while <paramref name="predicate"/> holds (Lwt's <c>junk_while</c>); see
    /// <see cref="GetWhile"/> for waiting, cancellation and errors.
    /// </summary>
    /// <param name="predicate">The test.</param>
    /// <returns>A promise fulfilled once an element fails the test or the stream ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise JunkWhile(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return GetWhileCore(predicate, keep: false);
    }

    /// <summary>As <see cref="JunkWhile"/> with an asynchronous predicate (Lwt's <c>junk_while_s</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>A promise fulfilled once an element fails the test or the stream ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Promise JunkWhileSequential(Func<T, Promise<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return GetWhileSequentialCore(predicate, keep: false);
    }

    /// <summary>
    /// Removes every element available without waiting (Lwt's <c>junk_available</c>). A function
    /// source is called until it would wait or the stream ends.
    /// </summary>
    /// <exception cref="Exception">The stream's function failed: its exception is rethrown.</exception>
    public void JunkAvailable() => TakeAvailable(int.MaxValue, null);

    /// <summary>
    /// <see cref="JunkAvailable"/> as a promise (Lwt's deprecated <c>junk_old</c>): fulfilled at
    /// once, or rejected with the exception of a failing source.
    /// </summary>
    /// <returns>A resolved promise.</returns>
    public Promise JunkOld() => Promise.Wrap(JunkAvailable);

    /// <summary>
    /// Reads and removes every element available without waiting (Lwt's <c>get_available</c>).
    /// A function source is called until it would wait or the stream ends.
    /// </summary>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="Exception">The stream's function failed: its exception is rethrown (elements read before stay read).</exception>
    public List<T> GetAvailable()
    {
        var list = new List<T>();
        TakeAvailable(int.MaxValue, list);
        return list;
    }

    /// <summary>
    /// As <see cref="GetAvailable"/>, reading at most <paramref name="count"/> elements (Lwt's
    /// <c>get_available_up_to</c>); a count of zero or less gives an empty list.
    /// </summary>
    /// <param name="count">The most elements to read.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="Exception">The stream's function failed: its exception is rethrown.</exception>
    public List<T> GetAvailableUpTo(int count)
    {
        var list = new List<T>();
        TakeAvailable(count, list);
        return list;
    }

    /// <summary>
    /// Whether the stream has no more elements (Lwt's <c>is_empty</c>): waits until there is an
    /// element (false) or the end (true); removes nothing. Cancels and fails as <see cref="Peek"/>.
    /// </summary>
    /// <returns>True at the end of the stream.</returns>
    public async Promise<bool> IsEmpty()
    {
        while (_node.Next is null)
        {
            await WaitFill(_node);
        }

        return _node.IsEnd;
    }

    /// <summary>
    /// Runs a parser over the stream and, if it fails, puts back every element it read (Lwt's
    /// <c>parse</c>): the stream's read pointer is restored before the rejection is passed on.
    /// An exception thrown by <paramref name="parser"/> becomes the rejection.
    /// </summary>
    /// <typeparam name="TResult">The type of the parsed value.</typeparam>
    /// <param name="parser">The parser.</param>
    /// <returns>The parser's promise, or its rejection after the restore.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parser"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The stream is bounded: putting elements back would break its count.</exception>
    public Promise<TResult> Parse<TResult>(Func<Stream<T>, Promise<TResult>> parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (!Source.CanClone)
        {
            throw new InvalidOperationException("Stream.Parse: a bounded stream cannot be parsed (elements cannot be put back).");
        }

        StreamNode<T> start = _node;
        return Promise.Catch(
            () => parser(this),
            e =>
            {
                _node = start;
                return Promise.Fail<TResult>(e);
            });
    }

    private async Promise<List<T>> GetWhileCore(Func<T, bool> predicate, bool keep = true)
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd || !predicate(node.Value))
            {
                return list;
            }

            Consume(node);
            if (keep)
            {
                list.Add(node.Value);
            }

            node = node.Next;
        }
    }

    private async Promise<List<T>> GetWhileSequentialCore(Func<T, Promise<bool>> predicate, bool keep = true)
    {
        CallStorage storage = CallStorage.Capture();
        var list = new List<T>();
        StreamNode<T> node = _node;
        while (true)
        {
            if (node.Next is null)
            {
                await WaitFill(node);
                storage.Restore();
                continue;
            }

            if (node.IsEnd)
            {
                return list;
            }

            bool matches = await predicate(node.Value);
            storage.Restore();
            if (!matches)
            {
                return list;
            }

            Consume(node);
            if (keep)
            {
                list.Add(node.Value);
            }

            node = node.Next;
        }
    }

    /// <summary>Consumes up to <paramref name="count"/> available elements into <paramref name="list"/> (or drops them).</summary>
    private void TakeAvailable(int count, List<T>? list)
    {
        StreamNode<T> node = _node;
        for (int i = 0; i < count; i++)
        {
            FillResult result = Fill(node, out Exception? error);
            if (result == FillResult.Error)
            {
                ExceptionDispatchInfo.Throw(error!);
            }

            if (result == FillResult.Wait || node.IsEnd)
            {
                return;
            }

            Consume(node);
            list?.Add(node.Value);
            node = node.Next!;
        }
    }
}
