// SelectEngine.cs: Lwt's select-based engine, on select(2). select's sets are bit arrays of
// FD_SETSIZE (1024) bits, so a descriptor at or above 1024 cannot be watched at all: it is refused
// when the watch is made, with an exception that says so, rather than overflowing the set. The
// sets are rebuilt from the watches for each wait, as PollEngine does.
//
// select fails as a whole (EBADF) when one descriptor of the set is closed, where poll flags only
// that one (POLLNVAL). Lwt's select engine then lets the error escape; we find the closed
// descriptors and report them ready both ways instead, so that the operations waiting on them try
// their call and see EBADF, as with the other engines.

using System;
using System.Collections.Generic;
using Lwt.Unix.Native;

namespace Lwt.Unix.Engine;

/// <summary>
/// The select(2) engine (Lwt's <c>Lwt_engine.select</c>): for systems or tests that want select's
/// behaviour, selectable at run time with <see cref="EventLoop.SetEngine"/>. It watches descriptors
/// below 1024 (<c>FD_SETSIZE</c>) only.
/// </summary>
public sealed unsafe class SelectEngine : Engine, DescriptorWatches.IKernelSet
{
    private const int Words = Libc.FD_SETSIZE / 64;

    private readonly ulong[] _read = new ulong[Words];
    private readonly ulong[] _write = new ulong[Words];

    /// <summary>Makes a select engine.</summary>
    public SelectEngine() => Watches = new DescriptorWatches(this);

    /// <inheritdoc/>
    public override EngineKind Kind => EngineKind.Select;

    private protected override DescriptorWatches Watches { get; }

    /// <exception cref="ArgumentOutOfRangeException">A new descriptor is 1024 or more.</exception>
    void DescriptorWatches.IKernelSet.Update(int fd, bool readable, bool writable, bool isNew)
    {
        // select reads the whole set on every wait: only the bound matters now.
        if (isNew && fd >= Libc.FD_SETSIZE)
        {
            throw new ArgumentOutOfRangeException(
                nameof(fd), fd, $"SelectEngine cannot watch descriptor {fd}: select(2) handles descriptors below FD_SETSIZE ({Libc.FD_SETSIZE}) only; use EpollEngine or PollEngine.");
        }
    }

    private protected override void Wait(int timeoutMs, List<DescriptorWatches.IoEvent> ready)
    {
        if (timeoutMs < 0 && Watches.DescriptorCount == 0)
        {
            throw new InvalidOperationException("SelectEngine.Iterate: blocking with no descriptor and no timer would wait forever.");
        }

        Array.Clear(_read);
        Array.Clear(_write);
        int nfds = 0;
        foreach (KeyValuePair<int, DescriptorWatches.Watches> w in Watches.All)
        {
            if (w.Value.Readers.Count > 0)
            {
                _read[w.Key / 64] |= 1UL << (w.Key % 64);
            }

            if (w.Value.Writers.Count > 0)
            {
                _write[w.Key / 64] |= 1UL << (w.Key % 64);
            }

            nfds = Math.Max(nfds, w.Key + 1);
        }

        int n;
        fixed (ulong* r = _read, wr = _write)
        {
            var timeout = new Timeval { TvSec = timeoutMs / 1000, TvUsec = timeoutMs % 1000 * 1000L };
            n = Libc.select(nfds, r, wr, null, timeoutMs < 0 ? null : &timeout);
        }

        if (n < 0)
        {
            UnixException e = UnixException.FromLastError("select");
            if (e.Errno == Libc.EINTR)
            {
                return;
            }

            if (e.Errno != Libc.EBADF)
            {
                throw e;
            }

            CollectClosed(ready);
        }
        else
        {
            foreach (KeyValuePair<int, DescriptorWatches.Watches> w in Watches.All)
            {
                ulong bit = 1UL << (w.Key % 64);
                bool readable = (_read[w.Key / 64] & bit) != 0;
                bool writable = (_write[w.Key / 64] & bit) != 0;
                if (readable || writable)
                {
                    Watches.CollectReady(w.Key, readable, writable, ready);
                }
            }
        }
    }

    /// <summary>After EBADF: the closed descriptors wake both directions, so their operations see the error.</summary>
    private void CollectClosed(List<DescriptorWatches.IoEvent> ready)
    {
        foreach (KeyValuePair<int, DescriptorWatches.Watches> w in Watches.All)
        {
            if (Libc.fcntl(w.Key, Libc.F_GETFD, 0) < 0)
            {
                Watches.CollectReady(w.Key, readable: true, writable: true, ready);
            }
        }
    }
}
