using System;
using System.Diagnostics.CodeAnalysis;

namespace Lwt.Internal;

/// <summary>Throw sites kept out of the hot paths so that those stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void WrongThread(string operation, PromiseRuntime? owner) =>
        throw new InvalidOperationException(
            $"{operation}: this promise belongs to thread {owner?.ThreadId} and was used from thread {Environment.CurrentManagedThreadId}. " +
            "Promises are single-threaded: resolve, await and combine them on their loop's thread, and cross threads " +
            "with Promise.FromTask or the loop's SynchronizationContext.");

    [DoesNotReturn]
    internal static void AlreadyResolved(string operation, string lwtName) =>
        throw new InvalidOperationException(
            $"{operation}: the promise is already resolved; a promise can be resolved only once (Lwt's {lwtName} raises Invalid_argument).");

    [DoesNotReturn]
    internal static void DefaultResolver() =>
        throw new InvalidOperationException("This Resolver is the default value of its type; get one from Promise.Wait or Promise.Cancelable.");

    [DoesNotReturn]
    internal static void NullPromise(string operation) =>
        throw new InvalidOperationException(operation + ": the function returned null instead of a promise.");

    [DoesNotReturn]
    internal static void Empty(string operation, string paramName) =>
        throw new ArgumentException(
            operation + ": an empty collection would return a promise that is pending forever.", paramName);
}
