// MirrorPromise.cs: promises that follow another one and differ only in how cancellation
// reaches them: Protected, NoCancel and WrapInCancelable (LWT-SEMANTICS.md 2.4).

using System;

namespace Lwt.Internal;

internal enum MirrorMode : byte
{
    Protected,
    NoCancel,
    WrapInCancelable,
}

/// <summary>What both mirror promises share.</summary>
internal static class Mirror
{
    internal static Promise.CancelKind KindOf(MirrorMode mode) =>
        mode == MirrorMode.NoCancel ? Promise.CancelKind.NotCancelable : Promise.CancelKind.CancelThis;

    /// <summary>Registers the mirror on its input and, when cancelable, on its own cancellation.</summary>
    internal static void Attach(Promise self, ICallback callback, Promise input, MirrorMode mode)
    {
        input.AddCallback(callback);
        if (mode != MirrorMode.NoCancel)
        {
            self.AddCancelCallback(callback);
        }
    }

    internal static void OnResolved(Promise self, Promise input, ICallback callback, MirrorMode mode, Promise source)
    {
        Promise me = self.Underlying();
        if (ReferenceEquals(source, me))
        {
            // The mirror itself was canceled.
            Promise i = input.Underlying();
            if (i._status != Promise.Status.Pending)
            {
                return;
            }

            if (mode == MirrorMode.Protected)
            {
                // Lwt bugs #56/#181: a canceled protected promise must not stay attached to its input.
                i._payload = CallbackList.Remove(i._payload, callback);
            }
            else
            {
                // Lwt cancels the input from an on_cancel callback: what that raises goes to the
                // async exception hook, and the mirror's own callbacks still run.
                try
                {
                    Promise.CancelCore(i);
                }
                catch (Exception e) when (ExceptionFilter.Handles(e))
                {
                    PromiseRuntime.Current.AsyncExceptionHook(e);
                }
            }

            return;
        }

        if (me._status == Promise.Status.Pending)
        {
            me.ResolveFrom(source);
        }
    }
}

/// <summary>A mirror of a promise of a value.</summary>
internal sealed class MirrorPromise<T>(Promise input, MirrorMode mode)
    : Promise<T>(Mirror.KindOf(mode), null), ICallback
{
    internal void Attach() => Mirror.Attach(this, this, input, mode);

    public void OnResolved(Promise source) => Mirror.OnResolved(this, input, this, mode, source);
}

/// <summary>A mirror of a promise without a value.</summary>
internal sealed class MirrorUnitPromise(Promise input, MirrorMode mode)
    : Promise(Mirror.KindOf(mode), null), ICallback
{
    internal void Attach() => Mirror.Attach(this, this, input, mode);

    public void OnResolved(Promise source) => Mirror.OnResolved(this, input, this, mode, source);
}
