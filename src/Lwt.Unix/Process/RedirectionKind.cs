namespace Lwt.Process;

/// <summary>What a <see cref="Redirection"/> does with one of the child's standard descriptors (Lwt's <c>redirection</c> tags).</summary>
public enum RedirectionKind
{
    /// <summary>The child shares the parent's descriptor (Lwt's <c>`Keep</c>).</summary>
    Keep,

    /// <summary>The child gets <c>/dev/null</c>, opened read-write (Lwt's <c>`Dev_null</c>).</summary>
    DevNull,

    /// <summary>The descriptor is closed in the child (Lwt's <c>`Close</c>).</summary>
    Close,

    /// <summary>The child gets a copy of a descriptor, which stays open in the parent (Lwt's <c>`FD_copy</c>).</summary>
    Copy,

    /// <summary>The child gets a descriptor, which is closed in the parent once the child is spawned (Lwt's <c>`FD_move</c>).</summary>
    Move,
}
