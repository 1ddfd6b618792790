namespace Lwt.Unix;

/// <summary>How a program will use mapped memory (Lwt's <c>Lwt_bytes.advice</c>), for <see cref="MappedFile.Madvise"/>: the kernel's MADV_ values.</summary>
public enum MemoryAdvice
{
    /// <summary><c>MADV_NORMAL</c>: no special treatment.</summary>
    Normal = 0,

    /// <summary><c>MADV_RANDOM</c>: pages will be used in random order; read ahead less.</summary>
    Random = 1,

    /// <summary><c>MADV_SEQUENTIAL</c>: pages will be used in order; read ahead more.</summary>
    Sequential = 2,

    /// <summary><c>MADV_WILLNEED</c>: the pages will be needed soon; start reading them.</summary>
    WillNeed = 3,

    /// <summary><c>MADV_DONTNEED</c>: the pages are not needed now; a private mapping loses its changes.</summary>
    DontNeed = 4,

    /// <summary><c>MADV_MERGEABLE</c>: let the kernel merge identical pages (KSM).</summary>
    Mergeable = 12,

    /// <summary><c>MADV_UNMERGEABLE</c>: undo <see cref="Mergeable"/>.</summary>
    Unmergeable = 13,

    /// <summary><c>MADV_HUGEPAGE</c>: back the range with huge pages where possible.</summary>
    HugePage = 14,

    /// <summary><c>MADV_NOHUGEPAGE</c>: do not use huge pages for the range.</summary>
    NoHugePage = 15,
}
