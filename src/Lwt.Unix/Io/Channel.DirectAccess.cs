// Channel.DirectAccess.cs: Lwt's low-level buffer access, block and direct_access. Both hold the
// channel like any operation, so nothing else touches the buffer while the user's function runs,
// and they lend the buffer (ChannelCore.Lend): closing the channel meanwhile does not give it back
// to the pool under the function's feet.

using System;

namespace Lwt.Io;

public abstract partial class Channel
{
    /// <summary>
    /// Gives <paramref name="f"/> a window of exactly <paramref name="size"/> bytes of the channel's
    /// buffer (Lwt's <c>Lwt_io.block</c>). For an input channel the window holds the next
    /// <paramref name="size"/> bytes of input (refilling first if needed) and they count as read; for
    /// an output channel it is free space that f fills, and its bytes count as written.
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="size">The window size, 0 to <see cref="BufferSize"/> (Lwt allows at most 16).</param>
    /// <param name="f">Reads or writes the window; must not keep it after its promise resolves.</param>
    /// <returns>
    /// f's result. Rejected with <see cref="System.IO.EndOfStreamException"/> when input ends before
    /// <paramref name="size"/> bytes, with <see cref="ChannelClosedException"/> when the channel is
    /// closed, with the backend's error, and with f's exception. Canceling it while it waits for the
    /// channel or for I/O rejects it with <see cref="CanceledException"/> before f runs.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or above <see cref="BufferSize"/>.</exception>
    public Promise<T> Block<T>(int size, Func<Memory<byte>, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, BufferSize);
        return BlockCore(size, f);
    }

    private async Promise<T> BlockCore<T>(int size, Func<Memory<byte>, Promise<T>> f)
    {
        await Acquire();
        try
        {
            ChannelCore c = _core;
            while (c.Max - c.Ptr < size)
            {
                if (await PerformHeld() == 0 && Mode == ChannelMode.Input)
                {
                    throw InputChannel.EndOfInput();
                }
            }

            Memory<byte> window = c.Buffer.AsMemory(c.Ptr, size);
            c.Ptr += size;
            c.Lend();
            try
            {
                return await f(window);
            }
            finally
            {
                c.EndLend();
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="f"/> with direct access to the channel's buffer (Lwt's
    /// <c>Lwt_io.direct_access</c>): f reads or writes the buffer and moves
    /// <see cref="ChannelBufferAccess.Cursor"/>, and may refill or flush with
    /// <see cref="ChannelBufferAccess.Perform"/>. The pointer is written back when f's promise is fulfilled.
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="f">Works on the buffer; its access object is invalid after its promise resolves.</param>
    /// <returns>
    /// f's result. When f fails, its exception rejects the result and the pointer is not written back
    /// (what a <see cref="ChannelBufferAccess.Perform"/> did stays done), as in Lwt. Rejected with <see cref="ChannelClosedException"/>
    /// when the channel is closed before f starts. Canceling it while it waits for the channel rejects
    /// it with <see cref="CanceledException"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<T> DirectAccess<T>(Func<ChannelBufferAccess, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return DirectAccessCore(f);
    }

    private async Promise<T> DirectAccessCore<T>(Func<ChannelBufferAccess, Promise<T>> f)
    {
        await Acquire();
        var access = new ChannelBufferAccess(this);
        _core.Lend();
        try
        {
            T result = await f(access);
            access.Commit();
            return result;
        }
        finally
        {
            access.Invalidate();
            _core.EndLend();
            Release();
        }
    }

    /// <summary>One refill (input) or partial flush (output); the caller holds the channel.</summary>
    internal abstract Promise<int> PerformHeld();
}
