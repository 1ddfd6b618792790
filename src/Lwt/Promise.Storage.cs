// Promise.Storage.cs: sequence-associated storage (Lwt's new_key/get/with_value, LWT-SEMANTICS.md
// section 4). The current map lives in PromiseRuntime; combinators capture it when they register
// a callback and reinstall it when the callback runs, so a callback sees the storage of the code
// that registered it. Awaits in async methods do not capture it (see docs/architecture.md).

using System;
using Lwt.Internal;

namespace Lwt;

public partial class Promise
{
    /// <summary>The key that <see cref="WithTracingContext{T}"/> sets (Lwt's <c>Private.tracing_context</c>).</summary>
    public static StorageKey<string> TracingContextKey { get; } = new();

    /// <summary>Makes a fresh storage key (Lwt's <c>new_key</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <returns>The key.</returns>
    public static StorageKey<T> NewKey<T>() => new();

    /// <summary>Reads the value the current storage holds for <paramref name="key"/> (Lwt's <c>get</c>).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or default when the key is not set.</param>
    /// <returns>Whether the key is set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static bool TryGetStorage<T>(StorageKey<T> key, out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (StorageMap.TryGet(PromiseRuntime.Current.Storage, key.Id, out object? v))
        {
            value = (T)v!;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Runs <paramref name="f"/> with <paramref name="key"/> set to <paramref name="value"/> (Lwt's
    /// <c>with_value key (Some value) f</c>), then restores the storage, also if <paramref name="f"/> throws.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TResult">What <paramref name="f"/> returns.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="f">The function.</param>
    /// <returns>What <paramref name="f"/> returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="f"/> is null.</exception>
    public static TResult WithStorage<T, TResult>(StorageKey<T> key, T value, Func<TResult> f)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(f);
        return RunWithStorage(key.Id, present: true, value, f);
    }

    /// <summary>
    /// Runs <paramref name="f"/> with <paramref name="key"/> unset (Lwt's <c>with_value key None f</c>),
    /// then restores the storage, also if <paramref name="f"/> throws.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <typeparam name="TResult">What <paramref name="f"/> returns.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="f">The function.</param>
    /// <returns>What <paramref name="f"/> returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="f"/> is null.</exception>
    public static TResult WithoutStorage<T, TResult>(StorageKey<T> key, Func<TResult> f)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(f);
        return RunWithStorage(key.Id, present: false, null, f);
    }

    /// <summary>
    /// Runs <paramref name="f"/> with the tracing context set to <paramref name="name"/> (Lwt's
    /// <c>with_tracing_context</c>): code inside reads it with <see cref="TracingContextKey"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="name">The name of the span.</param>
    /// <param name="f">The computation.</param>
    /// <returns>What <paramref name="f"/> returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<T> WithTracingContext<T>(string name, Func<Promise<T>> f) => WithStorage(TracingContextKey, name, f);

    private static TResult RunWithStorage<TResult>(int keyId, bool present, object? value, Func<TResult> f)
    {
        PromiseRuntime rt = PromiseRuntime.Current;
        StorageMap? saved = rt.Storage;
        rt.Storage = StorageMap.With(saved, keyId, present, value);
        try
        {
            return f();
        }
        finally
        {
            rt.Storage = saved;
        }
    }
}
