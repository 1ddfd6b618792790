// InputChannel.cs: creating input channels (Lwt's make ~mode:input, of_fd), Atomic, and the
// refill that every slow read goes through. Reads are in InputChannel.Read.cs, lines in
// InputChannel.Lines.cs, binary numbers in InputChannel.Numbers.cs.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Io;

/// <summary>
/// A buffered channel to read from (Lwt's <c>Lwt_io.input_channel</c>): over a
/// <see cref="FileDescriptor"/> (<see cref="FromDescriptor"/>) or a read function (<see cref="Create"/>).
/// </summary>
/// <remarks>
/// Text is UTF-8 unless <see cref="Channel.Encoding"/> says otherwise. Reads served by the buffer complete at once and allocate nothing (except the
/// value itself for strings, arrays and numbers outside the cached ones). End of input is reported
/// by <see cref="System.IO.EndOfStreamException"/> from the reads that need data (Lwt's
/// <c>End_of_file</c>), and by null, 0 or an empty result from the <c>Try</c> and counting forms.
/// </remarks>
public sealed partial class InputChannel : Channel
{
    private InputChannel(ChannelCore core, Channel? outer)
        : base(core, outer)
    {
    }

    /// <summary>
    /// Makes an input channel over a read function (Lwt's <c>Lwt_io.make ~mode:input</c>). The channel
    /// calls <paramref name="read"/> with the free part of its buffer whenever it needs data.
    /// </summary>
    /// <param name="read">
    /// Reads up to <c>buffer.Length</c> bytes into the buffer and fulfills with how many, 0 at end of
    /// input. A result below 0 or above the length rejects the read with <see cref="FailureException"/>;
    /// an exception it throws or rejects with reaches the read that called it. When the channel is closed
    /// while this waits, its promise is canceled and the read is rejected with <see cref="ChannelClosedException"/>.
    /// </param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="seek">
    /// Moves the backend to an offset and fulfills with the new absolute offset (like <c>lseek</c>), for
    /// <see cref="Channel.SetPosition"/> and <see cref="Channel.Length"/>; when null they are rejected with <see cref="FailureException"/>.
    /// </param>
    /// <param name="close">Called once when the channel is closed or aborted; nothing when null.</param>
    /// <returns>The channel; its buffer comes from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and goes back on close.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="read"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static InputChannel Create(Func<Memory<byte>, Promise<int>> read, int? bufferSize = null, Func<Promise>? close = null, Func<long, SeekOrigin, Promise<long>>? seek = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        int size = bufferSize is int s ? CheckBufferSize(s, nameof(bufferSize)) : DefaultBufferSize;
        return new InputChannel(new ChannelCore(ChannelMode.Input, size, read, null, close ?? NoClose, seek), null);
    }

    /// <summary>
    /// Makes an input channel that reads <paramref name="descriptor"/> (Lwt's <c>Lwt_io.of_fd ~mode:input</c>)
    /// with <see cref="FileDescriptor.ReadAsync"/>; one difference: after a read that got fewer bytes
    /// than it asked for (the kernel had no more), the next read of a non-blocking descriptor waits
    /// for readiness before it reads, which saves a read that would fail with EAGAIN.
    /// </summary>
    /// <param name="descriptor">The descriptor to read.</param>
    /// <param name="bufferSize">The buffer size; <see cref="Channel.DefaultBufferSize"/> when null.</param>
    /// <param name="close">Called once when the channel closes; when null, closing the channel closes the descriptor.</param>
    /// <returns>The channel. Descriptor errors reject the reads with <see cref="UnixException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is below <see cref="Channel.MinBufferSize"/>.</exception>
    public static InputChannel FromDescriptor(FileDescriptor descriptor, int? bufferSize = null, Func<Promise>? close = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Create(descriptor.ChannelRead, bufferSize, close ?? (() => CloseDescriptor(descriptor)), (offset, origin) => SeekDescriptor(descriptor, offset, origin));
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
    public Promise<T> Atomic<T>(Func<InputChannel, Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return AtomicCore(f, new InputChannel(_core, this));
    }

    internal static Promise NoClose() => Promise.Unit;

    internal static Promise CloseDescriptor(FileDescriptor descriptor)
    {
        try
        {
            descriptor.Close();
            return Promise.Unit;
        }
        catch (UnixException e)
        {
            return Promise.Fail(e);
        }
    }

    /// <summary><c>lseek</c> on the descriptor (Lwt's of_fd seek). Called on the loop: lseek does no I/O.</summary>
    internal static Promise<long> SeekDescriptor(FileDescriptor descriptor, long offset, SeekOrigin origin)
    {
        descriptor.CheckDescriptor();
        int whence = origin switch
        {
            SeekOrigin.Begin => Libc.SEEK_SET,
            SeekOrigin.Current => Libc.SEEK_CUR,
            _ => Libc.SEEK_END,
        };
        long result = Libc.lseek(descriptor.Fd, offset, whence);
        return result >= 0
            ? Promise.Return(result)
            : Promise.Fail<long>(new UnixException(Marshal.GetLastPInvokeError(), "lseek", descriptor.Fd.ToString(CultureInfo.InvariantCulture)));
    }

    internal static System.IO.EndOfStreamException EndOfInput() => new("End of input reached (Lwt's End_of_file).");

    /// <summary>
    /// Moves the unread bytes to the front of the buffer and reads more after them: fulfilled with
    /// the number of new bytes, 0 at end of input (always, for a channel over an array). The caller holds the channel. With
    /// <paramref name="reader"/>, a refill that waits ends that reader's ReadInto when it completes.
    /// </summary>
    private Promise<int> Refill(InputChannel? reader = null)
    {
        ChannelCore c = _core;
        if (c.IsBytes)
        {
            // Lwt: the whole input is in the array already, so this is end of input; the array and
            // the window stay as they are (the caller's array, which SetPosition can rewind over).
            return Promise.Return(0);
        }

        int unread = c.Max - c.Ptr;
        if (c.Ptr > 0)
        {
            c.Buffer.AsSpan(c.Ptr, unread).CopyTo(c.Buffer);
            c.Ptr = 0;
            c.Max = unread;
        }

        Debug.Assert(c.Max < c.Size, "a refill needs free space");
        Promise<int> io = c.PerformIo(c.Max, c.Size - c.Max, ChannelCore.IoCompletion.Refill, reader);
        if (io.IsFulfilled)
        {
            int n = io.Result;
            c.Max += n;
            c.Offset += n;
        }

        // Rejected, or waiting: then the call extends the window itself when it completes.
        return io;
    }

    internal override Promise<int> PerformHeld() => Refill();
}
