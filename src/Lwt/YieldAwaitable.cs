// YieldAwaitable.cs: what Promise.Yield() returns, so that `await Promise.Yield()` suspends an
// async method until the next WakeupPaused without making a promise (Task.Yield's counterpart).

using System.Runtime.InteropServices;
using Lwt.CompilerServices;

namespace Lwt;

/// <summary>
/// Awaited, suspends the async method until the next <see cref="Promise.WakeupPaused()"/> on
/// this thread, exactly as awaiting <see cref="Promise.Pause"/> would. Obtained from
/// <see cref="Promise.Yield"/>; only for <c>await</c>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct YieldAwaitable
{
    /// <summary>Gets the awaiter, so that <c>await Promise.Yield()</c> compiles.</summary>
    /// <returns>The awaiter.</returns>
    public YieldAwaiter GetAwaiter() => default;
}
