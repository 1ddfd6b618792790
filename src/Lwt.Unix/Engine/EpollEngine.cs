// EpollEngine.cs: the default engine on Linux. Level-triggered epoll, as Lwt's watches are
// level-triggered: a descriptor stays registered while it has at least one watch, with the
// interest set recomputed when watches come and go. Ready callbacks are collected first and run
// after epoll_wait returns, so a callback that stops another watch cannot confuse the scan.

using System;
using System.Collections.Generic;
using Lwt.Unix.Native;

namespace Lwt.Unix.Engine;

/// <summary>The epoll engine (Linux), the default. Not thread-safe: the loop's thread only.</summary>
public sealed unsafe class EpollEngine : Engine
{
    private const int MaxEvents = 256;

    private readonly Dictionary<int, Watches> _watches = [];
    private readonly List<IoEvent> _ready = [];
    private readonly EpollEvent[] _events = new EpollEvent[MaxEvents];
    private int _epfd;
    private int _readableCount;
    private int _writableCount;

    /// <summary>Makes an engine with its own epoll instance.</summary>
    /// <exception cref="UnixException"><c>epoll_create1</c> failed.</exception>
    public EpollEngine()
    {
        _epfd = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        if (_epfd < 0)
        {
            throw UnixException.FromLastError("epoll_create1");
        }
    }

    /// <inheritdoc/>
    public override int ReadableCount => _readableCount;

    /// <inheritdoc/>
    public override int WritableCount => _writableCount;

    /// <inheritdoc/>
    public override EngineEvent OnReadable(int fd, Action<EngineEvent> callback) => Watch(fd, callback, writable: false);

    /// <inheritdoc/>
    public override EngineEvent OnWritable(int fd, Action<EngineEvent> callback) => Watch(fd, callback, writable: true);

    /// <inheritdoc/>
    public override void FakeIO(int fd)
    {
        if (_watches.TryGetValue(fd, out Watches? w))
        {
            var all = new List<IoEvent>(w.Readers);
            all.AddRange(w.Writers);
            foreach (IoEvent e in all)
            {
                e.Invoke();
            }
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

    private protected override void WaitAndDispatch(int timeoutMs)
    {
        ObjectDisposedException.ThrowIf(_epfd < 0, this);
        if (timeoutMs < 0 && _watches.Count == 0)
        {
            // Nothing could ever wake us: an infinite wait would hang the loop for good.
            throw new InvalidOperationException("EpollEngine.Iterate: blocking with no descriptor and no timer would wait forever.");
        }

        int n;
        fixed (EpollEvent* events = _events)
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

        for (int i = 0; i < n; i++)
        {
            if (!_watches.TryGetValue((int)_events[i].Data, out Watches? w))
            {
                continue;
            }

            uint ev = _events[i].Events;
            bool failed = (ev & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0;
            if ((ev & Libc.EPOLLIN) != 0 || failed)
            {
                _ready.AddRange(w.Readers);
            }

            if ((ev & Libc.EPOLLOUT) != 0 || failed)
            {
                _ready.AddRange(w.Writers);
            }
        }

        try
        {
            foreach (IoEvent e in _ready)
            {
                e.Invoke();
            }
        }
        finally
        {
            _ready.Clear();
        }
    }

    private IoEvent Watch(int fd, Action<EngineEvent> callback, bool writable)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        ObjectDisposedException.ThrowIf(_epfd < 0, this);
        bool isNew = !_watches.TryGetValue(fd, out Watches? w);
        w ??= new Watches();
        var e = new IoEvent(this, fd, writable, callback);
        (writable ? w.Writers : w.Readers).Add(e);
        try
        {
            Control(fd, isNew ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD, w);
        }
        catch
        {
            (writable ? w.Writers : w.Readers).Remove(e);
            throw;
        }

        if (isNew)
        {
            _watches.Add(fd, w);
        }

        if (writable)
        {
            _writableCount++;
        }
        else
        {
            _readableCount++;
        }

        return e;
    }

    private void Unwatch(IoEvent e)
    {
        if (!_watches.TryGetValue(e.Fd, out Watches? w) || !(e.Writable ? w.Writers : w.Readers).Remove(e))
        {
            return;
        }

        if (e.Writable)
        {
            _writableCount--;
        }
        else
        {
            _readableCount--;
        }

        if (w.Readers.Count == 0 && w.Writers.Count == 0)
        {
            _watches.Remove(e.Fd);

            // The descriptor may be closed already (the kernel then dropped it): nothing to undo.
            EpollEvent none = default;
            Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_DEL, e.Fd, &none);
        }
        else
        {
            try
            {
                Control(e.Fd, Libc.EPOLL_CTL_MOD, w);
            }
            catch (UnixException)
            {
                // Same: a closed descriptor has nothing left to modify.
            }
        }
    }

    private void Control(int fd, int op, Watches w)
    {
        var ev = new EpollEvent
        {
            Events = (w.Readers.Count > 0 ? Libc.EPOLLIN : 0) | (w.Writers.Count > 0 ? Libc.EPOLLOUT : 0),
            Data = (ulong)fd,
        };
        if (Libc.epoll_ctl(_epfd, op, fd, &ev) < 0)
        {
            throw UnixException.FromLastError("epoll_ctl", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private sealed class Watches
    {
        internal readonly List<IoEvent> Readers = [];
        internal readonly List<IoEvent> Writers = [];
    }

    private sealed class IoEvent(EpollEngine engine, int fd, bool writable, Action<EngineEvent> callback) : EngineEvent(callback)
    {
        internal int Fd { get; } = fd;

        internal bool Writable { get; } = writable;

        private protected override void OnStop() => engine.Unwatch(this);
    }
}
