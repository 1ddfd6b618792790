// Channel.Close.cs: close and abort (Lwt's close / abort). Input channels abort at once: a read
// that waits is rejected with ChannelClosedException. Output channels close as an operation
// queued after those already waiting: flush what is buffered (errors ignored), then abort. Either
// way the close function runs once and a second close returns the first close's promise.

using System;

namespace Lwt.Io;

public abstract partial class Channel
{
    /// <summary>
    /// Closes the channel (Lwt's <c>Lwt_io.close</c>). An input channel closes at once; an output
    /// channel first waits for the operations already queued and flushes its buffer. Then the close
    /// function runs (for a channel over a descriptor: the descriptor is closed) and the buffer goes
    /// back to the pool.
    /// </summary>
    /// <returns>
    /// The promise of the close function; closing again returns the same promise and does nothing
    /// else. Waiting and later operations are rejected with <see cref="ChannelClosedException"/>.
    /// </returns>
    /// <remarks>
    /// On error: a failing final flush is ignored and the channel is closed anyway; a failing close
    /// function rejects the promise. On a temporary channel of <c>Atomic</c> the promise is rejected
    /// with <see cref="FailureException"/> and nothing is closed. The promise is not cancelable.
    /// </remarks>
    public Promise Close()
    {
        if (IsTemporary)
        {
            return Promise.Fail(new FailureException("Lwt_io.close: cannot close a channel obtained via Lwt_io.atomic"));
        }

        // Lwt: closing again returns the first close's promise. NoCancel: canceling the close must
        // not stop it half-way (after the wait, before the abort) and leave the channel open.
        return _core.Closing ??= Mode == ChannelMode.Input ? AbortNow() : CloseOutput().NoCancel();
    }

    private async Promise CloseOutput()
    {
        try
        {
            await Acquire();
        }
        catch (ChannelClosedException)
        {
            // Aborted while the close waited: the abort closed it already.
        }

        if (!_core.IsClosed)
        {
            try
            {
                await FlushBuffer();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Lwt ignores errors of the final flush: the channel closes anyway.
            }
        }

        await AbortNow();
    }

    /// <summary>
    /// Closes the channel at once without flushing (Lwt's <c>Lwt_io.abort</c>): buffered output is
    /// lost, waiting operations are rejected with <see cref="ChannelClosedException"/>, and the close
    /// function runs.
    /// </summary>
    /// <returns>The promise of the close function, the same one <see cref="Close"/> returns. Not cancelable.</returns>
    /// <remarks>
    /// On a temporary channel of <c>Atomic</c> this aborts the channel it stands for while the
    /// function runs; once it has ended, the promise is rejected with <see cref="FailureException"/>
    /// ("no more valid") and the channel stays open, as in Lwt.
    /// </remarks>
    public Promise AbortAsync()
    {
        return _state == WrapperState.Invalid ? Promise.Fail(InvalidTemporary()) : Root.AbortNow();
    }

    private Promise AbortNow()
    {
        if (_core.IsClosed)
        {
            return _core.ClosePromise ?? Promise.Unit;
        }

        Promise close = _core.Abort();
        RejectWaiters();

        // Lwt: a wrapper that is idle or held by an operation is closed at once (not busy any
        // more); the operation's Release leaves it closed. An Atomic's wrapper stays as it is
        // until its function ends.
        if (_state is WrapperState.Idle or WrapperState.Busy)
        {
            _state = WrapperState.Closed;
        }

        return close;
    }

    /// <summary>Writes the whole buffer out; output channels override it.</summary>
    private protected virtual Promise FlushBuffer() => Promise.Unit;
}
