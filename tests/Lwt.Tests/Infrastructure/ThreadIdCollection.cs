// ThreadIdCollection.cs: tests that lower the process-wide limit on promise thread ids run in
// this collection, alone, so that no other test's thread needs a new id meanwhile.

using Xunit;

namespace Lwt.Tests.Infrastructure;

/// <summary>The non-parallel collection of the thread id tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadIdCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "ThreadIds";
}
