// Channel.cs: what input and output channels share (Lwt_io's wrapper around a real channel).
//
// READING GUIDE
//
// 1. A channel is a wrapper (this class: state and queue of waiting operations) around a
//    ChannelCore (buffer, offset, backend, call in flight). Channel.Atomic gives a function a
//    temporary wrapper around the same core; every other wrapper is one per channel.
//
// 2. Every operation is atomic (Lwt rule): it takes the wrapper (Idle -> Busy) or queues behind
//    the operation that holds it, FIFO, and hands the wrapper over to the next one when it ends
//    (Channel.Lock.cs). Because the loop is single-threaded, an operation that finds the wrapper
//    Idle and can be served by the buffer alone runs to completion without taking it: that is the
//    fast path of every read and write, and it allocates nothing.
//
// 3. Closing (Channel.Close.cs): input channels abort at once; output channels queue the close
//    behind pending operations, flush, then abort. Aborting rejects in-flight backend calls and
//    every later operation with ChannelClosedException.
//
// 4. Output channels flush themselves one loop iteration after they go idle (OutputChannel.cs,
//    Lwt's auto-flush), and the thread's open output channels can be flushed together.
//
// Where the rest lives: InputChannel*.cs (reads, lines, numbers), OutputChannel*.cs (writes,
// flushing, numbers), ChannelCore.cs (buffer and backend), Channel.Position.cs (SetPosition,
// Length, ResizeBuffer), Channel.Bytes.cs (channels over an array), Channel.Pipe.cs,
// Channel.Stdio.cs and Channel.Special.cs (stdio, Zero, Null), ResultCache.cs (cached results),
// InputChannel.Files.cs and OutputChannel.Files.cs (channels over named files, temp files),
// Channel.Files.cs (file_length, temp directories, delete_recursively).

using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Lwt.Io;

/// <summary>
/// A buffered channel (Lwt's <c>'mode Lwt_io.channel</c>): an <see cref="InputChannel"/> or an
/// <see cref="OutputChannel"/>. Operations on one channel never interleave: each waits for the one
/// before it, in call order.
/// </summary>
/// <remarks>
/// Channels belong to the thread (event loop) that made them, like promises. Closing a channel
/// rejects waiting and later operations with <see cref="ChannelClosedException"/>.
/// </remarks>
[DebuggerDisplay("{Mode} channel, {Buffered} buffered, closed = {IsClosed}")]
public abstract partial class Channel : IAsyncDisposable
{
    /// <summary>The smallest buffer a channel accepts (Lwt's rule: 16 bytes).</summary>
    public const int MinBufferSize = 16;

    private static int s_defaultBufferSize = 4096;

    internal readonly ChannelCore _core;

    private protected Channel(ChannelCore core, Channel? outer)
    {
        _core = core;
        _outer = outer;
    }

    /// <summary>
    /// The buffer size of channels made without an explicit size (Lwt's <c>default_buffer_size</c>
    /// and <c>set_default_buffer_size</c>); 4096 at start.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than <see cref="MinBufferSize"/> or more than <see cref="Array.MaxLength"/>.</exception>
    public static int DefaultBufferSize
    {
        get => s_defaultBufferSize;
        set => s_defaultBufferSize = CheckBufferSize(value, nameof(value));
    }

    /// <summary>The host's byte order (Lwt's <c>Lwt_io.system_byte_order</c>).</summary>
    public static ByteOrder SystemByteOrder => BitConverter.IsLittleEndian ? ByteOrder.LittleEndian : ByteOrder.BigEndian;

    /// <summary>Whether this is an input or an output channel (Lwt's <c>Lwt_io.mode</c>).</summary>
    public ChannelMode Mode => _core.Mode;

    /// <summary>The size of the channel's buffer (Lwt's <c>Lwt_io.buffer_size</c>).</summary>
    public int BufferSize => _core.Size;

    /// <summary>
    /// Bytes held in the buffer (Lwt's <c>Lwt_io.buffered</c>): unread ones for an input channel,
    /// not yet written ones for an output channel. 0 once closed.
    /// </summary>
    public int Buffered => Mode == ChannelMode.Input ? _core.Max - _core.Ptr : _core.Ptr;

    /// <summary>
    /// The position in the byte stream (Lwt's <c>Lwt_io.position</c>): bytes consumed by the reader
    /// of an input channel, bytes written (buffered included) to an output channel.
    /// </summary>
    public long Position => Mode == ChannelMode.Input
        ? _core.Offset - (_core.Max - _core.Ptr)
        : _core.Offset + _core.Ptr;

    /// <summary>True once the channel is closed or aborted (Lwt's <c>Lwt_io.is_closed</c>).</summary>
    public bool IsClosed => _core.IsClosed;

    /// <summary>
    /// True while an operation holds the channel, so a new one would wait (Lwt's <c>Lwt_io.is_busy</c>).
    /// </summary>
    /// <exception cref="FailureException">This is a temporary channel of <c>Atomic</c> whose function has ended.</exception>
    public bool IsBusy => _state switch
    {
        WrapperState.Idle or WrapperState.Closed => false,
        WrapperState.Invalid => throw InvalidTemporary(),
        _ => true,
    };

    internal static int CheckBufferSize(int size, string paramName)
    {
        if (size < MinBufferSize || size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, size, $"A channel buffer holds {MinBufferSize} to {Array.MaxLength} bytes.");
        }

        return size;
    }

    /// <summary>Closes the channel (<see cref="Close"/>) for <c>await using</c>.</summary>
    /// <returns>Completes when the channel is closed.</returns>
    /// <remarks>Errors of the final flush and of the close function are ignored here; call <see cref="Close"/> to see them.</remarks>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_outer is not null)
        {
            return default;
        }

        Promise close = Close();
        return close.IsPending ? Promise.Catch(() => close, static _ => Promise.Unit).AsValueTask() : default;
    }

    /// <summary>Called when the wrapper becomes idle; output channels start their auto-flush here.</summary>
    private protected virtual void OnIdle()
    {
    }

    internal Exception Closed() => new ChannelClosedException(Mode);

    internal FailureException InvalidTemporary() =>
        new(Mode == ChannelMode.Input ? "temporary atomic channel input no more valid" : "temporary atomic channel output no more valid");
}
