// Notification.cs: Lwt_unix's notifications, the way other threads wake a loop to run a function.
// A notification belongs to the loop of the thread that made it; sending it from any thread posts
// to that loop's inbound queue (behind its eventfd), and the loop runs the function on its thread.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Lwt.Unix;

/// <summary>
/// Functions that other threads can ask the loop to run (Lwt's <c>make_notification</c>,
/// <c>send_notification</c>...). Only <see cref="SendFromAnyThread"/> may be called off the loop thread.
/// </summary>
public static class Notification
{
    private static readonly ConcurrentDictionary<int, EventLoop> s_owners = new();
    private static int s_lastId;

    [ThreadStatic]
    private static Dictionary<int, (Action Handler, bool Once)>? t_handlers;

    private static Dictionary<int, (Action Handler, bool Once)> Handlers => t_handlers ??= [];

    /// <summary>
    /// Registers <paramref name="handler"/> on this thread's loop and returns its id (Lwt's
    /// <c>make_notification</c>). With <paramref name="once"/>, the notification is removed before its
    /// first run. An exception from the handler escapes the loop's <c>Main.Run</c>, as in Lwt.
    /// </summary>
    /// <param name="handler">Runs on the loop thread each time the notification is sent.</param>
    /// <param name="once">Whether to forget the notification after its first run.</param>
    /// <returns>The id to send.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public static int Make(Action handler, bool once = false)
    {
        ArgumentNullException.ThrowIfNull(handler);
        int id = Interlocked.Increment(ref s_lastId);
        Handlers[id] = (handler, once);
        s_owners[id] = EventLoop.Current;
        return id;
    }

    /// <summary>
    /// Asks the loop that made notification <paramref name="id"/> to run its handler (Lwt's
    /// <c>send_notification</c>). Safe from any thread; sending an unknown or stopped id, or one whose
    /// loop was disposed, does nothing.
    /// </summary>
    /// <param name="id">The notification.</param>
    public static void SendFromAnyThread(int id)
    {
        if (s_owners.TryGetValue(id, out EventLoop? loop) && !loop.TryPostFromAnyThread(static s => Call((int)s!), id))
        {
            // Its loop was disposed: the notification is gone with it.
            s_owners.TryRemove(id, out _);
        }
    }

    /// <summary>Forgets notification <paramref name="id"/> (Lwt's <c>stop_notification</c>); later sends do nothing.</summary>
    /// <param name="id">The notification.</param>
    public static void Stop(int id)
    {
        Handlers.Remove(id);
        s_owners.TryRemove(id, out _);
    }

    /// <summary>Replaces the handler of notification <paramref name="id"/> (Lwt's <c>set_notification</c>).</summary>
    /// <param name="id">The notification.</param>
    /// <param name="handler">The new handler.</param>
    /// <exception cref="KeyNotFoundException">No such notification on this thread (Lwt's <c>Not_found</c>).</exception>
    public static void Set(int id, Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!Handlers.TryGetValue(id, out (Action Handler, bool Once) entry))
        {
            throw new KeyNotFoundException($"Notification.Set: no notification {id} on this thread's loop.");
        }

        Handlers[id] = (handler, entry.Once);
    }

    /// <summary>Runs the handler of notification <paramref name="id"/> now, on this thread (Lwt's <c>call_notification</c>); an unknown id does nothing.</summary>
    /// <param name="id">The notification.</param>
    public static void Call(int id)
    {
        if (!Handlers.TryGetValue(id, out (Action Handler, bool Once) entry))
        {
            return;
        }

        if (entry.Once)
        {
            Stop(id);
        }

        entry.Handler();
    }
}
