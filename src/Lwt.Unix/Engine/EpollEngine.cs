// EpollEngine.cs: the default engine on Linux. Level-triggered epoll, as Lwt's watches are
// level-triggered: a descriptor stays in the epoll set while it has at least one watch, with its
// interest recomputed when watches come and go. Ready callbacks are collected first and run after
// epoll_wait returns, so a callback that stops another watch cannot confuse the scan.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Lwt.Unix.Native;

namespace Lwt.Unix.Engine;

/// <summary>The epoll engine (Linux), the default. Not thread-safe: the loop's thread only.</summary>
public sealed unsafe class EpollEngine : Engine, DescriptorWatches.IKernelSet
{
    private const int MaxEvents = 256;

    private readonly byte[] _events = new byte[MaxEvents * EpollEventLayout.Size];
    private int _epfd;

    /// <summary>Makes an engine with its own epoll instance.</summary>
    /// <exception cref="UnixException"><c>epoll_create1</c> failed.</exception>
    public EpollEngine()
    {
        Watches = new DescriptorWatches(this);
        _epfd = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        if (_epfd < 0)
        {
            throw UnixException.FromLastError("epoll_create1");
        }
    }

    /// <inheritdoc/>
    public override EngineKind Kind => EngineKind.Epoll;

    private protected override DescriptorWatches Watches { get; }

    void DescriptorWatches.IKernelSet.Update(int fd, bool readable, bool writable, bool isNew)
    {
        ObjectDisposedException.ThrowIf(_epfd < 0, this);
        byte* ev = stackalloc byte[16];
        *(uint*)ev = (readable ? Libc.EPOLLIN : 0) | (writable ? Libc.EPOLLOUT : 0);
        Unsafe.WriteUnaligned(ev + EpollEventLayout.DataOffset, (ulong)fd);
        int op = !readable && !writable ? Libc.EPOLL_CTL_DEL : isNew ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD;
        if (Libc.epoll_ctl(_epfd, op, fd, ev) < 0)
        {
            throw UnixException.FromLastError("epoll_ctl", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_epfd >= 0)
        {
            Libc.close(_epfd);
            _epfd = -1;
        }

        base.Dispose(disposing);
    }

    private protected override void Wait(int timeoutMs, List<DescriptorWatches.IoEvent> ready)
    {
        ObjectDisposedException.ThrowIf(_epfd < 0, this);
        if (timeoutMs < 0 && Watches.DescriptorCount == 0)
        {
            // Nothing could ever wake us: an infinite wait would hang the loop for good.
            throw new InvalidOperationException("EpollEngine.Iterate: blocking with no descriptor and no timer would wait forever.");
        }

        int n;
        fixed (byte* events = _events)
        {
            n = Libc.epoll_wait(_epfd, events, MaxEvents, timeoutMs);
        }

        if (n < 0)
        {
            UnixException e = UnixException.FromLastError("epoll_wait");
            if (e.Errno == Libc.EINTR)
            {
                return;
            }

            throw e;
        }

        int size = EpollEventLayout.Size;
        int dataOffset = EpollEventLayout.DataOffset;
        for (int i = 0; i < n; i++)
        {
            uint ev = Unsafe.ReadUnaligned<uint>(ref _events[i * size]);
            int fd = (int)Unsafe.ReadUnaligned<ulong>(ref _events[(i * size) + dataOffset]);
            bool failed = (ev & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0;
            Watches.CollectReady(fd, (ev & Libc.EPOLLIN) != 0 || failed, (ev & Libc.EPOLLOUT) != 0 || failed, ready);
        }
    }
}
