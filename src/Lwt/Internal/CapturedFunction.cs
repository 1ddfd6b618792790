// CapturedFunction.cs: a combinator's user function together with the sequence-associated
// storage that was current when the combinator was called, in one field. The storage is almost
// always empty, so the field then holds the delegate itself and the combinator's promise is a
// word smaller; only a non-empty storage costs a pair object.

using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>A user function and the storage to run it under, taken once.</summary>
/// <typeparam name="TDelegate">The function's delegate type.</typeparam>
internal struct CapturedFunction<TDelegate>
    where TDelegate : class
{
    private object? _value;

    internal CapturedFunction(TDelegate f, StorageMap? storage) =>
        _value = storage is null ? f : new WithStorage(f, storage);

    /// <summary>Takes the function and makes its storage current on <paramref name="rt"/>.</summary>
    internal TDelegate Take(PromiseRuntime rt)
    {
        object value = _value!;
        _value = null;
        if (value is WithStorage pair)
        {
            rt.Storage = pair.Storage;
            return Unsafe.As<TDelegate>(pair.Function);
        }

        rt.Storage = null;
        return Unsafe.As<TDelegate>(value);
    }

    /// <summary>Drops the function without running it, so it and its closure can be collected.</summary>
    internal void Drop() => _value = null;

    private sealed class WithStorage(object function, StorageMap storage)
    {
        internal readonly object Function = function;
        internal readonly StorageMap Storage = storage;
    }
}
