// IOVectors.cs: Lwt_unix.IO_vectors, a mutable sequence of buffer slices for readv, writev,
// recv_msg and send_msg. Slices are Memory<byte> (Lwt's bytes and bigarrays alike: an array, a
// native buffer behind a MemoryManager, a MappedFile). The slices are pinned only while a system
// call uses them: on the loop for the length of one call, or for the life of a job on a worker
// thread. Segments live in an array with a moving head, so Drop after a partial write is cheap
// and a sequence reused for every write allocates nothing once it has grown.

using System;
using System.Buffers;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// A sequence of buffer slices for vector I/O (Lwt's <c>Lwt_unix.IO_vectors.t</c>):
/// <see cref="FileDescriptor.ReadvAsync"/>, <see cref="FileDescriptor.WritevAsync"/>,
/// <see cref="FileDescriptor.RecvMsgAsync"/> and <see cref="FileDescriptor.SendMsgAsync"/>.
/// </summary>
/// <remarks>
/// Use it on one thread (the loop's). Keep the buffers untouched while an operation that uses them
/// is pending. After a partial write, <see cref="Drop"/> the bytes written and write again, as in Lwt:
/// <code>
/// while (!vectors.IsEmpty) { vectors.Drop(await fd.WritevAsync(vectors)); }
/// </code>
/// </remarks>
public sealed class IOVectors
{
    private Segment[] _segments = [];
    private int _head;
    private int _count;
    private MemoryHandle[] _pins = [];

    /// <summary>Makes an empty sequence (Lwt's <c>IO_vectors.create</c>).</summary>
    public IOVectors()
    {
    }

    /// <summary>
    /// The most slices one system call takes (Lwt's <c>IO_vectors.system_limit</c>, IOV_MAX: 1024 on
    /// Linux). The calls use the first <see cref="SystemLimit"/> slices of a longer sequence.
    /// </summary>
    public static int? SystemLimit => Libc.IOV_MAX;

    /// <summary>How many slices the sequence holds, empty ones included.</summary>
    public int Count => _count;

    /// <summary>The total number of bytes in the slices (Lwt's <c>IO_vectors.byte_count</c>).</summary>
    public long ByteCount { get; private set; }

    /// <summary>Whether the sequence has no bytes: no slices, or only empty ones (Lwt's <c>IO_vectors.is_empty</c>).</summary>
    public bool IsEmpty => ByteCount == 0;

    /// <summary>
    /// Appends a writable slice (Lwt's <c>IO_vectors.append_bytes</c> and <c>append_bigarray</c>):
    /// reads may fill it, writes send it.
    /// </summary>
    /// <param name="buffer">The slice; an empty one is kept and counts 0 bytes.</param>
    public void Append(Memory<byte> buffer) => Add(new Segment(buffer, writable: true));

    /// <summary>
    /// Appends a read-only slice, for writes and sends only; a read into it throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="buffer">The slice.</param>
    public void Append(ReadOnlyMemory<byte> buffer) => Add(new Segment(buffer, writable: false));

    /// <summary>Appends a whole array as a writable slice.</summary>
    /// <param name="buffer">The array.</param>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    public void Append(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Append(buffer.AsMemory());
    }

    /// <summary>
    /// Appends <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>
    /// as a writable slice (Lwt's <c>IO_vectors.append_bytes vs buffer offset length</c>).
    /// </summary>
    /// <param name="buffer">The array.</param>
    /// <param name="offset">Where the slice starts.</param>
    /// <param name="length">Its length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="offset"/> or <paramref name="length"/> is negative or the slice ends past the
    /// array (Lwt raises <c>Invalid_argument</c> at the next call that uses the sequence).
    /// </exception>
    public void Append(byte[] buffer, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length - offset);
        Append(buffer.AsMemory(offset, length));
    }

    /// <summary>
    /// Removes the first <paramref name="count"/> bytes (Lwt's <c>IO_vectors.drop</c>): slices wholly
    /// inside them go, the next one is shortened. Dropping more than <see cref="ByteCount"/> empties the sequence.
    /// </summary>
    /// <param name="count">How many bytes, typically what a write returned.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative (Lwt ignores it).</exception>
    public void Drop(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (count > 0 && _count > 0)
        {
            ref Segment first = ref _segments[_head];
            int length = first.Memory.Length;
            if (length <= count)
            {
                count -= length;
                ByteCount -= length;
                first = default;
                _head++;
                _count--;
            }
            else
            {
                first = new Segment(first.Memory[(int)count..], first.Writable);
                ByteCount -= count;
                count = 0;
            }
        }

        if (_count == 0)
        {
            _head = 0;
        }
    }

    /// <summary>Removes every slice.</summary>
    public void Clear()
    {
        Array.Clear(_segments, _head, _count);
        _head = 0;
        _count = 0;
        ByteCount = 0;
    }

    /// <summary>How many slices one call takes: <see cref="Count"/>, capped at IOV_MAX.</summary>
    internal int CallCount => Math.Min(_count, Libc.IOV_MAX);

    /// <summary>Throws unless the slices a read would use are writable.</summary>
    internal void CheckWritable(string call, string paramName)
    {
        if (ReadOnlySlice() is int i)
        {
            throw ReadOnlyError(call, i, paramName);
        }
    }

    /// <summary>The first slice a read would use that is read-only, if any.</summary>
    internal int? ReadOnlySlice()
    {
        int n = CallCount;
        for (int i = 0; i < n; i++)
        {
            if (!_segments[_head + i].Writable)
            {
                return i;
            }
        }

        return null;
    }

    internal static ArgumentException ReadOnlyError(string call, int slice, string paramName) =>
        new($"{call}: slice {slice} of the vectors is read-only; a read needs Memory<byte> slices.", paramName);

    /// <summary>
    /// Pins the first <c>iov.Length</c> slices and describes them in <paramref name="iov"/>, for one
    /// call on this thread; <see cref="Unpin"/> must follow.
    /// </summary>
    internal unsafe void Pin(Span<Iovec> iov)
    {
        if (_pins.Length < iov.Length)
        {
            _pins = new MemoryHandle[Math.Max(iov.Length, _pins.Length * 2)];
        }

        for (int i = 0; i < iov.Length; i++)
        {
            ReadOnlyMemory<byte> memory = _segments[_head + i].Memory;
            _pins[i] = memory.Pin();
            iov[i].IovBase = _pins[i].Pointer;
            iov[i].IovLen = (nuint)memory.Length;
        }
    }

    /// <summary>Releases the pins of <see cref="Pin"/>.</summary>
    internal void Unpin(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _pins[i].Dispose();
            _pins[i] = default;
        }
    }

    /// <summary>Pins the slices of one call for a job on a worker thread; released by <see cref="PinnedVectors.Release"/>.</summary>
    internal unsafe PinnedVectors PinForJob()
    {
        int n = CallCount;
        var pins = new MemoryHandle[n];
        var iov = new Iovec[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlyMemory<byte> memory = _segments[_head + i].Memory;
            pins[i] = memory.Pin();
            iov[i].IovBase = pins[i].Pointer;
            iov[i].IovLen = (nuint)memory.Length;
        }

        return new PinnedVectors(pins, iov);
    }

    private void Add(Segment segment)
    {
        if (_head + _count == _segments.Length)
        {
            if (_head > 0 && _count < _segments.Length / 2)
            {
                // Slices were dropped at the front: slide the rest down instead of growing.
                Array.Copy(_segments, _head, _segments, 0, _count);
                Array.Clear(_segments, _count, _head);
            }
            else
            {
                var larger = new Segment[Math.Max(4, _segments.Length * 2)];
                Array.Copy(_segments, _head, larger, 0, _count);
                _segments = larger;
            }

            _head = 0;
        }

        _segments[_head + _count] = segment;
        _count++;
        ByteCount += segment.Memory.Length;
    }

    private readonly struct Segment(ReadOnlyMemory<byte> memory, bool writable)
    {
        internal readonly ReadOnlyMemory<byte> Memory = memory;
        internal readonly bool Writable = writable;
    }
}

/// <summary>
/// The slices of one job, pinned until the job's promise settles on the loop: a detached job's
/// promise settles only after its function returned, or without it ever running when it was
/// canceled in the queue, so the worker never sees unpinned memory.
/// </summary>
internal sealed class PinnedVectors(MemoryHandle[] pins, Iovec[] iov)
{
    internal Iovec[] Iov { get; } = iov;

    internal void Release()
    {
        for (int i = 0; i < pins.Length; i++)
        {
            pins[i].Dispose();
            pins[i] = default;
        }
    }
}
