// ProcessEnvironment.cs: the environment a child gets. Lwt takes an optional string array that
// replaces the environment; here the parent's can also be kept or extended.

using System;
using System.Collections;
using System.Collections.Generic;

namespace Lwt.Process;

/// <summary>
/// The environment of a child process (Lwt's <c>?env</c>): the parent's (<see cref="Inherit"/>, the
/// default), a replacement (<see cref="Replace"/>, Lwt's <c>~env</c>), or the parent's with changes
/// (<see cref="Extend"/>). The parent's environment is .NET's view of it
/// (<see cref="System.Environment.GetEnvironmentVariables()"/>), read when the child is spawned.
/// </summary>
public sealed class ProcessEnvironment
{
    private readonly string[]? _entries;
    private readonly bool _extend;

    private ProcessEnvironment(string[]? entries, bool extend)
    {
        _entries = entries;
        _extend = extend;
    }

    /// <summary>The child gets the parent's environment.</summary>
    public static ProcessEnvironment Inherit { get; } = new(null, extend: false);

    /// <summary>The child gets exactly <paramref name="entries"/> (Lwt's <c>~env</c>).</summary>
    /// <param name="entries"><c>NAME=value</c> strings.</param>
    /// <returns>The environment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one entry is null.</exception>
    /// <exception cref="ArgumentException">An entry has no <c>=</c> after a name, or contains a NUL character.</exception>
    public static ProcessEnvironment Replace(params string[] entries) => new(Check(entries), extend: false);

    /// <summary>The child gets the parent's environment, with <paramref name="entries"/> added or replacing the variables of the same name.</summary>
    /// <param name="entries"><c>NAME=value</c> strings.</param>
    /// <returns>The environment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one entry is null.</exception>
    /// <exception cref="ArgumentException">An entry has no <c>=</c> after a name, or contains a NUL character.</exception>
    public static ProcessEnvironment Extend(params string[] entries) => new(Check(entries), extend: true);

    /// <summary>The <c>NAME=value</c> strings for the child, now.</summary>
    internal List<string> Build()
    {
        if (_entries is not null && !_extend)
        {
            return [.. _entries];
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            merged[(string)e.Key] = (string?)e.Value ?? "";
        }

        foreach (string entry in _entries ?? [])
        {
            int eq = entry.IndexOf('=', StringComparison.Ordinal);
            merged[entry[..eq]] = entry[(eq + 1)..];
        }

        var result = new List<string>(merged.Count);
        foreach (KeyValuePair<string, string> kv in merged)
        {
            if (!kv.Key.Contains('\0', StringComparison.Ordinal) && !kv.Value.Contains('\0', StringComparison.Ordinal))
            {
                result.Add(kv.Key + "=" + kv.Value);
            }
        }

        return result;
    }

    private static string[] Check(string[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string[] copy = [.. entries];
        foreach (string entry in copy)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (entry.IndexOf('=', StringComparison.Ordinal) <= 0 || entry.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"An environment entry is NAME=value without NUL characters: \"{entry}\".", nameof(entries));
            }
        }

        return copy;
    }
}
