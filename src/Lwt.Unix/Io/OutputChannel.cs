// OutputChannel.cs: creating output channels (Lwt's make ~mode:output, of_fd), Atomic, flushing
// and Lwt's auto-flush.
//
// Auto-flush: a write only puts bytes in the buffer. Whenever the channel goes idle with bytes
// buffered (an operation ends, or a fast-path write), one auto-flusher per channel is started: it
// waits one Promise.Pause (the next loop iteration) and then, if the channel is idle, flushes
// everything, ignoring errors. So a writer that stops writing sees its output reach the backend
// one iteration later without calling Flush. The flusher acts on the deepest wrapper, so output
// written inside Atomic is flushed through the temporary channel while it is valid.
//
// FlushAll: each thread keeps a weak set of the output channels it made (a channel that is no
// longer referenced is not kept alive by it); the first channel registers FlushAll as an exit
// hook of the thread's loop, as Lwt registers flush_all with Lwt_main.at_exit.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using Lwt.Internal;
using Lwt.Unix;

namespace Lwt.Io;

/// <summary>
/// A buffered channel to write to (Lwt's <c>Lwt_io.output_channel</c>): over a
/// <see cref="FileDescriptor"/> (<see cref="FromDescriptor"/>) or a write function (<see cref="Create"/>).
/// </summary>
/// <remarks>
/// Writes complete once the bytes are in the buffer; a full buffer is written out during the
/// write. Buffered bytes reach the backend on <see cref="Flush"/>, on <see cref="Channel.Close"/>, and by
/// themselves one loop iteration after the writer goes idle (Lwt's auto-flush). Text is UTF-8 unless <see cref="Channel.Encoding"/> says otherwise.
/// Writes that fit in the buffer complete at once and allocate nothing.
/// </remarks>
public sealed partial class OutputChannel : Channel, IPauseWaiter
{
    [ThreadStatic]
    private static ConditionalWeakTable<OutputChannel, object?>? t_open;

    [ThreadStatic]
    private static EventLoop? t_hookedLoop;

    private OutputChannel(ChannelCore core, Channel? outer)
        : base(core, outer)
    {
    }

    /// <summary>
    /// Makes an output channel over a write function (Lwt's <c>Lwt_io.make ~mode:output</c>). The channel
    /// calls <paramref name="write"/> with its buffered bytes whenever it flushes.
    /// </summary>
    /// <param name="write">
    /// Writes up to <c>buffer.Length</c> bytes and fulfills with how many. A result below 0 or above the
    /// length rejects the flush with <see cref="FailureException"/>; an exception it throws or rejects with
    /// reaches the write or flush that called it. When the channel is aborted while this waits, its promise
    /// is canceled and the operation is rejected with <see cref="ChannelClosedException"/>.
    /// </param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="seek">
    /// Moves the backend to an offset and fulfills with the new absolute offset (like <c>lseek</c>), for
    /// <see cref="Channel.SetPosition"/> and <see cref="Channel.Length"/>; when null they are rejected with <see cref="FailureException"/>.
    /// </param>
    /// <param name="close">Called once when the channel is closed (after the final flush) or aborted; nothing when null.</param>
    /// <returns>The channel; its buffer comes from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and goes back on close.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static OutputChannel Create(Func<ReadOnlyMemory<byte>, Promise<int>> write, int? bufferSize = null, Func<Promise>? close = null, Func<long, SeekOrigin, Promise<long>>? seek = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        int size = bufferSize is int s ? CheckBufferSize(s, nameof(bufferSize)) : DefaultBufferSize;
        var channel = new OutputChannel(new ChannelCore(ChannelMode.Output, size, null, write, close ?? InputChannel.NoClose, seek), null);
        Register(channel);
        return channel;
    }

    /// <summary>
    /// Makes an output channel that writes to <paramref name="descriptor"/> (Lwt's <c>Lwt_io.of_fd ~mode:output</c>)
    /// with <see cref="FileDescriptor.WriteAsync"/>.
    /// </summary>
    /// <param name="descriptor">The descriptor to write.</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="close">Called once when the channel closes; when null, closing the channel closes the descriptor.</param>
    /// <returns>The channel. Descriptor errors reject the flushes with <see cref="UnixException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static OutputChannel FromDescriptor(FileDescriptor descriptor, int? bufferSize = null, Func<Promise>? close = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Create(descriptor.ChannelWrite, bufferSize, close ?? (() => InputChannel.CloseDescriptor(descriptor)), (offset, origin) => InputChannel.SeekDescriptor(descriptor, offset, origin));
    }

    /// <summary>
    /// Runs <paramref name="f"/> with exclusive use of the channel (Lwt's <c>Lwt_io.atomic</c>): f gets a
    /// temporary channel whose operations do not queue, while operations on this channel wait until f's
    /// promise resolves. The temporary channel cannot be closed and is invalid afterwards (its operations
    /// are then rejected with <see cref="FailureException"/>).
    /// </summary>
    /// <typeparam name="T">The result of f.</typeparam>
    /// <param name="f">The function; an exception it throws rejects the result.</param>
    /// <returns>f's promise's outcome. Rejected with <see cref="ChannelClosedException"/> if the channel is closed before f starts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public Promise<T> Atomic<T>(Func<OutputChannel, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return AtomicCore(f, new OutputChannel(_core, this));
    }

    /// <summary>Writes every buffered byte to the backend (Lwt's <c>Lwt_io.flush</c>), after the operations queued before it.</summary>
    /// <returns>
    /// Fulfilled once the buffer is empty; at once, without allocating, when it already is. Rejected
    /// with the write function's error (the unwritten bytes stay buffered) and with
    /// <see cref="ChannelClosedException"/> when the channel is closed.
    /// </returns>
    /// <remarks>Canceling a flush that waits rejects it with <see cref="CanceledException"/>; bytes written so far stay written.</remarks>
    public Promise Flush()
    {
        if (CanRunNow)
        {
            return _core.Ptr == 0 ? Promise.Unit : FlushNow();
        }

        return FlushSlow();
    }

    /// <summary>
    /// Flush on an idle wrapper: the buffer goes out at once for as long as the backend takes it
    /// without waiting, as a server's reply to each request does, with no async frame; only a write
    /// that waits makes the rest of the flush asynchronous.
    /// </summary>
    private Promise FlushNow()
    {
        _state = WrapperState.Busy;
        Promise partial;
        do
        {
            partial = FlushPartial();
        }
        while (partial.IsFulfilled && _core.Ptr > 0);

        if (partial.IsPending)
        {
            return FlushRest(partial);
        }

        Release();
        return partial;
    }

    private async Promise FlushRest(Promise partial)
    {
        try
        {
            await partial;
            await FlushBuffer();
        }
        finally
        {
            Release();
        }
    }

    private async Promise FlushSlow()
    {
        await Acquire();
        try
        {
            await FlushBuffer();
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Flushes every open output channel of this thread at once (Lwt's <c>Lwt_io.flush_all</c>), ignoring
    /// their errors. It also runs at exit, as an exit hook of the thread's loop (<see cref="Main.RunExitHooks"/>).
    /// </summary>
    /// <returns>Fulfilled when every flush has ended; never rejected. Canceling it cancels the flushes.</returns>
    public static Promise FlushAll()
    {
        if (t_open is null)
        {
            return Promise.Unit;
        }

        var flushes = new List<Promise>();
        foreach (KeyValuePair<OutputChannel, object?> entry in t_open)
        {
            if (!entry.Key.IsClosed)
            {
                flushes.Add(entry.Key.FlushIgnoringErrors());
            }
        }

        return Promise.Join(flushes);
    }

    private async Promise FlushIgnoringErrors()
    {
        try
        {
            await Flush();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // flush_all ignores errors, as Lwt does.
        }
    }

    private static void Register(OutputChannel channel)
    {
        t_open ??= [];

        // Once per loop: a thread whose loop was disposed gets a new one, which needs the hook too.
        EventLoop loop = EventLoop.Current;
        if (!ReferenceEquals(t_hookedLoop, loop))
        {
            t_hookedLoop = loop;
            loop.ExitHooks.AddLeft(FlushAll);
        }

        t_open.Add(channel, null);
    }

    /// <summary>Writes the buffer out once (Lwt's partial flush) and keeps what was not written at its front.</summary>
    private Promise FlushPartial()
    {
        ChannelCore c = _core;
        Promise<int> io = c.PerformIo(0, c.Ptr, ChannelCore.IoCompletion.Consume);
        if (io.IsFulfilled)
        {
            c.Consume(io.Result);
            return Promise.Unit;
        }

        // Rejected, or waiting: then the call consumes what it wrote when it completes.
        return io;
    }

    internal override Promise<int> PerformHeld()
    {
        int before = _core.Ptr;
        return FlushPartial().Map(() => before - _core.Ptr);
    }

    private protected override Promise FlushPartialHeld() => FlushPartial();

    /// <summary>Writes the whole buffer out; the caller holds the channel.</summary>
    private protected override async Promise FlushBuffer()
    {
        while (_core.Ptr > 0)
        {
            await FlushPartial();
        }
    }

    private protected override void OnIdle()
    {
        if (_core.Ptr > 0)
        {
            StartAutoFlush();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartAutoFlush()
    {
        // An of_bytes channel cannot flush, so Lwt never auto-flushes it.
        if (!_core.AutoFlushing && !_core.IsBytes)
        {
            _core.AutoFlushing = true;
            Promise.PauseWaiter(this);
        }
    }

    /// <summary>
    /// The auto-flusher's wake-up, one pause after a write went to the buffer (Lwt's
    /// <c>pause () &gt;&gt;= flush</c>): the channel itself waits in the pause queue, so that a
    /// write whose bytes an explicit flush already sent costs no promise and no async frame.
    /// </summary>
    void IPauseWaiter.OnWakeup()
    {
        OutputChannel target = Deepest();
        if (target.CanRunNow && _core.Ptr > 0)
        {
            _ = AutoFlush(target);
        }
        else
        {
            _core.AutoFlushing = false;
        }
    }

    /// <summary>Never rejected: errors are ignored, as Lwt's auto-flusher does.</summary>
    private async Promise AutoFlush(OutputChannel target)
    {
        target._state = WrapperState.Busy;
        try
        {
            await target.FlushBuffer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lwt's auto-flush ignores errors; the next explicit flush reports them.
        }
        finally
        {
            target.Release();

            // Cleared last, so that the Release above does not start another flusher at once.
            _core.AutoFlushing = false;
        }
    }

    private OutputChannel Deepest()
    {
        Channel c = Root;
        while (c.Inner is Channel inner)
        {
            c = inner;
        }

        return (OutputChannel)c;
    }
}
