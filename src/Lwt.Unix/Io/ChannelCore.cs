// ChannelCore.cs: what every wrapper of one channel shares (Lwt's "real channel" behind the
// wrapper). It owns the pooled buffer and the window into it, the byte offset reached by the
// backend, the backend call in flight (which an abort rejects and cancels), and the close function.
//
// Buffer window: an input channel holds unread bytes in [Ptr, Max); an output channel holds
// bytes not yet written in [0, Ptr) and Max is the buffer size.
//
// The buffer comes from ArrayPool<byte>.Shared and goes back when the channel is aborted, but
// never while a backend call may still write into it: a call that outlives the abort (a user
// read function that ignores cancellation) returns the buffer when it settles.

using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Lwt.Internal;

namespace Lwt.Io;

internal sealed class ChannelCore
{
    internal byte[] Buffer;
    internal int Size;
    internal int Ptr;
    internal int Max;
    internal long Offset;
    internal readonly ChannelMode Mode;
    internal bool IsClosed;
    internal Promise? ClosePromise;
    internal Promise? Closing;
    internal bool AutoFlushing;

    /// <summary>The text encoding of line and string reads and writes (UTF-8 unless set).</summary>
    internal Encoding Encoding = Encoding.UTF8;

    /// <summary>The encoded "\n" and "\r" of <see cref="Encoding"/>: one byte each for UTF-8 and Latin-1, two for UTF-16.</summary>
    internal byte[] NewlineBytes = [(byte)'\n'];
    internal byte[] ReturnBytes = [(byte)'\r'];

    /// <summary>Whether <see cref="Encoding"/> is UTF-8, in which ASCII bytes are the characters of the same codes.</summary>
    private bool _utf8 = true;

    private readonly Func<Memory<byte>, Promise<int>>? _read;
    private readonly Func<ReadOnlyMemory<byte>, Promise<int>>? _write;
    private readonly Func<Promise> _close;
    private readonly Func<long, SeekOrigin, Promise<long>>? _seek;
    private PendingIo? _inFlight;

    // Block and DirectAccess hand the buffer to user code; an abort meanwhile must not give it
    // back to the pool until that code is done with it.
    private int _lent;
    private bool _returnWhenUnlent;

    internal ChannelCore(
        ChannelMode mode,
        int bufferSize,
        Func<Memory<byte>, Promise<int>>? read,
        Func<ReadOnlyMemory<byte>, Promise<int>>? write,
        Func<Promise> close,
        Func<long, SeekOrigin, Promise<long>>? seek)
    {
        Mode = mode;
        Size = bufferSize;
        Buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        Max = mode == ChannelMode.Input ? 0 : bufferSize;
        _read = read;
        _write = write;
        _close = close;
        _seek = seek;
    }

    /// <summary>
    /// A core over the caller's array (Lwt's <c>of_bytes</c>): the array is the buffer, input starts
    /// full and never refills, output never flushes; the array is not pooled.
    /// </summary>
    internal ChannelCore(ChannelMode mode, byte[] bytes)
    {
        Mode = mode;
        IsBytes = true;
        Buffer = bytes;
        Size = bytes.Length;
        Max = bytes.Length;
        Offset = mode == ChannelMode.Input ? bytes.Length : 0;
        _close = static () => Promise.Unit;
    }

    /// <summary>True for a channel over the caller's array (Lwt's <c>of_bytes</c>).</summary>
    internal bool IsBytes { get; }

    /// <summary>
    /// One backend call on <c>Buffer[start..start+count)</c> (Lwt's <c>perform_io</c>): checks the
    /// result, and returns a call that waits as a <see cref="PendingIo"/>, which an abort of the
    /// channel rejects with <see cref="ChannelClosedException"/> (and cancels the call), and which
    /// moves the window as <paramref name="completion"/> says when it completes. With a
    /// <paramref name="reader"/>, a call that waits also ends the reader's ReadInto when it completes
    /// (<see cref="InputChannel.EndRefillInto"/>): the waiting read is then this one promise.
    /// </summary>
    internal Promise<int> PerformIo(int start, int count, IoCompletion completion, InputChannel? reader = null)
    {
        Debug.Assert(!IsClosed);
        if (IsBytes)
        {
            // Lwt: the input is all there (end of input next); the output cannot go anywhere.
            return Mode == ChannelMode.Input
                ? Promise.Return(0)
                : Promise.Fail<int>(new FailureException("cannot flush a channel created with Lwt_io.of_string"));
        }

        Promise<int> io;
        try
        {
            io = Mode == ChannelMode.Input
                ? _read!(Buffer.AsMemory(start, count))
                : _write!(new ReadOnlyMemory<byte>(Buffer, start, count));
        }
        catch (Exception e)
        {
            return Promise.Fail<int>(e);
        }

        if (io.IsFulfilled)
        {
            int n = io.Result;
            return (uint)n <= (uint)count ? io : Promise.Fail<int>(InvalidResult());
        }

        if (io.IsRejected)
        {
            return io;
        }

        var pending = new PendingIo(this, io, count, completion, reader);
        _inFlight = pending;
        return pending;
    }

    /// <summary>Moves the backend's position (Lwt's seek function of <c>make</c>); the caller holds the channel.</summary>
    internal Promise<long> Seek(long offset, SeekOrigin origin)
    {
        if (_seek is null)
        {
            return Promise.Fail<long>(new FailureException("Lwt_io.seek: seek not supported on this channel"));
        }

        try
        {
            return _seek(offset, origin);
        }
        catch (Exception e)
        {
            return Promise.Fail<long>(e);
        }
    }

    /// <summary>Swaps in a pooled buffer of <paramref name="size"/> bytes holding the same buffered bytes; the caller holds the channel and made them fit.</summary>
    internal void Resize(int size)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        if (Mode == ChannelMode.Input)
        {
            int unread = Max - Ptr;
            Debug.Assert(unread <= size);
            Buffer.AsSpan(Ptr, unread).CopyTo(bigger);
            Ptr = 0;
            Max = unread;
        }
        else
        {
            Debug.Assert(Ptr <= size);
            Buffer.AsSpan(0, Ptr).CopyTo(bigger);
            Max = size;
        }

        ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = bigger;
        Size = size;
    }

    private FailureException InvalidResult() =>
        new(Mode == ChannelMode.Input
            ? "Lwt_io.perform_io: invalid result of the read function"
            : "Lwt_io.perform_io: invalid result of the write function");

    /// <summary>
    /// Closes the channel now (Lwt's <c>abort</c> on the real channel): rejects in-flight I/O,
    /// runs the close function once, and gives the buffer back. Returns the close promise; a second
    /// call returns the same one.
    /// </summary>
    internal Promise Abort()
    {
        if (ClosePromise is not null)
        {
            return ClosePromise;
        }

        // Lwt's order: mark closed, reject the call in flight (Lwt: what races the abort
        // promise), then run the close function, so that an in-flight read sees
        // ChannelClosedException rather than the EBADF of its descriptor being closed under it.
        IsClosed = true;
        _inFlight?.Abort(new ChannelClosedException(Mode));
        Promise close;
        try
        {
            close = _close();
        }
        catch (Exception e)
        {
            close = Promise.Fail(e);
        }

        ClosePromise = close;
        if (_inFlight is null)
        {
            ReturnBuffer();
        }

        return close;
    }

    /// <summary>What a waiting backend call does to the window when it completes.</summary>
    internal enum IoCompletion
    {
        /// <summary>Nothing: the caller handles the count.</summary>
        None,

        /// <summary>Input: the bytes read extend the unread window.</summary>
        Refill,

        /// <summary>Output: the bytes written leave the front of the buffer (<see cref="Consume"/>).</summary>
        Consume,
    }

    /// <summary>Drops the <paramref name="written"/> bytes at the front of an output buffer, keeping the rest.</summary>
    internal void Consume(int written)
    {
        int rest = Ptr - written;
        if (rest > 0)
        {
            Buffer.AsSpan(written, rest).CopyTo(Buffer);
        }

        Ptr = rest;
        Offset += written;
    }

    /// <summary>Marks the buffer as used by user code (Block, DirectAccess) until <see cref="EndLend"/>.</summary>
    internal void Lend() => _lent++;

    internal void EndLend()
    {
        _lent--;
        if (_lent == 0 && _returnWhenUnlent)
        {
            _returnWhenUnlent = false;
            ReturnBuffer();
        }
    }

    internal void SetEncoding(Encoding encoding)
    {
        byte[] newline = encoding.GetBytes("\n");
        byte[] ret = encoding.GetBytes("\r");
        if (newline.Length == 0 || newline.Length != ret.Length)
        {
            throw new ArgumentException($"The encoding {encoding.WebName} has no fixed-size newline; channels split lines on an encoded \"\\n\".", nameof(encoding));
        }

        Encoding = encoding;
        NewlineBytes = newline;
        ReturnBytes = ret;
        _utf8 = encoding is UTF8Encoding;
    }

    /// <summary>Decodes text read from the channel in its <see cref="Encoding"/>.</summary>
    /// <remarks>
    /// Lines are mostly short and ASCII. For those, UTF-8's GetString makes two passes (validate
    /// and count, then transcode), each with its own set-up; checking for ASCII and widening is
    /// cheaper (read_lines: about 190 down to 140 ns per line of 100 bytes). Latin-1's GetString is
    /// that widening, and ASCII bytes mean the same in both. Any other byte goes to the channel's
    /// encoding, whose fallback rules then apply.
    /// </remarks>
    internal string Decode(ReadOnlySpan<byte> bytes) =>
        _utf8 && Ascii.IsValid(bytes)
            ? Encoding.Latin1.GetString(bytes)
            : Encoding.GetString(bytes);

    private void ReturnBuffer()
    {
        if (_lent > 0)
        {
            _returnWhenUnlent = true;
            return;
        }

        // Lwt keeps the position of a closed channel: fold the window into the offset.
        Offset = Mode == ChannelMode.Input ? Offset - (Max - Ptr) : Offset + Ptr;
        byte[] buffer = Buffer;
        if (buffer.Length == 0 || IsBytes)
        {
            // An of_bytes array belongs to the caller: only the window closes.
            Ptr = Max = 0;
            return;
        }

        // An empty array makes a stray access fail loudly instead of touching a buffer that the
        // pool may have handed to someone else.
        Buffer = [];
        Ptr = 0;
        Max = 0;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// A backend call that waits, as <see cref="PerformIo"/> returns it: fulfilled with the call's
    /// count once the window has moved for it (<see cref="IoCompletion"/>), or rejected with
    /// <see cref="ChannelClosedException"/> when the channel is aborted first, which also cancels
    /// the call (Lwt races the call against the channel's abort promise with pick). One object
    /// stands for the async frame, the pick and the caller's frame of a plain implementation; with
    /// a reader, for its ReadInto too, fulfilled with the count copied to the caller.
    /// Canceling it cancels the call.
    /// </summary>
    private sealed class PendingIo : Promise<int>, ICallback
    {
        private readonly ChannelCore _core;
        private readonly Promise<int> _io;
        private readonly int _count;
        private readonly IoCompletion _completion;
        private readonly InputChannel? _reader;

        internal PendingIo(ChannelCore core, Promise<int> io, int count, IoCompletion completion, InputChannel? reader)
            : base(CancelKind.One, io)
        {
            _core = core;
            _io = io;
            _count = count;
            _completion = completion;
            _reader = reader;
            io.Underlying().AddCallback(this);
        }

        public void OnResolved(Promise source)
        {
            ChannelCore core = _core;
            if (ReferenceEquals(core._inFlight, this))
            {
                core._inFlight = null;
            }

            if (core.IsClosed)
            {
                // Aborted while the call waited, which rejected this promise already: now that the
                // call is over, nothing writes into the buffer any more.
                core.ReturnBuffer();
                return;
            }

            if (source._status == Status.Rejected)
            {
                _reader?.AbandonRefillInto();
                Combinator.Reject(this, source);
                return;
            }

            int n = Unsafe.As<Promise<int>>(source)._value;
            if ((uint)n > (uint)_count)
            {
                _reader?.AbandonRefillInto();
                Combinator.Reject(this, core.InvalidResult());
                return;
            }

            switch (_completion)
            {
                case IoCompletion.Refill:
                    core.Max += n;
                    core.Offset += n;
                    if (_reader is not null)
                    {
                        n = _reader.EndRefillInto(n);
                    }

                    break;
                case IoCompletion.Consume:
                    core.Consume(n);
                    break;
            }

            Combinator.Fulfill(this, n);
        }

        /// <summary>Rejects this promise at once and cancels the call; the buffer goes back when the call is over.</summary>
        internal void Abort(Exception exception)
        {
            // As the finally block of a read's async frame would: the channel's waiters are
            // rejected before the read itself.
            _reader?.AbandonRefillInto();
            Combinator.Reject(this, exception);
            _io.Cancel();
        }
    }
}
