namespace Lwt.Unix;

/// <summary>A pending <c>waitpid</c>/<c>wait4</c> (a node of Lwt's <c>wait_children</c>): which pid, whether stops count, and its resolver.</summary>
internal sealed class ChildWaiter(int pid, bool untraced, Resolver<ChildExit> resolver)
{
    internal int Pid { get; } = pid;

    internal bool Untraced { get; } = untraced;

    internal Resolver<ChildExit> Resolver { get; } = resolver;
}
