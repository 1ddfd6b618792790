namespace Lwt.Internal;

/// <summary>
/// Something that waits for the next <see cref="Promise.WakeupPaused()"/> in the pause queue
/// without a promise of its own: Lwt's <c>pause () &gt;&gt;= f</c> for code that would otherwise
/// make a promise each time (the channels' auto-flusher; an async method's box awaiting
/// <see cref="Promise.Yield"/>, see MethodYield). It keeps
/// its place in the queue's FIFO order and counts in <see cref="Promise.PausedCount"/>, as the
/// paused promise would.
/// </summary>
internal interface IPauseWaiter
{
    /// <summary>Called by the wake-up; an exception escapes it as one from a paused promise's callback would.</summary>
    void OnWakeup();
}
