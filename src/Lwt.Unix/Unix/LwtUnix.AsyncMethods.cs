// LwtUnix.AsyncMethods.cs: Lwt_unix's async method configuration. Lwt 5 kept two methods,
// Async_none (run the job's call on the loop thread) and Async_detach (run it on a worker), and
// still honours Async_none from the default and the storage key: so do we. The default is read
// once from the LWT_ASYNC_METHOD environment variable ("none" or "detach"), as Lwt does.

using System;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    private static volatile AsyncMethod s_defaultAsyncMethod = ReadAsyncMethodVariable();

    /// <summary>
    /// The async method used when <see cref="AsyncMethodKey"/> is not set (Lwt's
    /// <c>default_async_method</c>/<c>set_default_async_method</c>). Process-wide; initially
    /// <see cref="AsyncMethod.Detach"/>, or what the <c>LWT_ASYNC_METHOD</c> environment variable says
    /// (<c>none</c> or <c>detach</c>; another value is reported on standard error and ignored).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not an <see cref="AsyncMethod"/>.</exception>
    public static AsyncMethod DefaultAsyncMethod
    {
        get => s_defaultAsyncMethod;
        set
        {
            if (value is not (AsyncMethod.None or AsyncMethod.Detach))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown async method.");
            }

            s_defaultAsyncMethod = value;
        }
    }

    /// <summary>The key of the sequence-associated storage that overrides <see cref="DefaultAsyncMethod"/> (Lwt's <c>async_method_key</c>).</summary>
    public static StorageKey<AsyncMethod> AsyncMethodKey { get; } = new();

    /// <summary>The async method jobs started now use (Lwt's <c>async_method ()</c>): <see cref="AsyncMethodKey"/> if set, else <see cref="DefaultAsyncMethod"/>.</summary>
    public static AsyncMethod CurrentAsyncMethod =>
        Promise.TryGetStorage(AsyncMethodKey, out AsyncMethod method) ? method : s_defaultAsyncMethod;

    /// <summary>
    /// Runs <paramref name="f"/> with <see cref="AsyncMethodKey"/> set to <see cref="AsyncMethod.None"/> (Lwt's
    /// <c>with_async_none</c>): the jobs it starts, also from its callbacks, run on the loop thread.
    /// </summary>
    /// <typeparam name="T">What <paramref name="f"/> returns.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>What <paramref name="f"/> returns; an exception from it propagates after the storage is restored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static T WithAsyncNone<T>(Func<T> f) => Promise.WithStorage(AsyncMethodKey, AsyncMethod.None, f);

    /// <summary>Runs <paramref name="f"/> with <see cref="AsyncMethodKey"/> set to <see cref="AsyncMethod.Detach"/> (Lwt's <c>with_async_detach</c>).</summary>
    /// <typeparam name="T">What <paramref name="f"/> returns.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>What <paramref name="f"/> returns; an exception from it propagates after the storage is restored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static T WithAsyncDetach<T>(Func<T> f) => Promise.WithStorage(AsyncMethodKey, AsyncMethod.Detach, f);

    private static AsyncMethod ReadAsyncMethodVariable()
    {
        switch (Environment.GetEnvironmentVariable("LWT_ASYNC_METHOD"))
        {
            case null or "detach":
                return AsyncMethod.Detach;
            case "none":
                return AsyncMethod.None;
            case string other:
                Console.Error.WriteLine($"{AppDomain.CurrentDomain.FriendlyName}: invalid lwt async method: '{other}', must be 'none' or 'detach'");
                return AsyncMethod.Detach;
        }
    }
}
