using System;

namespace Lwt.Unix;

/// <summary>What <see cref="LwtUnix.Access"/> checks (Lwt's <c>Lwt_unix.access_permission</c>).</summary>
[Flags]
public enum AccessModes
{
    /// <summary>Only that the file exists (<c>F_OK</c>).</summary>
    Exists = 0,

    /// <summary>Execute permission (<c>X_OK</c>).</summary>
    Execute = 1,

    /// <summary>Write permission (<c>W_OK</c>).</summary>
    Write = 2,

    /// <summary>Read permission (<c>R_OK</c>).</summary>
    Read = 4,
}
