// ChannelBufferAccess.cs: what Channel.DirectAccess hands to its function (Lwt's direct_access
// record): the channel's buffer, the window pointers, and the refill/flush operation.

using System;
using System.Diagnostics;

namespace Lwt.Io;

/// <summary>
/// Direct access to a channel's buffer during <see cref="Channel.DirectAccess{T}"/> (Lwt's
/// <c>Lwt_io.direct_access</c> record: <c>da_buffer</c>, <c>da_ptr</c>, <c>da_max</c>, <c>da_perform</c>).
/// </summary>
/// <remarks>
/// For an input channel the unread bytes are <c>Buffer[Cursor..Max]</c>: read some and move
/// <see cref="Cursor"/> past them. For an output channel the free space is <c>Buffer[Cursor..Max]</c>:
/// write into it and move <see cref="Cursor"/> past what was written. The object is valid only
/// until the function's promise resolves; <see cref="Buffer"/> must not be kept beyond that.
/// </remarks>
[DebuggerDisplay("{_channel.Mode} buffer, Cursor = {Cursor}, Max = {Max}")]
public sealed class ChannelBufferAccess
{
    private readonly Channel _channel;
    private int _pointer;
    private bool _valid = true;

    internal ChannelBufferAccess(Channel channel)
    {
        _channel = channel;
        _pointer = channel._core.Ptr;
    }

    /// <summary>The channel's whole buffer (Lwt's <c>da_buffer</c>); it does not change while the function runs.</summary>
    public Memory<byte> Buffer => _channel._core.Buffer.AsMemory(0, _channel._core.Size);

    /// <summary>
    /// The start of the unread bytes of an input channel, or of the free space of an output channel
    /// (Lwt's <c>da_ptr</c>). Setting it consumes bytes (input) or commits written bytes (output).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below its value after the last <see cref="Perform"/> (bytes cannot be given back) or above <see cref="Max"/>.</exception>
    /// <exception cref="InvalidOperationException">Set after the function of <see cref="Channel.DirectAccess{T}"/> has ended.</exception>
    public int Cursor
    {
        get => _pointer;
        set
        {
            CheckValid();
            if (value < _channel._core.Ptr || value > Max)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Cursor must stay between {_channel._core.Ptr} and Max ({Max}).");
            }

            _pointer = value;
        }
    }

    /// <summary>The end of the unread bytes (input) or of the free space (output): Lwt's <c>da_max</c>, read-only here.</summary>
    public int Max => _channel._core.Max;

    /// <summary>
    /// Refills the buffer of an input channel, or writes out part of the buffer of an output channel
    /// (Lwt's <c>da_perform</c>). An input refill first moves the unread bytes to the front, so read
    /// <see cref="Cursor"/> and <see cref="Max"/> again afterwards.
    /// </summary>
    /// <returns>
    /// How many bytes were read (0 at end of input) or written. Rejected with the backend's error, with
    /// <see cref="ChannelClosedException"/> if the channel is closed meanwhile, and with
    /// <see cref="InvalidOperationException"/> after the function has ended. Canceling it while it waits
    /// rejects it with <see cref="CanceledException"/>.
    /// </returns>
    public Promise<int> Perform()
    {
        if (!_valid)
        {
            return Promise.Fail<int>(new InvalidOperationException("ChannelBufferAccess.Perform was called after the function of DirectAccess ended (Lwt's da_perform outside direct_access)."));
        }

        if (_channel.IsClosed)
        {
            return Promise.Fail<int>(_channel.Closed());
        }

        _channel._core.Ptr = _pointer;
        return PerformCore();
    }

    private async Promise<int> PerformCore()
    {
        int n = await _channel.PerformHeld();
        _pointer = _channel._core.Ptr;
        return n;
    }

    /// <summary>Writes the pointer back to the channel and ends the access.</summary>
    internal void Commit()
    {
        if (!_channel.IsClosed)
        {
            _channel._core.Ptr = _pointer;
        }

        _valid = false;
    }

    internal void Invalidate() => _valid = false;

    private void CheckValid()
    {
        if (!_valid)
        {
            throw new InvalidOperationException("The function of Channel.DirectAccess has ended; its ChannelBufferAccess is no longer valid.");
        }
    }
}
