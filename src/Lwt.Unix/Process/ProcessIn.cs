using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>A child whose standard output comes to us (Lwt's <c>Lwt_process.process_in</c>); made by <see cref="LwtProcess.OpenProcessIn"/>.</summary>
public sealed class ProcessIn : ProcessNone
{
    internal ProcessIn(WatchedChild child, TimeSpan? timeout, InputChannel stdout)
        : base(child, timeout, stdout) => Stdout = stdout;

    /// <summary>The child's standard output (Lwt's <c>#stdout</c>); closed by <see cref="ProcessNone.Close"/> and by the timeout.</summary>
    public InputChannel Stdout { get; }
}
