// DescriptorWatches.cs: the readable/writable watches of an engine, by descriptor, shared by every
// engine kind. Level-triggered, as Lwt's: a watch stays until stopped. An engine kind only says
// how the kernel learns of interest changes (epoll_ctl) or reads the set each time (poll).
// Watches can move to another engine (Lwt_engine.transfer) and keep their handles valid.

using System;
using System.Collections.Generic;

namespace Lwt.Unix.Engine;

internal sealed class DescriptorWatches(DescriptorWatches.IKernelSet kernel)
{
    private readonly Dictionary<int, Watches> _watches = [];

    /// <summary>How an engine kind keeps the kernel's view of the watched set.</summary>
    internal interface IKernelSet
    {
        /// <summary>The interest of <paramref name="fd"/> is now <paramref name="readable"/>/<paramref name="writable"/> (both false: none).</summary>
        /// <exception cref="UnixException">The kernel refused a new descriptor.</exception>
        void Update(int fd, bool readable, bool writable, bool isNew);
    }

    internal int ReadableCount { get; private set; }

    internal int WritableCount { get; private set; }

    internal int DescriptorCount => _watches.Count;

    internal IEnumerable<KeyValuePair<int, Watches>> All => _watches;

    internal EngineEvent Watch(int fd, Action<EngineEvent> callback, bool writable)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        var e = new IoEvent(this, fd, writable, callback);
        Adopt(e);
        return e;
    }

    internal void CollectReady(int fd, bool readable, bool writable, List<IoEvent> ready)
    {
        if (_watches.TryGetValue(fd, out Watches? w))
        {
            if (readable)
            {
                ready.AddRange(w.Readers);
            }

            if (writable)
            {
                ready.AddRange(w.Writers);
            }
        }
    }

    internal void FakeIO(int fd)
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

    /// <summary>Moves every watch to <paramref name="target"/>, all or none; their handles stay valid.</summary>
    internal void TransferTo(DescriptorWatches target)
    {
        var all = new List<IoEvent>();
        foreach (Watches w in _watches.Values)
        {
            all.AddRange(w.Readers);
            all.AddRange(w.Writers);
        }

        // Into the target first: if it refuses one (select's FD_SETSIZE, epoll's EPERM for a
        // regular file), both engines are left as they were and the caller keeps the old one.
        int moved = 0;
        try
        {
            for (; moved < all.Count; moved++)
            {
                target.Adopt(all[moved]);
            }
        }
        catch
        {
            for (int i = 0; i < moved; i++)
            {
                target.Unwatch(all[i]);
                all[i].Owner = this;
            }

            throw;
        }

        foreach (IoEvent e in all)
        {
            Unwatch(e);
        }
    }

    /// <summary>Drops every watch without telling the kernel (the engine is going away).</summary>
    internal void Clear()
    {
        _watches.Clear();
        ReadableCount = 0;
        WritableCount = 0;
    }

    private void Adopt(IoEvent e)
    {
        bool isNew = !_watches.TryGetValue(e.Fd, out Watches? w);
        w ??= new Watches();
        List<IoEvent> list = e.Writable ? w.Writers : w.Readers;
        list.Add(e);
        try
        {
            kernel.Update(e.Fd, w.Readers.Count > 0, w.Writers.Count > 0, isNew);
        }
        catch
        {
            list.Remove(e);
            throw;
        }

        if (isNew)
        {
            _watches.Add(e.Fd, w);
        }

        e.Owner = this;
        if (e.Writable)
        {
            WritableCount++;
        }
        else
        {
            ReadableCount++;
        }
    }

    private void Unwatch(IoEvent e)
    {
        if (!_watches.TryGetValue(e.Fd, out Watches? w) || !(e.Writable ? w.Writers : w.Readers).Remove(e))
        {
            return;
        }

        if (e.Writable)
        {
            WritableCount--;
        }
        else
        {
            ReadableCount--;
        }

        if (w.Readers.Count == 0 && w.Writers.Count == 0)
        {
            _watches.Remove(e.Fd);
        }

        try
        {
            kernel.Update(e.Fd, w.Readers.Count > 0, w.Writers.Count > 0, isNew: false);
        }
        catch (UnixException)
        {
            // A descriptor closed before its watch was stopped is already gone from the kernel's set.
        }
    }

    internal sealed class Watches
    {
        internal readonly List<IoEvent> Readers = [];
        internal readonly List<IoEvent> Writers = [];
    }

    internal sealed class IoEvent(DescriptorWatches owner, int fd, bool writable, Action<EngineEvent> callback) : EngineEvent(callback)
    {
        internal DescriptorWatches Owner { get; set; } = owner;

        internal int Fd { get; } = fd;

        internal bool Writable { get; } = writable;

        private protected override void OnStop() => Owner.Unwatch(this);
    }
}
