// MappedFile.cs: Lwt_bytes.map_file and the calls Lwt_bytes makes on mapped memory (madvise,
// mincore, wait_mincore). A mapping is a MemoryManager<byte>, so it hands out an ordinary
// Memory<byte> that works with every .NET API and with IOVectors. The mapping is released by
// Dispose, but munmap waits until the last pin (a MemoryHandle, e.g. a readv running as a job)
// is released, so no system call or worker ever touches unmapped memory through a pin. A Span
// taken before Dispose must not be used after it; GetSpan after Dispose throws.
//
// mmap needs a page-aligned file offset; Lwt (OCaml's Unix.map_file) accepts any position by
// mapping from the page below it, and so do we.

using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// A file mapped into memory (Lwt's <c>Lwt_bytes.map_file</c>): <see cref="MemoryManager{T}.Memory"/> is
/// the file's bytes from the mapped position. <see cref="IDisposable.Dispose"/> unmaps it.
/// </summary>
/// <remarks>
/// A shared mapping writes changes through to the file; a private one keeps them to itself
/// (copy-on-write). Reading a page that is not in RAM blocks the thread on the disk: call
/// <see cref="WaitMincoreAsync"/> first to have a worker thread bring it in. A mapping that is never
/// disposed stays mapped until the process exits (a MemoryManager has no finalizer).
/// </remarks>
public sealed class MappedFile : MemoryManager<byte>
{
    private readonly nint _mapping;
    private readonly nuint _mappingLength;
    private readonly int _delta;
    private int _pins;
    private int _disposed;

    private MappedFile(nint mapping, nuint mappingLength, int delta, int length)
    {
        _mapping = mapping;
        _mappingLength = mappingLength;
        _delta = delta;
        Length = length;
    }

    /// <summary>The number of bytes mapped.</summary>
    public int Length { get; }

    /// <summary>
    /// Maps <paramref name="size"/> bytes of the file behind <paramref name="fd"/> from
    /// <paramref name="position"/> (Lwt's <c>Lwt_bytes.map_file ~fd ?pos ~shared ?size ()</c>), readable
    /// and writable. The mapping stays valid after <paramref name="fd"/> is closed.
    /// </summary>
    /// <param name="fd">An open regular file; read-write for a shared mapping.</param>
    /// <param name="shared">
    /// True: changes go to the file (MAP_SHARED), which is grown to <paramref name="position"/> +
    /// <paramref name="size"/> if shorter, as Lwt does. False: changes stay private (MAP_PRIVATE).
    /// </param>
    /// <param name="position">Where in the file the mapping starts.</param>
    /// <param name="size">How many bytes; null for the rest of the file from <paramref name="position"/>.</param>
    /// <returns>The mapping; dispose it to unmap.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fd"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="position"/> or <paramref name="size"/> is negative; <paramref name="position"/> is past
    /// the end of the file when <paramref name="size"/> is null; a private mapping would go past the end of the file.
    /// </exception>
    /// <exception cref="UnixException">EBADF when <paramref name="fd"/> is closed; <c>fstat</c>, <c>ftruncate</c> or <c>mmap</c> failed (EACCES for a shared mapping of a read-only file...).</exception>
    public static unsafe MappedFile Map(FileDescriptor fd, bool shared, long position = 0, int? size = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (size is int s)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(s, nameof(size));
        }

        fd.CheckDescriptor("map_file");
        long fileSize = FileSize(fd.Fd);
        long length;
        if (size is int wanted)
        {
            length = wanted;
            if (position + length > fileSize)
            {
                if (!shared)
                {
                    throw new ArgumentOutOfRangeException(nameof(size), size, $"A private mapping cannot go past the end of the file ({fileSize} bytes).");
                }

                if (Libc.ftruncate(fd.Fd, position + length) != 0)
                {
                    throw UnixException.FromLastError("ftruncate", fd.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(position, fileSize);
            length = fileSize - position;
            if (length > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(size), $"The rest of the file ({length} bytes) is more than one Memory<byte> holds; give a size.");
            }
        }

        if (length == 0)
        {
            // mmap refuses an empty mapping; an empty Memory needs none.
            return new MappedFile(0, 0, 0, 0);
        }

        int page = Environment.SystemPageSize;
        int delta = (int)(position % page);
        nuint mappingLength = (nuint)(length + delta);
        nint mapping = Libc.mmap(0, mappingLength, Libc.PROT_READ | Libc.PROT_WRITE, shared ? Libc.MAP_SHARED : Libc.MAP_PRIVATE, fd.Fd, position - delta);
        if (mapping == Libc.MAP_FAILED)
        {
            throw UnixException.FromLastError("mmap", fd.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new MappedFile(mapping, mappingLength, delta, (int)length);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public override unsafe Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new Span<byte>(Start, Length);
    }

    /// <summary>Pins the mapping (it never moves): munmap waits until every pin is released.</summary>
    /// <param name="elementIndex">The byte the handle points to.</param>
    /// <returns>The handle; dispose it to release the pin.</returns>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is outside the mapping.</exception>
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);
        Interlocked.Increment(ref _pins);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Unpin();
            throw new ObjectDisposedException(nameof(MappedFile));
        }

        return new MemoryHandle(Start + elementIndex, default, this);
    }

    /// <summary>Releases a pin made by <see cref="Pin"/>; the last one after Dispose unmaps.</summary>
    public override void Unpin()
    {
        if (Interlocked.Decrement(ref _pins) == 0 && Volatile.Read(ref _disposed) != 0)
        {
            Unmap();
        }
    }

    /// <summary>
    /// Advises the kernel how the bytes from <paramref name="offset"/> for <paramref name="length"/> will be
    /// used (Lwt's <c>Lwt_bytes.madvise</c>). The kernel rounds the range to whole pages; the start must
    /// be on a page boundary of memory (offset 0 of a mapping made at a page-aligned position is).
    /// </summary>
    /// <param name="offset">Where the range starts in <see cref="MemoryManager{T}.Memory"/>.</param>
    /// <param name="length">Its length.</param>
    /// <param name="advice">The advice.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping; <paramref name="advice"/> is not defined.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="UnixException"><c>madvise(2)</c> failed (EINVAL for an unaligned start...).</exception>
    public unsafe void Madvise(int offset, int length, MemoryAdvice advice)
    {
        CheckRange(offset, length);
        if (!Enum.IsDefined(advice))
        {
            throw new ArgumentOutOfRangeException(nameof(advice), advice, "Not a MemoryAdvice.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (length > 0 && Libc.madvise((nint)(Start + offset), (nuint)length, (int)advice) != 0)
        {
            throw UnixException.FromLastError("madvise", "");
        }
    }

    /// <summary>
    /// Tells, for each page from <paramref name="offset"/>, whether it is in RAM (Lwt's <c>Lwt_bytes.mincore</c>):
    /// <c>states[i]</c> is set for the page at <paramref name="offset"/> + i × <see cref="Environment.SystemPageSize"/>.
    /// </summary>
    /// <param name="offset">A multiple of the page size.</param>
    /// <param name="states">One entry per page; each page must start inside the mapping.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="offset"/> is negative or not a multiple of the page size, or the pages of
    /// <paramref name="states"/> do not all start inside the mapping (Lwt's <c>Invalid_argument</c>).
    /// </exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="UnixException"><c>mincore(2)</c> failed.</exception>
    public unsafe void Mincore(int offset, Span<bool> states)
    {
        int page = Environment.SystemPageSize;
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset % page != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Not a multiple of the page size ({page}).");
        }

        if (states.Length > 0 && (long)Length - offset < ((long)states.Length - 1) * page + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(states), states.Length, $"{states.Length} pages from offset {offset} go past the end of the mapping ({Length} bytes).");
        }

        if (states.Length == 0)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // mincore wants a page-aligned address: the mapping starts on a page, so round down from it.
        nint address = (nint)(Start + offset) & ~(nint)(page - 1);
        byte[] vector = new byte[states.Length + 1];
        fixed (byte* v = vector)
        {
            if (Libc.mincore(address, (nuint)states.Length * (nuint)page, v) != 0)
            {
                throw UnixException.FromLastError("mincore", "");
            }
        }

        for (int i = 0; i < states.Length; i++)
        {
            states[i] = (vector[i] & 1) != 0;
        }
    }

    /// <summary>
    /// Waits until the page holding the byte at <paramref name="offset"/> is in RAM (Lwt's
    /// <c>Lwt_bytes.wait_mincore</c>): at once if it is, else a worker thread reads the byte, which
    /// brings the page in, while the loop goes on.
    /// </summary>
    /// <param name="offset">A byte of the mapping.</param>
    /// <returns>A promise fulfilled once the page is in RAM; it can be canceled only while the job waits for a worker.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or not below <see cref="Length"/>.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="UnixException"><c>mincore(2)</c> failed.</exception>
    public Promise WaitMincoreAsync(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, Length);
        int page = Environment.SystemPageSize;
        Span<bool> state = stackalloc bool[1];
        Mincore(offset - (offset % page), state);
        if (state[0])
        {
            return Promise.Unit;
        }

        MemoryHandle pin = Pin(offset);
        return LwtUnix.Job(
            () =>
            {
                Touch(pin);
                return true;
            },
            pin.Dispose);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Volatile.Read(ref _pins) == 0)
        {
            Unmap();
        }
    }

    private unsafe byte* Start => (byte*)_mapping + _delta;

    private static unsafe void Touch(MemoryHandle pin) => _ = Volatile.Read(ref *(byte*)pin.Pointer);

    private static unsafe long FileSize(int fd)
    {
        byte* buffer = stackalloc byte[256];
        byte empty = 0;
        if (Libc.statx(fd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, buffer) != 0)
        {
            throw UnixException.FromLastError("fstat", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // struct statx: stx_size is the __u64 at offset 40, on every architecture.
        return *(long*)(buffer + 40);
    }

    private void CheckRange(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - offset);
    }

    private void Unmap()
    {
        // A zero-length mapping has no mmap behind it. Both callers reach here once: Dispose when no
        // pin is out, or the last Unpin after Dispose; the exchange makes it so if both race.
        if (_mappingLength != 0 && Interlocked.Exchange(ref _disposed, 2) == 1)
        {
            Libc.munmap(_mapping, _mappingLength);
        }
    }
}
