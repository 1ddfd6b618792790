namespace Lwt.Unix;

/// <summary>What <c>wait4</c> told about one child: its pid, its status and its CPU times.</summary>
internal readonly record struct ChildExit(int Pid, ProcessStatus Status, ResourceUsage Usage);
