// WatchedChild.cs: a child this library started, until it is reaped: its pid, its process group
// (for waitpid's group waits), the pidfd that becomes readable when it exits and that pidfd's
// engine watch, and the promise of its exit.

using Lwt.Unix.Engine;

namespace Lwt.Unix;

internal sealed class WatchedChild
{
    private readonly Resolver<ChildExit> _resolver;

    internal WatchedChild(int pid, int processGroup)
    {
        Pid = pid;
        ProcessGroup = processGroup;
        (Exit, _resolver) = Promise.Wait<ChildExit>();
    }

    internal int Pid { get; }

    internal int ProcessGroup { get; }

    /// <summary>The pidfd, or -1 when the loop learns of the exit through SIGCHLD instead.</summary>
    internal int PidFd { get; set; } = -1;

    internal EngineEvent? Watch { get; set; }

    /// <summary>Resolved once, when the child is reaped; rejected if someone else reaped it (ECHILD). Not cancelable.</summary>
    internal Promise<ChildExit> Exit { get; }

    internal void Resolve(ChildExit exit) => _resolver.Resolve(exit);

    internal void Reject(System.Exception exception) => _resolver.Reject(exception);
}
