namespace Lwt.Unix.Engine;

/// <summary>Which kind an engine is (Lwt's <c>Lwt_engine.id</c>).</summary>
public enum EngineKind
{
    /// <summary><see cref="EpollEngine"/>, the default on Linux.</summary>
    Epoll,

    /// <summary><see cref="PollEngine"/>, the fallback.</summary>
    Poll,

    /// <summary><see cref="SelectEngine"/>, select(2) (Lwt's <c>Engine_id__select</c>).</summary>
    Select,
}
