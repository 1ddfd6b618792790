using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>
/// A child with pipes to all three standard descriptors (Lwt's <c>Lwt_process.process_full</c>);
/// made by <see cref="LwtProcess.OpenProcessFull"/>. Read stdout and stderr concurrently: a child
/// that fills one pipe while we wait on the other would block.
/// </summary>
public sealed class ProcessFull : ProcessNone
{
    internal ProcessFull(WatchedChild child, TimeSpan? timeout, OutputChannel stdin, InputChannel stdout, InputChannel stderr)
        : base(child, timeout, stdin, stdout, stderr)
    {
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The child's standard input (Lwt's <c>#stdin</c>).</summary>
    public OutputChannel Stdin { get; }

    /// <summary>The child's standard output (Lwt's <c>#stdout</c>).</summary>
    public InputChannel Stdout { get; }

    /// <summary>The child's standard error (Lwt's <c>#stderr</c>).</summary>
    public InputChannel Stderr { get; }
}
