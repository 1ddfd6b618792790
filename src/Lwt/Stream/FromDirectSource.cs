// FromDirectSource.cs: the source of Stream.FromDirect (Lwt's From_direct): each element is the
// result of a synchronous function, called when a reader reaches the tail. Readers never wait on
// it; if the function throws, that read fails and the stream stays open.

using System;

namespace Lwt;

/// <summary>The source of a stream whose elements come from a synchronous function.</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class FromDirectSource<T>(Func<Option<T>> next) : StreamSource<T>
{
    internal override bool TryFill(out Exception? error)
    {
        error = null;
        Option<T> element;
        try
        {
            element = next();
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            error = e;
            return true;
        }

        if (element.TryGetValue(out T value))
        {
            Enqueue(value);
        }
        else
        {
            EnqueueEnd();
            ResolveClosed();
        }

        return true;
    }
}
