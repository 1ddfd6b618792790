using System;

namespace Lwt.Unix;

/// <summary>Options of <see cref="LwtUnix.WaitPid"/> and <see cref="LwtUnix.Wait4"/> (OCaml's <c>Unix.wait_flag</c> list).</summary>
[Flags]
public enum WaitOptions
{
    /// <summary>Wait until the child exits.</summary>
    None = 0,

    /// <summary>Do not wait: report pid 0 if the child has not changed state (<c>WNOHANG</c>).</summary>
    NoHang = 1,

    /// <summary>Also report children that a signal stopped (<c>WUNTRACED</c>).</summary>
    Untraced = 2,
}
