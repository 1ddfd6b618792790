using System;
using System.Runtime.CompilerServices;

namespace Lwt.Internal;

/// <summary>
/// How internal promises resolve themselves: always through <see cref="Promise.Underlying"/>
/// (they may have become proxies), and only while still pending (they may have been canceled).
/// </summary>
internal static class Combinator
{
    internal static void Reject(Promise self, Promise rejectedSource) =>
        Reject(self, (Exception)rejectedSource._payload!);

    internal static void Reject(Promise self, Exception exception)
    {
        Promise u = self.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            u.RejectCore(exception);
        }
    }

    internal static void Fulfill<T>(Promise<T> self, T value)
    {
        Promise u = self.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            Unsafe.As<Promise<T>>(u).FulfillCore(value);
        }
    }

    /// <summary><see cref="Fulfill{T}(Promise{T}, T)"/> with the owner's runtime (the current one) at hand.</summary>
    internal static void Fulfill<T>(Promise<T> self, T value, PromiseRuntime rt)
    {
        Promise u = self.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            Unsafe.As<Promise<T>>(u).FulfillCore(value, rt);
        }
    }

    internal static void FulfillUnit(Promise self)
    {
        Promise u = self.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            u.FulfillUnit();
        }
    }

    internal static void ResolveFrom(Promise self, Promise source)
    {
        Promise u = self.Underlying();
        if (u._status == Promise.Status.Pending)
        {
            u.ResolveFrom(source);
        }
    }
}
