namespace Lwt.Unix;

/// <summary>Which readiness an action waits for (Lwt's <c>Lwt_unix.io_event</c>).</summary>
public enum IoEvent
{
    /// <summary>The descriptor is readable (Lwt's <c>Read</c>).</summary>
    Read,

    /// <summary>The descriptor is writable (Lwt's <c>Write</c>).</summary>
    Write,
}
