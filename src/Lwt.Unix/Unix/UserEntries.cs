// UserEntries.cs: the records of Lwt_unix's user and group lookups (OCaml's Unix.passwd_entry
// and Unix.group_entry).

namespace Lwt.Unix;

/// <summary>A user account, from <see cref="LwtUnix.Getpwnam"/> or <see cref="LwtUnix.Getpwuid"/> (Lwt's <c>passwd_entry</c>).</summary>
/// <param name="Name">The login name (<c>pw_name</c>).</param>
/// <param name="Password">The password field, usually "x" (<c>pw_passwd</c>).</param>
/// <param name="UserId">The user id (<c>pw_uid</c>).</param>
/// <param name="GroupId">The primary group id (<c>pw_gid</c>).</param>
/// <param name="Gecos">The comment field, often the full name (<c>pw_gecos</c>).</param>
/// <param name="HomeDirectory">The home directory (<c>pw_dir</c>).</param>
/// <param name="Shell">The login shell (<c>pw_shell</c>).</param>
public sealed record PasswdEntry(string Name, string Password, int UserId, int GroupId, string Gecos, string HomeDirectory, string Shell);

/// <summary>A group, from <see cref="LwtUnix.Getgrnam"/> or <see cref="LwtUnix.Getgrgid"/> (Lwt's <c>group_entry</c>).</summary>
/// <param name="Name">The group name (<c>gr_name</c>).</param>
/// <param name="Password">The password field (<c>gr_passwd</c>).</param>
/// <param name="GroupId">The group id (<c>gr_gid</c>).</param>
/// <param name="Members">The names of its members (<c>gr_mem</c>).</param>
public sealed record GroupEntry(string Name, string Password, int GroupId, string[] Members);
