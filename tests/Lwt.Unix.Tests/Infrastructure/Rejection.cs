using System;
using Xunit;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>Awaits a promise that must be rejected and hands back its exception.</summary>
internal static class Rejection
{
    internal static async Promise<T> Of<T>(Promise p)
        where T : Exception
    {
        try
        {
            await p;
        }
        catch (T e)
        {
            return e;
        }

        Assert.Fail($"Expected a rejection with {typeof(T).Name}; the promise was fulfilled.");
        return null!;
    }

    internal static async Promise<UnixException> Unix(Promise p, int errno, string call)
    {
        UnixException e = await Of<UnixException>(p);
        Assert.Equal((errno, call), (e.Errno, e.Call));
        return e;
    }
}
