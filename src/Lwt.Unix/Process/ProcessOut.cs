using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>A child whose standard input comes from us (Lwt's <c>Lwt_process.process_out</c>); made by <see cref="LwtProcess.OpenProcessOut"/>.</summary>
public sealed class ProcessOut : ProcessNone
{
    internal ProcessOut(WatchedChild child, TimeSpan? timeout, OutputChannel stdin)
        : base(child, timeout, stdin) => Stdin = stdin;

    /// <summary>The child's standard input (Lwt's <c>#stdin</c>): close it (or the process) to send end of file.</summary>
    public OutputChannel Stdin { get; }
}
