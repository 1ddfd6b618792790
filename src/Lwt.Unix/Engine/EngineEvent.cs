using System;

namespace Lwt.Unix.Engine;

/// <summary>
/// A registration with an <see cref="Engine"/> (Lwt's <c>Lwt_engine.event</c>): a readable or
/// writable watch on a descriptor, or a timer. Its callback receives the event, so it can stop itself.
/// </summary>
public abstract class EngineEvent
{
    private protected EngineEvent(Action<EngineEvent> callback) => Callback = callback;

    /// <summary>An event that is already stopped and watches nothing (Lwt's <c>fake_event</c>).</summary>
    public static EngineEvent Fake { get; } = new FakeEvent();

    /// <summary>True once <see cref="Stop"/> was called (or a one-shot timer fired).</summary>
    public bool IsStopped { get; private protected set; }

    private protected Action<EngineEvent> Callback { get; }

    /// <summary>Stops the event (Lwt's <c>stop_event</c>); calling it again does nothing.</summary>
    public void Stop()
    {
        if (!IsStopped)
        {
            IsStopped = true;
            OnStop();
        }
    }

    private protected abstract void OnStop();

    internal void Invoke()
    {
        if (!IsStopped)
        {
            Callback(this);
        }
    }

    private sealed class FakeEvent : EngineEvent
    {
        internal FakeEvent()
            : base(static _ => { })
        {
            IsStopped = true;
        }

        private protected override void OnStop()
        {
        }
    }
}
