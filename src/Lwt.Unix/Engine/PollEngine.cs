// PollEngine.cs: the fallback engine, on poll(2): it works wherever POSIX does and needs no kernel
// object of its own. The set of descriptors is rebuilt for each wait from the watches, which costs
// O(watched descriptors) per iteration; epoll is the better choice on Linux.

using System;
using System.Collections.Generic;
using Lwt.Unix.Native;

namespace Lwt.Unix.Engine;

/// <summary>The poll(2) engine (Lwt's <c>poll_based</c>): a fallback, selectable at run time with <see cref="EventLoop.SetEngine"/>.</summary>
public sealed unsafe class PollEngine : Engine, DescriptorWatches.IKernelSet
{
    private PollFd[] _fds = new PollFd[16];

    /// <summary>Makes a poll engine.</summary>
    public PollEngine() => Watches = new DescriptorWatches(this);

    /// <inheritdoc/>
    public override EngineKind Kind => EngineKind.Poll;

    private protected override DescriptorWatches Watches { get; }

    void DescriptorWatches.IKernelSet.Update(int fd, bool readable, bool writable, bool isNew)
    {
        // poll reads the whole set on every wait: nothing to tell the kernel now.
    }

    private protected override void Wait(int timeoutMs, List<DescriptorWatches.IoEvent> ready)
    {
        if (timeoutMs < 0 && Watches.DescriptorCount == 0)
        {
            throw new InvalidOperationException("PollEngine.Iterate: blocking with no descriptor and no timer would wait forever.");
        }

        int count = 0;
        if (_fds.Length < Watches.DescriptorCount)
        {
            _fds = new PollFd[Math.Max(Watches.DescriptorCount, _fds.Length * 2)];
        }

        foreach (KeyValuePair<int, DescriptorWatches.Watches> w in Watches.All)
        {
            _fds[count++] = new PollFd
            {
                Fd = w.Key,
                Events = (short)((w.Value.Readers.Count > 0 ? Libc.POLLIN : 0) | (w.Value.Writers.Count > 0 ? Libc.POLLOUT : 0)),
            };
        }

        int n;
        fixed (PollFd* fds = _fds)
        {
            n = Libc.poll(fds, (nuint)count, timeoutMs);
        }

        if (n < 0)
        {
            UnixException e = UnixException.FromLastError("poll");
            if (e.Errno == Libc.EINTR)
            {
                return;
            }

            throw e;
        }

        for (int i = 0; i < count && n > 0; i++)
        {
            short revents = _fds[i].Revents;
            if (revents == 0)
            {
                continue;
            }

            n--;

            // POLLERR, POLLHUP, POLLNVAL: wake both directions so the operations see the error.
            bool failed = (revents & ~(Libc.POLLIN | Libc.POLLOUT)) != 0;
            Watches.CollectReady(_fds[i].Fd, (revents & Libc.POLLIN) != 0 || failed, (revents & Libc.POLLOUT) != 0 || failed, ready);
        }
    }
}
