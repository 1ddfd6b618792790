namespace Lwt.Unix;

/// <summary>How a child process ended or paused (the constructors of OCaml's <c>Unix.process_status</c>).</summary>
public enum ProcessStatusKind
{
    /// <summary>It exited normally with a code (<c>WEXITED</c>).</summary>
    Exited,

    /// <summary>A signal killed it (<c>WSIGNALED</c>).</summary>
    Signaled,

    /// <summary>A signal stopped it (<c>WSTOPPED</c>); reported only to waits that ask for stops.</summary>
    Stopped,
}
