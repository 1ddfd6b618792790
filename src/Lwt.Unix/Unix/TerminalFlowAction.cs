namespace Lwt.Unix;

/// <summary>What <see cref="FileDescriptor.TcflowAsync"/> does (OCaml's <c>Unix.flow_action</c>).</summary>
public enum TerminalFlowAction
{
    /// <summary>Suspend output (<c>TCOOFF</c>).</summary>
    SuspendOutput = 0,

    /// <summary>Restart suspended output (<c>TCOON</c>).</summary>
    RestartOutput = 1,

    /// <summary>Send a STOP character, asking the device to stop sending (<c>TCIOFF</c>).</summary>
    SendStop = 2,

    /// <summary>Send a START character, asking the device to send again (<c>TCION</c>).</summary>
    SendStart = 3,
}
