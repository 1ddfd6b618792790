// FileDescriptorLeakTests.cs: every FileDescriptor test class leaves the process with as many
// open descriptors as it found. Runs in the LeakTests collection, alone, so that no other test
// opens descriptors while these count.

using System;
using System.Reflection;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

[Collection(nameof(LeakTests))]
public class FileDescriptorLeakTests
{
    [Theory]
    [InlineData(typeof(FileDescriptorLifecycleTests))]
    [InlineData(typeof(ReadWriteTests))]
    [InlineData(typeof(SocketTests))]
    [InlineData(typeof(FileDescriptorAllocationTests))]
    [InlineData(typeof(VectorIoTests))]
    [InlineData(typeof(MessageSocketTests))]
    [InlineData(typeof(MulticastTests))]
    [InlineData(typeof(MappedFileTests))]
    [InlineData(typeof(FileTests))]
    [InlineData(typeof(DirectoryTests))]
    [InlineData(typeof(Io.ChannelCloseTests))]
    [InlineData(typeof(Io.ChannelReadTests))]
    [InlineData(typeof(Io.AutoFlushTests))]
    [InlineData(typeof(Process.ProcessTests))]
    [InlineData(typeof(Process.WaitTests))]
    public void A_test_class_leaves_no_descriptor_open(Type testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        RunFacts(testClass); // warm-up: lazily opened runtime descriptors are not ours
        int before = LoopThread.OpenDescriptors();
        RunFacts(testClass);
        Assert.Equal(before, LoopThread.OpenDescriptors());
    }

    [Fact]
    public void Leaked_descriptors_are_closed_by_the_finalizer()
    {
        int before = LoopThread.OpenDescriptors();
        LoopThread.Run(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                _ = FileDescriptor.Pipe();
            }
        });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(before, LoopThread.OpenDescriptors());
    }

    private static void RunFacts(Type testClass)
    {
        object instance = Activator.CreateInstance(testClass)!;
        foreach (MethodInfo method in testClass.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<FactAttribute>() is null || method.GetParameters().Length != 0)
            {
                continue;
            }

            try
            {
                method.Invoke(instance, null);
            }
            catch (TargetInvocationException e) when (e.InnerException?.GetType().Name.Contains("Skip", StringComparison.Ordinal) == true)
            {
                // A skipped test (no IPv6) opened nothing.
            }
        }
    }
}
