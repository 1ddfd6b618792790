// Channel.Position.cs: random access and buffer resizing (Lwt's set_position, length,
// resize_buffer). Each runs as one operation that holds the channel. Moving an input channel
// ahead inside the bytes its buffer holds and it has not read yet only moves the read pointer, as
// Lwt does; anything else, going back included, flushes (output) or drops the buffer (input) and
// seeks the backend, so a pipe or socket cannot go back.

using System;
using System.IO;

namespace Lwt.Io;

public abstract partial class Channel
{
    /// <summary>
    /// Moves the channel to byte <paramref name="position"/> of its backend (Lwt's <c>Lwt_io.set_position</c>):
    /// an output channel flushes first; an input channel moving ahead inside the bytes it has buffered
    /// and not read yet just moves its read pointer, otherwise (going back included) it drops its
    /// buffer and seeks.
    /// </summary>
    /// <param name="position">The absolute position.</param>
    /// <returns>
    /// Fulfilled once moved; on a channel over an array (<c>FromBytes</c>) it moves the pointer into the
    /// array, and a position beyond its end rejects it with <see cref="ArgumentOutOfRangeException"/>. Rejected with <see cref="FailureException"/> when the channel has no seek
    /// function or the seek lands elsewhere, with the flush's or the seek's error, and with
    /// <see cref="ChannelClosedException"/> when the channel is closed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is negative.</exception>
    /// <remarks>Canceling it while it waits rejects it with <see cref="CanceledException"/>; the position is then unspecified.</remarks>
    public Promise SetPosition(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return SetPositionHeld(position);
    }

    private async Promise SetPositionHeld(long position)
    {
        await Acquire();
        try
        {
            ChannelCore c = _core;
            if (c.IsBytes)
            {
                // Lwt (after #636): the position of an of_bytes channel is its pointer into the array.
                c.Ptr = position <= c.Size
                    ? (int)position
                    : throw new ArgumentOutOfRangeException(nameof(position), position, "Beyond the end of the channel's array.");
                return;
            }

            if (Mode == ChannelMode.Input)
            {
                long current = c.Offset - (c.Max - c.Ptr);
                if (position >= current && position <= c.Offset)
                {
                    c.Ptr = c.Max - (int)(c.Offset - position);
                    return;
                }
            }
            else
            {
                await FlushBuffer();
            }

            long reached = await c.Seek(position, SeekOrigin.Begin);
            if (reached != position)
            {
                throw new FailureException("Lwt_io.set_position: seek failed");
            }

            c.Offset = position;
            if (Mode == ChannelMode.Input)
            {
                c.Ptr = 0;
                c.Max = 0;
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>The length of the channel's backend, e.g. a file's size (Lwt's <c>Lwt_io.length</c>).</summary>
    /// <returns>
    /// The length, found by seeking to the end and back. Rejected with <see cref="FailureException"/> when
    /// the channel has no seek function or the seek back lands elsewhere, with the seek's error, and with
    /// <see cref="ChannelClosedException"/> when the channel is closed.
    /// </returns>
    /// <remarks>Buffered output not yet flushed is not counted, as in Lwt. Canceling it while it waits rejects it with <see cref="CanceledException"/>.</remarks>
    public async Promise<long> Length()
    {
        await Acquire();
        try
        {
            if (_core.IsBytes)
            {
                return _core.Size;
            }

            long length = await _core.Seek(0, SeekOrigin.End);
            if (await _core.Seek(_core.Offset, SeekOrigin.Begin) != _core.Offset)
            {
                throw new FailureException("Lwt_io.length: seek failed");
            }

            return length;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Changes the buffer size (Lwt's <c>Lwt_io.resize_buffer</c>): an output channel first flushes until its
    /// buffered bytes fit; an input channel refuses a size smaller than its unread bytes.
    /// </summary>
    /// <param name="size">The new size.</param>
    /// <returns>
    /// Fulfilled once resized. Rejected with <see cref="FailureException"/> when unread input does not fit,
    /// with the flush's error, and with <see cref="ChannelClosedException"/> when the channel is closed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below <see cref="MinBufferSize"/>.</exception>
    /// <remarks>Canceling it while it waits rejects it with <see cref="CanceledException"/> and keeps the old buffer.</remarks>
    public Promise ResizeBuffer(int size)
    {
        CheckBufferSize(size, nameof(size));
        return ResizeBufferHeld(size);
    }

    private async Promise ResizeBufferHeld(int size)
    {
        await Acquire();
        try
        {
            ChannelCore c = _core;
            if (c.IsBytes)
            {
                throw new FailureException("Lwt_io.resize_buffer: cannot resize the buffer of a channel created with Lwt_io.of_string");
            }

            if (Mode == ChannelMode.Input)
            {
                if (c.Max - c.Ptr > size)
                {
                    throw new FailureException("Lwt_io.resize_buffer: cannot decrease buffer size");
                }
            }
            else
            {
                while (c.Ptr > size)
                {
                    await FlushPartialHeld();
                }
            }

            c.Resize(size);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>One partial flush; output channels override it.</summary>
    private protected virtual Promise FlushPartialHeld() => Promise.Unit;
}
