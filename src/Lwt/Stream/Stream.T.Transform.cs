// Stream.T.Transform.cs: streams made from a stream (Lwt's map, filter, filter_map, map_list and
// their _s forms, wrap_exn). Each is a new From stream whose function reads this one, so, as in
// Lwt, they consume this stream as they are read, lazily, and a failure of this stream or of the
// user's function reaches the reader of the new stream and leaves it open.

using System;
using System.Collections.Generic;
using Lwt.Internal;

namespace Lwt;

public sealed partial class Stream<T>
{
    /// <summary>
    /// A stream of <paramref name="f"/> applied to each element (Lwt's <c>map</c>). It reads this
    /// stream as it is read. An exception from <paramref name="f"/> rejects that read of the new
    /// stream (the element is lost) and leaves it open.
    /// </summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> Map<TResult>(Func<T, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Stream.From<TResult>(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            Option<T> x = await Get();
            storage.Restore();
            return x.HasValue ? f(x.Value) : default(Option<TResult>);
        });
    }

    /// <summary>
    /// As <see cref="Map{TResult}"/> with an asynchronous function (Lwt's <c>map_s</c>): one call
    /// at a time, each when the new stream is read. Its rejection rejects that read.
    /// </summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> MapSequential<TResult>(Func<T, Promise<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Stream.From<TResult>(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            Option<T> x = await Get();
            storage.Restore();
            return x.HasValue ? await f(x.Value) : default(Option<TResult>);
        });
    }

    /// <summary>The elements that satisfy <paramref name="predicate"/> (Lwt's <c>filter</c>); errors as <see cref="Map{TResult}"/>.</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Stream<T> Filter(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Stream.From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                Option<T> x = await Get();
                storage.Restore();
                if (!x.HasValue || predicate(x.Value))
                {
                    return x;
                }
            }
        });
    }

    /// <summary>As <see cref="Filter"/> with an asynchronous predicate (Lwt's <c>filter_s</c>).</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Stream<T> FilterSequential(Func<T, Promise<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Stream.From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                Option<T> x = await Get();
                storage.Restore();
                if (!x.HasValue)
                {
                    return x;
                }

                bool keep = await predicate(x.Value);
                storage.Restore();
                if (keep)
                {
                    return x;
                }
            }
        });
    }

    /// <summary>
    /// The values of <paramref name="f"/> that are <c>Some</c>, in order (Lwt's <c>filter_map</c>);
    /// errors as <see cref="Map{TResult}"/>.
    /// </summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> FilterMap<TResult>(Func<T, Option<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Stream.From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                Option<T> x = await Get();
                storage.Restore();
                if (!x.HasValue)
                {
                    return default;
                }

                Option<TResult> y = f(x.Value);
                if (y.HasValue)
                {
                    return y;
                }
            }
        });
    }

    /// <summary>As <see cref="FilterMap{TResult}"/> with an asynchronous function (Lwt's <c>filter_map_s</c>).</summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> FilterMapSequential<TResult>(Func<T, Promise<Option<TResult>>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Stream.From(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                Option<T> x = await Get();
                storage.Restore();
                if (!x.HasValue)
                {
                    return default;
                }

                Option<TResult> y = await f(x.Value);
                storage.Restore();
                if (y.HasValue)
                {
                    return y;
                }
            }
        });
    }

    /// <summary>
    /// The elements of the lists <paramref name="f"/> returns, in order (Lwt's <c>map_list</c>);
    /// errors as <see cref="Map{TResult}"/>. The list is enumerated when the element is read.
    /// </summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> MapList<TResult>(Func<T, IEnumerable<TResult>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return MapListCore(x => Promise.Return(f(x)));
    }

    /// <summary>As <see cref="MapList{TResult}"/> with an asynchronous function (Lwt's <c>map_list_s</c>).</summary>
    /// <typeparam name="TResult">The type of the new elements.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The new stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Stream<TResult> MapListSequential<TResult>(Func<T, Promise<IEnumerable<TResult>>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return MapListCore(f);
    }

    /// <summary>
    /// The elements as <c>Ok</c>, and each failure of this stream's source as an <c>Error</c>
    /// element instead of a rejected read (Lwt's <c>wrap_exn</c>); ends when this stream ends.
    /// Cancellation of a read is also turned into an <c>Error</c>, as in Lwt.
    /// </summary>
    /// <returns>The new stream.</returns>
    public Stream<Result<T, Exception>> WrapExceptions() =>
        Stream.From<Result<T, Exception>>(async () =>
        {
            Option<T> x;
            try
            {
                x = await Get();
            }
            catch (Exception e) when (ExceptionFilter.Handles(e))
            {
                return Result<T, Exception>.Fail(e);
            }

            return x.HasValue ? Result<T, Exception>.Ok(x.Value) : default(Option<Result<T, Exception>>);
        });

    private Stream<TResult> MapListCore<TResult>(Func<T, Promise<IEnumerable<TResult>>> f)
    {
        IEnumerator<TResult>? pending = null;
        return Stream.From<TResult>(async () =>
        {
            CallStorage storage = CallStorage.Capture();
            while (true)
            {
                if (pending is not null)
                {
                    if (pending.MoveNext())
                    {
                        return pending.Current;
                    }

                    pending.Dispose();
                    pending = null;
                }

                Option<T> x = await Get();
                storage.Restore();
                if (!x.HasValue)
                {
                    return default;
                }

                IEnumerable<TResult> list = await f(x.Value) ?? throw new InvalidOperationException("Stream.MapList: the function returned null.");
                storage.Restore();
                pending = list.GetEnumerator();
            }
        });
    }
}
