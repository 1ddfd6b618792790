using System;
using System.Threading;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>
/// Runs a test body on a thread of its own and disposes that thread's loop afterwards, so each
/// test gets a fresh loop and leaves no descriptor behind. Exceptions come back to the test.
/// </summary>
internal static class LoopThread
{
    internal static void Run(Action body, int timeoutMs = 20_000)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            Promise.AsyncExceptionHook = static e => throw new InvalidOperationException("Unexpected async exception: " + e.Message, e);
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                EventLoop.Current.Dispose();
            }
        })
        {
            // A hung body is abandoned with its thread: it must not keep the test process alive.
            IsBackground = true,
        };
        thread.Start();
        if (!thread.Join(timeoutMs))
        {
            throw new TimeoutException("The loop thread did not finish in time (a hang).");
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    internal static T Run<T>(Func<T> body)
    {
        T result = default!;
        Run(() => { result = body(); });
        return result;
    }

    internal static int OpenDescriptors() => System.IO.Directory.GetFiles("/proc/self/fd").Length;
}
