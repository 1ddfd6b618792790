namespace Lwt.Unix;

/// <summary>When <see cref="FileDescriptor.TcsetattrAsync"/> applies new attributes (OCaml's <c>Unix.setattr_when</c>).</summary>
public enum TerminalSetMode
{
    /// <summary>At once (<c>TCSANOW</c>).</summary>
    Now = 0,

    /// <summary>After all written output has been transmitted (<c>TCSADRAIN</c>).</summary>
    Drain = 1,

    /// <summary>After output is transmitted, also discarding input not yet read (<c>TCSAFLUSH</c>).</summary>
    Flush = 2,
}
