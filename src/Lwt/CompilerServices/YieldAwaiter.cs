// YieldAwaiter.cs: what `await Promise.Yield()` compiles to. An async Promise method's builder
// recognizes it and queues the method's box itself for the next wake-up (MethodYield); any other
// awaiting code gets a paused promise, as `await Promise.Pause()` would.

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Lwt.CompilerServices;

/// <summary>Awaits <see cref="Promise.Yield"/>. Obtained from <see cref="YieldAwaitable.GetAwaiter"/>; not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct YieldAwaiter : ICriticalNotifyCompletion
{
    /// <summary>Always false: awaiting a yield always suspends.</summary>
    public bool IsCompleted => false;

    /// <summary>Returns once the wake-up resumed the method; throws its <see cref="CanceledException"/> when the method's promise was canceled during the wait.</summary>
    /// <exception cref="CanceledException">The awaiting async Promise method was canceled while it waited.</exception>
    public void GetResult() => MethodYield.ThrowIfCanceled();

    /// <summary>Runs <paramref name="continuation"/> at the next wake-up, in the captured <see cref="System.Threading.ExecutionContext"/> (through a paused promise).</summary>
    /// <param name="continuation">The continuation.</param>
    public void OnCompleted(Action continuation) => Promise.Pause().GetAwaiter().OnCompleted(continuation);

    /// <summary>Runs <paramref name="continuation"/> at the next wake-up (through a paused promise).</summary>
    /// <param name="continuation">The continuation.</param>
    public void UnsafeOnCompleted(Action continuation) => Promise.Pause().GetAwaiter().UnsafeOnCompleted(continuation);
}
