namespace Lwt.Unix;

/// <summary>The CPU time a child used (Lwt's <c>Lwt_unix.resource_usage</c>), from <c>wait4</c>'s <c>struct rusage</c>.</summary>
/// <param name="UserTime">Time spent in user mode (Lwt's <c>ru_utime</c>).</param>
/// <param name="SystemTime">Time spent in the kernel (Lwt's <c>ru_stime</c>).</param>
public readonly record struct ResourceUsage(System.TimeSpan UserTime, System.TimeSpan SystemTime);
