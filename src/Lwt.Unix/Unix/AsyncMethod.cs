namespace Lwt.Unix;

/// <summary>
/// How Lwt_unix's jobs run their blocking system call (Lwt's <c>Lwt_unix.async_method</c>). Chosen per
/// call from <see cref="LwtUnix.AsyncMethodKey"/>, else <see cref="LwtUnix.DefaultAsyncMethod"/>.
/// </summary>
public enum AsyncMethod
{
    /// <summary>
    /// The call runs at once on the loop thread and may block the whole loop (Lwt's <c>Async_none</c>):
    /// for debugging, or for calls known to be fast. The promise comes back resolved.
    /// </summary>
    None,

    /// <summary>The call runs on a worker thread of <see cref="Preemptive"/> (Lwt's <c>Async_detach</c>); the default.</summary>
    Detach,
}
