namespace Lwt.Unix.Engine;

/// <summary>Which kind an engine is (Lwt's <c>Lwt_engine.id</c>).</summary>
public enum EngineKind
{
    /// <summary><see cref="EpollEngine"/>, the default on Linux.</summary>
    Epoll,

    /// <summary><see cref="PollEngine"/>, the fallback.</summary>
    Poll,
}
