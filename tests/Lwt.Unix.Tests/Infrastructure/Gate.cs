using System.Threading;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>
/// An event that worker jobs wait on until the test opens it. Disposing opens it first, so a test
/// that fails before its own Set does not leave the process-wide workers blocked for the tests after it.
/// </summary>
internal sealed class Gate : ManualResetEventSlim
{
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Set();
        }

        base.Dispose(disposing);
    }
}
