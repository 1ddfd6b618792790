// Benchmarks.cs: one BenchmarkDotNet class per workload, each with its Task/ValueTask baseline.
// The bodies are in Workloads.cs, shared with --quick. OperationsPerInvoke makes the reported
// time and allocation per await (await_resolved) and per step (bind_chain).

using BenchmarkDotNet.Attributes;

namespace Lwt.Benchmarks;

/// <summary>resolve_await: a pending promise awaited in an async method, then resolved.</summary>
[MemoryDiagnoser]
public class ResolveAwait
{
    /// <summary>Lwt.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public int Lwt() => Workloads.LwtResolveAwait();

    /// <summary>TaskCompletionSource + async Task.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true)]
    public int Task() => Workloads.TaskResolveAwait();
}

/// <summary>await_resolved: awaiting something already resolved, per await.</summary>
[MemoryDiagnoser]
public class AwaitResolved
{
    private readonly Promise<int> _resolved = Workloads.MakeResolvedPromise();

    /// <summary>Lwt.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.AwaitsPerOp)]
    public bool Lwt() => Workloads.LwtAwaitResolved(_resolved);

    /// <summary>Completed ValueTask + async ValueTask.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.AwaitsPerOp)]
    public bool ValueTask() => Workloads.ValueTaskAwaitResolved();
}

/// <summary>bind_chain: a chain of continuations on a pending promise, per step.</summary>
[MemoryDiagnoser]
public class BindChain
{
    /// <summary>Lwt Bind.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.ChainLength)]
    public int Lwt() => Workloads.LwtBindChain();

    /// <summary>Task.ContinueWith(ExecuteSynchronously).</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.ChainLength)]
    public int TaskContinueWith() => Workloads.TaskContinueWithChain();

    /// <summary>async Task methods each awaiting the previous one.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.ChainLength)]
    public int TaskAsync() => Workloads.TaskAsyncChain();
}

/// <summary>async_method_suspending: an async method that suspends once.</summary>
[MemoryDiagnoser]
public class AsyncMethodSuspending
{
    /// <summary>Lwt.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public int Lwt() => Workloads.LwtAsyncSuspending();

    /// <summary>TaskCompletionSource + async Task.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true)]
    public int Task() => Workloads.TaskAsyncSuspending();

    /// <summary>Reference: only the awaited promise (its size is what Lwt's method allocates on top of its own box).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public int LwtAwaitedPromiseOnly() => Workloads.LwtWaitOnly();
}

/// <summary>pick_two: pick of two pending cancelable promises; the loser is canceled.</summary>
[MemoryDiagnoser]
public class PickTwo
{
    /// <summary>Lwt.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public int Lwt() => Workloads.LwtPickTwo();

    /// <summary>Task.WhenAny + TrySetCanceled.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true)]
    public int Task() => Workloads.TaskPickTwo();
}

/// <summary>join_100: join 100 pending promises, then resolve them all.</summary>
[MemoryDiagnoser]
public class Join100
{
    private readonly JoinScratch _scratch = new();

    /// <summary>Lwt.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public int Lwt() => Workloads.LwtJoin(_scratch);

    /// <summary>Task.WhenAll.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true)]
    public int Task() => Workloads.TaskJoin(_scratch);
}

/// <summary>pause_loop: yield to the loop and be resumed, per yield (Workloads.PauseRounds per invoke).</summary>
[MemoryDiagnoser]
public class PauseLoop
{
    private readonly SingleThreadPump _pump = new();

    /// <summary>Lwt: await Promise.Yield() under Main.Run.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.PauseRounds)]
    public int Lwt() => Workloads.LwtPauseLoop();

    /// <summary>await Task.Yield() on a single-thread SynchronizationContext pump.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.PauseRounds)]
    public int TaskYield() => Workloads.TaskPauseLoop(_pump);

    /// <summary>Stops the pump thread.</summary>
    [GlobalCleanup]
    public void Cleanup() => _pump.Dispose();
}

/// <summary>detach_roundtrip: a function run on a worker thread, its result awaited back, per round trip.</summary>
[MemoryDiagnoser]
public class DetachRoundTrip
{
    /// <summary>Lwt: await Preemptive.Detach(() => x + 1) under Main.Run.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.DetachRoundTrips)]
    public int Lwt() => Workloads.LwtDetachRoundTrip();

    /// <summary>await Task.Run(() => x + 1) in an async method on the thread pool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.DetachRoundTrips)]
    public int TaskRun() => Workloads.TaskDetachRoundTrip();
}

/// <summary>stream_pingpong: a value sent through one stream and answered through another, per round trip.</summary>
[MemoryDiagnoser]
public class StreamPingPong
{
    /// <summary>Lwt: two async Promise loops over two Streams.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.PingPongRounds)]
    public int Lwt() => Workloads.LwtStreamPingPong();

    /// <summary>Two async Task loops over two unbounded Channels.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.PingPongRounds)]
    public int Channels() => Workloads.TaskChannelPingPong();
}

/// <summary>bounded_stream_throughput: elements through a bounded stream, per element.</summary>
[MemoryDiagnoser]
public class BoundedStreamThroughput
{
    /// <summary>Lwt: BoundedPush.Push and Stream.Next loops.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.BoundedItems)]
    public int Lwt() => Workloads.LwtBoundedStream();

    /// <summary>A bounded Channel.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.BoundedItems)]
    public int Channel() => Workloads.TaskBoundedChannel();
}

/// <summary>mutex_handoff: a lock handed from one loop to the other, per handoff.</summary>
[MemoryDiagnoser]
public class MutexHandoff
{
    /// <summary>Lwt: Mutex.Lock/Unlock with a pause while holding it.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = 2 * Workloads.MutexRounds)]
    public int Lwt() => Workloads.LwtMutexHandoff();

    /// <summary>SemaphoreSlim.WaitAsync/Release with Task.Yield while holding it.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * Workloads.MutexRounds)]
    public int Semaphore() => Workloads.TaskSemaphoreHandoff();
}

/// <summary>pool_use: one use of a pooled member, per use.</summary>
[MemoryDiagnoser]
public class PoolUse : System.IDisposable
{
    private readonly Pool<object> _pool = Workloads.MakeLwtPool();
    private readonly BagPool _bag = new();

    /// <summary>Lwt: Pool.Use.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.PoolUses)]
    public int Lwt() => Workloads.LwtPoolUse(_pool);

    /// <summary>ConcurrentBag + SemaphoreSlim.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.PoolUses)]
    public int BagAndSemaphore() => Workloads.TaskPoolUse(_bag);

    /// <summary>Releases the baseline's semaphore.</summary>
    public void Dispose()
    {
        _bag.Dispose();
        System.GC.SuppressFinalize(this);
    }
}

/// <summary>socketpair_pingpong: a 1-byte round trip between two async loops over a Unix socket pair, per round trip.</summary>
[MemoryDiagnoser]
public class SocketPairPingPong
{
    /// <summary>Lwt: FileDescriptor.SocketPair, ReadAsync/WriteAsync under Main.Run.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.PingPongRounds)]
    public int Lwt() => Workloads.LwtSocketPairPingPong();

    /// <summary>.NET Socket.ReceiveAsync/SendAsync on a socketpair.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.PingPongRounds)]
    public int Socket() => Workloads.TaskSocketPairPingPong();
}

/// <summary>spawn_wait: spawn /bin/true and wait for it to exit, per child.</summary>
[MemoryDiagnoser]
public class SpawnWait
{
    /// <summary>Lwt: LwtProcess.Exec (posix_spawn, pidfd).</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.SpawnRounds)]
    public int Lwt() => Workloads.LwtSpawnWait();

    /// <summary>.NET: Process.Start + WaitForExitAsync.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.SpawnRounds)]
    public int Process() => Workloads.TaskSpawnWait();
}

/// <summary>child_read_100mb: read 100 MiB from a child's stdout, per MiB.</summary>
[MemoryDiagnoser]
public class ChildRead100MB
{
    /// <summary>Lwt: FileDescriptor.ReadAsync on the pipe moved to the child's stdout.</summary>
    /// <returns>The result.</returns>
    [Benchmark(OperationsPerInvoke = Workloads.ChildReadMiB)]
    public int Lwt() => Workloads.LwtChildRead();

    /// <summary>.NET: Process.StandardOutput.BaseStream.ReadAsync.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workloads.ChildReadMiB)]
    public int Process() => Workloads.TaskChildRead();
}
