namespace Lwt.Internal;

/// <summary>
/// The immutable map behind sequence-associated storage (Lwt's implicit callback arguments).
/// A persistent linked list: setting a key prepends a node that shadows older ones, so a
/// snapshot is just a reference. Empty storage is <c>null</c>, which keeps the common case free.
/// </summary>
internal sealed class StorageMap
{
    private readonly int _keyId;
    private readonly bool _present;
    private readonly object? _value;
    private readonly StorageMap? _next;

    private StorageMap(int keyId, bool present, object? value, StorageMap? next)
    {
        _keyId = keyId;
        _present = present;
        _value = value;
        _next = next;
    }

    internal static StorageMap? With(StorageMap? map, int keyId, bool present, object? value)
    {
        if (!present && !Contains(map, keyId))
        {
            return map;
        }

        return new StorageMap(keyId, present, value, map);
    }

    internal static bool TryGet(StorageMap? map, int keyId, out object? value)
    {
        for (StorageMap? m = map; m is not null; m = m._next)
        {
            if (m._keyId == keyId)
            {
                value = m._value;
                return m._present;
            }
        }

        value = null;
        return false;
    }

    private static bool Contains(StorageMap? map, int keyId) => TryGet(map, keyId, out _);
}
