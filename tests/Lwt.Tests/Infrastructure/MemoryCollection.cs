// MemoryCollection.cs: tests that measure the whole process's live memory (GC.GetTotalMemory)
// run in this collection, alone, after the parallel ones, so other tests' garbage does not
// count against their budget.

using Xunit;

namespace Lwt.Tests.Infrastructure;

/// <summary>The non-parallel collection of memory-measuring tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Memory";

    /// <summary>The most a bounded-memory loop may keep alive, whatever its length.</summary>
    public const long GrowthBudgetBytes = 4 * 1024 * 1024;

    /// <summary>Live bytes after a full collection.</summary>
    public static long LiveBytes() => System.GC.GetTotalMemory(forceFullCollection: true);
}
