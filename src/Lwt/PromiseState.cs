namespace Lwt;

/// <summary>The observable state of a promise (Lwt's <c>Lwt.state</c>: <c>Sleep</c>, <c>Return</c>, <c>Fail</c>).</summary>
public enum PromiseState
{
    /// <summary>Not yet resolved (Lwt's <c>Sleep</c>).</summary>
    Pending = 0,

    /// <summary>Resolved with a value (Lwt's <c>Return</c>).</summary>
    Fulfilled = 1,

    /// <summary>Resolved with an exception (Lwt's <c>Fail</c>).</summary>
    Rejected = 2,
}
