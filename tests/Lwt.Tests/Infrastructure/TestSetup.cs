using System;
using System.Runtime.CompilerServices;

namespace Lwt.Tests.Infrastructure;

/// <summary>
/// Process-wide test set-up. Lwt's default async exception hook exits the process, which would
/// end the whole test run; in tests an unexpected async exception fails the test that caused it.
/// </summary>
internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Initialize() =>
        Promise.DefaultAsyncExceptionHook = static e =>
            throw new InvalidOperationException("Unexpected exception sent to the async exception hook: " + e.Message, e);
}
