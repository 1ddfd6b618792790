namespace Lwt.Internal;

/// <summary>
/// A computation that is waiting on one promise at a time (an async method's box): canceling
/// the computation's promise cancels whatever it awaits at that moment.
/// </summary>
internal interface IAwaiting
{
    /// <summary>The promise being awaited now, or null when not awaiting a promise.</summary>
    Promise? Awaited { get; }
}
