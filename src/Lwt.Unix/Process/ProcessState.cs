using Lwt.Unix;

namespace Lwt.Process;

/// <summary>
/// Whether a child is running or has exited (Lwt's <c>Lwt_process.state</c>: <c>Running</c> or <c>Exited status</c>).
/// </summary>
/// <param name="ExitStatus">The status once the child was reaped; null while it runs (<c>Running</c>).</param>
public readonly record struct ProcessState(ProcessStatus? ExitStatus)
{
    /// <summary>The child runs (Lwt's <c>Running</c>).</summary>
    public static ProcessState Running => default;

    /// <summary>Whether the child has not been reaped yet.</summary>
    public bool IsRunning => ExitStatus is null;

    /// <inheritdoc/>
    public override string ToString() => ExitStatus is ProcessStatus s ? "Exited " + s : "Running";
}
