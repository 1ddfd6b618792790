// WheelTimeout.cs: Lwt's Lwt_timeout, cheap coarse timeouts on a one-second timing wheel.
//
// The point of Lwt_timeout is that starting, stopping and restarting a timeout is O(1) and
// allocates nothing: a server restarts a connection's idle timeout on every read. So this is a
// port of the wheel, not a wrapper over engine timers: one sleep per tick for the whole thread,
// a ring of buckets (intrusive circular lists with a sentinel), and a timeout is a node that
// moves between buckets.
//
// Observable contract kept from Lwt (test_lwt_timeout.ml):
// - the wheel sleeps one tick, runs the current bucket, then moves on; a timeout of d ticks is
//   put d buckets ahead of the current one, so it fires between d and d + 1 ticks after Start,
//   and d + 1 ticks when the wheel was idle (its first tick runs the bucket it was started in);
// - Start on a started timeout moves it (one action, not two); Stop on a stopped one does nothing;
//   Change restarts it only if it was started; delays below 1 throw;
// - the wheel stops sleeping once nothing is scheduled;
// - an exception from an action goes to the handler (SetExceptionHandler; by default
//   Promise.AsyncExceptionHook) and the other actions still run.
//
// Lwt's wheel is global; ours is per thread, like the loop it sleeps on, and so is the
// exception handler (Promise.AsyncExceptionHook is per thread too). The class is not named
// Timeout so that it does not clash with System.Threading.Timeout under implicit usings.

using System;
using System.Diagnostics;
using Lwt.Internal;

namespace Lwt.Unix;

/// <summary>
/// A coarse timeout on the thread's one-second timing wheel (Lwt's <c>Lwt_timeout</c>): an action
/// that runs once, about <c>seconds</c> after <see cref="Start"/>, unless stopped first.
/// Starting, stopping and restarting are cheap and allocate nothing, which suits idle timeouts
/// restarted on every I/O.
/// </summary>
/// <remarks>
/// <para>Precision: the action runs between <c>seconds</c> and <c>seconds + 1</c> after
/// <see cref="Start"/>, never earlier; when no other timeout of the thread is running it runs
/// <c>seconds + 1</c> after (Lwt's known over-delay). Use <see cref="Time.Sleep"/> for precise timers.</para>
/// <para>Threads: a timeout belongs to the thread that created it and runs on that thread's
/// <see cref="EventLoop"/>, which must be running (<see cref="Main.Run(Func{Promise})"/>) for it to fire.
/// Using it from another thread, or after that thread's loop was disposed, throws <see cref="InvalidOperationException"/>.</para>
/// <para>Errors: an exception thrown by the action goes to the thread's handler
/// (<see cref="SetExceptionHandler"/>), and the wheel goes on. There is no promise to cancel:
/// <see cref="Stop"/> is the way to call a timeout off.</para>
/// </remarks>
[DebuggerDisplay("WheelTimeout({_delay} s, {IsStarted ? \"started\" : \"stopped\"})")]
public sealed class WheelTimeout
{
    private readonly Action _action;
    private readonly Wheel _wheel;
    private int _delay;
    private WheelTimeout _prev;
    private WheelTimeout _next;

    private WheelTimeout(int delay, Action action, Wheel wheel)
    {
        _delay = delay;
        _action = action;
        _wheel = wheel;
        _prev = this;
        _next = this;
    }

    /// <summary>True between <see cref="Start"/> and the action's run or <see cref="Stop"/>.</summary>
    public bool IsStarted => _next != this;

    /// <summary>
    /// Makes a stopped timeout that will run <paramref name="action"/> about
    /// <paramref name="seconds"/> seconds after <see cref="Start"/> (Lwt's <c>Lwt_timeout.create</c>).
    /// </summary>
    /// <param name="seconds">The delay in whole seconds, at least 1.</param>
    /// <param name="action">The action, run on this thread's loop; an exception goes to the handler.</param>
    /// <returns>The timeout, not started.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public static WheelTimeout Create(int seconds, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentNullException.ThrowIfNull(action);
        Wheel wheel = Wheel.ForThisThread;
        wheel.EnsureSize(seconds);
        return new WheelTimeout(seconds, action, wheel);
    }

    /// <summary>
    /// Sets the handler of exceptions thrown by this thread's timeout actions (Lwt's
    /// <c>Lwt_timeout.set_exn_handler</c>). The default passes them to
    /// <see cref="Promise.AsyncExceptionHook"/>. An exception thrown by the handler itself goes
    /// to <see cref="Promise.AsyncExceptionHook"/>.
    /// </summary>
    /// <param name="handler">The handler.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public static void SetExceptionHandler(Action<Exception> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Wheel.ForThisThread.Handler = handler;
    }

    /// <summary>
    /// Schedules the action (Lwt's <c>Lwt_timeout.start</c>); on a started timeout, schedules it
    /// again from now instead, so it still runs once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that created the timeout.</exception>
    public void Start()
    {
        CheckThread();
        Wheel w = _wheel;
        bool wasStarted = IsStarted;
        Unlink();
        w.Buckets[(w.Position + _delay) % w.Buckets.Length].InsertAfter(this);
        if (!wasStarted)
        {
            w.Count++;
            if (w.Count == 1 && w.Stopped)
            {
                w.Run();
            }
        }
    }

    /// <summary>Unschedules the action (Lwt's <c>Lwt_timeout.stop</c>); does nothing on a stopped timeout.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that created the timeout.</exception>
    public void Stop()
    {
        CheckThread();
        if (IsStarted)
        {
            Unlink();
            _wheel.Count--;
        }
    }

    /// <summary>
    /// Sets the delay (Lwt's <c>Lwt_timeout.change</c>); a started timeout is started again from
    /// now with the new delay, a stopped one stays stopped.
    /// </summary>
    /// <param name="seconds">The new delay in whole seconds, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that created the timeout.</exception>
    public void Change(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        CheckThread();
        _delay = seconds;
        _wheel.EnsureSize(seconds);
        if (IsStarted)
        {
            Start();
        }
    }

    private void CheckThread()
    {
        if (_wheel != Wheel.t_current || !_wheel.IsOnCurrentLoop)
        {
            throw new InvalidOperationException("WheelTimeout: a timeout can only be used on the thread (and the loop) that created it.");
        }
    }

    private void InsertAfter(WheelTimeout node)
    {
        WheelTimeout n = _next;
        _next = node;
        node._prev = this;
        node._next = n;
        n._prev = node;
    }

    private void Unlink()
    {
        _prev._next = _next;
        _next._prev = _prev;
        _next = this;
        _prev = this;
    }

    /// <summary>The thread's wheel: a ring of buckets, the current position, and the ticking loop.</summary>
    private sealed class Wheel
    {
        [ThreadStatic]
        internal static Wheel? t_current;

        private static readonly Action Nothing = static () => { };

        private readonly EventLoop _loop;

        internal Wheel(TimeSpan tick, EventLoop loop)
        {
            Tick = tick;
            _loop = loop;
        }

        // A wheel sleeps on one loop: if the thread's loop was disposed and replaced, the old
        // wheel's sleep is gone with it, so the thread gets a new wheel (old timeouts then refuse use).
        internal static Wheel ForThisThread
        {
            get
            {
                EventLoop loop = EventLoop.Current;
                Wheel? w = t_current;
                return w is not null && ReferenceEquals(w._loop, loop)
                    ? w
                    : t_current = new Wheel(TickOverride ?? TimeSpan.FromSeconds(1), loop);
            }
        }

        internal TimeSpan Tick { get; }

        internal bool IsOnCurrentLoop => ReferenceEquals(_loop, EventLoop.Current);

        internal WheelTimeout[] Buckets { get; private set; } = [];

        internal int Position { get; private set; }

        internal int Count { get; set; }

        internal bool Stopped { get; private set; } = true;

        internal Action<Exception>? Handler { get; set; }

        /// <summary>Grows the ring so that a delay of <paramref name="delay"/> buckets fits, keeping the current bucket first.</summary>
        internal void EnsureSize(int delay)
        {
            int len = Buckets.Length;
            if (delay < len)
            {
                return;
            }

            var grown = new WheelTimeout[delay + 1];
            for (int i = 0; i < grown.Length; i++)
            {
                grown[i] = i < len ? Buckets[(Position + i) % len] : new WheelTimeout(-1, Nothing, this);
            }

            Buckets = grown;
            Position = 0;
        }

        internal void Run()
        {
            Stopped = false;
            Promise.Async(Loop);
        }

        private async Promise Loop()
        {
            while (true)
            {
                await Time.Sleep(Tick);
                WheelTimeout bucket = Buckets[Position];
                while (bucket._next != bucket)
                {
                    WheelTimeout x = bucket._next;
                    x.Unlink();
                    Count--;
                    try
                    {
                        x._action();
                    }
                    catch (Exception e) when (ExceptionFilter.Handles(e))
                    {
                        Report(e);
                    }
                }

                Position = (Position + 1) % Buckets.Length;
                if (Count == 0)
                {
                    Stopped = true;
                    return;
                }
            }
        }

        private void Report(Exception e)
        {
            if (Handler is null)
            {
                Promise.AsyncExceptionHook(e);
                return;
            }

            try
            {
                Handler(e);
            }
            catch (Exception again) when (ExceptionFilter.Handles(again))
            {
                Promise.AsyncExceptionHook(again);
            }
        }
    }

    /// <summary>The tick length of wheels made on this thread from now on; tests shorten it. One second when null.</summary>
    [ThreadStatic]
    internal static TimeSpan? TickOverride;
}
