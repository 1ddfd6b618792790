// Workloads.cs: the one copy of every workload. The BenchmarkDotNet classes (Benchmarks.cs) and
// the --quick runner (QuickRunner.cs) both call these methods, so the two modes measure the same
// code. Each method is one operation and returns a value that depends on the whole operation, so
// nothing can be optimized away; `steps` (QuickRunner) says how many steps one operation counts.
//
// The promise workloads run on the calling thread, which has no SynchronizationContext: resolving
// a Lwt promise runs its callbacks at once, and SetResult on a default TaskCompletionSource runs
// the awaiting continuations inline, so both sides do the whole operation inside the call.
// The loop workloads (pause_loop, detach_roundtrip) run the calling thread's Lwt
// event loop (Main.Run) against the Task way: a single-thread SynchronizationContext pump on a
// thread of its own (SingleThreadPump.cs), the thread pool. sleep_many needs a process of its own
// per run, for its peak RSS: it lives in bench/Lwt.SleepMany.
// The toolkit workloads (stream_pingpong, bounded_stream_throughput, mutex_handoff, pool_use) run
// two Lwt async loops on the calling thread, without an event loop (streams, mutexes and pools
// are core: a push or an unlock runs the waiting loop at once); their baselines run where Task
// code naturally runs, as async methods on the thread pool (Channels, SemaphoreSlim).

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Lwt.Unix;

namespace Lwt.Benchmarks;

/// <summary>The shared workload code.</summary>
public static partial class Workloads
{
    /// <summary>Awaits per await_resolved operation.</summary>
    public const int AwaitsPerOp = 100;

    /// <summary>Steps (binds or async links) per bind_chain operation.</summary>
    public const int ChainLength = 1000;

    /// <summary>Promises (or tasks) joined per join_100 operation.</summary>
    public const int JoinWidth = 100;

    /// <summary>Yields per pause_loop operation (one Main.Run).</summary>
    public const int PauseRounds = 1_000_000;

    /// <summary>Round trips to a worker thread per detach_roundtrip operation.</summary>
    public const int DetachRoundTrips = 1000;

    /// <summary>Round trips per stream_pingpong and per socketpair_pingpong operation.</summary>
    public const int PingPongRounds = 10_000;

    /// <summary>Elements per bounded_stream_throughput operation.</summary>
    public const int BoundedItems = 10_000;

    /// <summary>Capacity of the bounded stream (and channel) in bounded_stream_throughput.</summary>
    public const int BoundedCapacity = 64;

    /// <summary>Lock acquisitions per loop per mutex_handoff operation (two loops: twice as many handoffs).</summary>
    public const int MutexRounds = 5_000;

    /// <summary>Uses per pool_use operation.</summary>
    public const int PoolUses = 10_000;

    /// <summary>Members of the pool in pool_use.</summary>
    public const int PoolSize = 4;

    private const int Value = 42;

    // ---- resolve_await: make a pending promise, await it in an async method, resolve it, read the result.

    /// <summary>Lwt: Promise.Wait, awaited in an async Promise&lt;int&gt; method, Resolve, Result.</summary>
    /// <returns>The value the async method returned.</returns>
    public static int LwtResolveAwait()
    {
        var (p, r) = Promise.Wait<int>();
        Promise<int> m = AwaitPromise(p);
        r.Resolve(Value);
        return m.Result;
    }

    /// <summary>Task: a default TaskCompletionSource, awaited in an async Task&lt;int&gt; method, SetResult, Result.</summary>
    /// <returns>The value the async method returned.</returns>
    public static int TaskResolveAwait()
    {
        var tcs = new TaskCompletionSource<int>();
        Task<int> m = AwaitTask(tcs.Task);
        tcs.SetResult(Value);
        return m.Result;
    }

    // ---- await_resolved: an async method awaiting an already resolved promise AwaitsPerOp times.

    /// <summary>A fulfilled promise whose value is not one of the cached small integers.</summary>
    /// <returns>The promise.</returns>
    public static Promise<int> MakeResolvedPromise() => Promise.Return(Value);

    /// <summary>Lwt: AwaitsPerOp awaits of a fulfilled promise in one async Promise&lt;bool&gt; method.</summary>
    /// <param name="resolved">A fulfilled promise.</param>
    /// <returns>Whether the sum was right (a bool, so the method's own result is a cached promise).</returns>
    public static bool LwtAwaitResolved(Promise<int> resolved) => AwaitResolvedLoop(resolved).Result;

    /// <summary>ValueTask: AwaitsPerOp awaits of a completed ValueTask&lt;int&gt; in one async ValueTask&lt;bool&gt; method.</summary>
    /// <returns>Whether the sum was right.</returns>
    public static bool ValueTaskAwaitResolved()
    {
        ValueTask<bool> m = AwaitCompletedValueTaskLoop(Value);
        return m.IsCompletedSuccessfully && m.Result;
    }

    // ---- bind_chain: ChainLength continuations on a pending promise, each x + 1, then resolve the head.

    /// <summary>Lwt: ChainLength Binds, each returning Promise.Return(x + 1), then Resolve(0).</summary>
    /// <returns>The value at the end of the chain (ChainLength).</returns>
    public static int LwtBindChain()
    {
        var (head, r) = Promise.Wait<int>();
        Promise<int> p = head;
        for (int i = 0; i < ChainLength; i++)
        {
            p = p.Bind(static x => Promise.Return(x + 1));
        }

        r.Resolve(0);
        return p.Result;
    }

    /// <summary>Task: ChainLength ContinueWith(..., ExecuteSynchronously), each t.Result + 1, then SetResult(0).</summary>
    /// <returns>The value at the end of the chain (ChainLength).</returns>
    public static int TaskContinueWithChain()
    {
        var tcs = new TaskCompletionSource<int>();
        Task<int> t = tcs.Task;
        for (int i = 0; i < ChainLength; i++)
        {
            t = t.ContinueWith(static prev => prev.Result + 1, TaskContinuationOptions.ExecuteSynchronously);
        }

        tcs.SetResult(0);
        return t.Result;
    }

    /// <summary>Task: ChainLength async Task&lt;int&gt; methods, each awaiting the previous one and adding 1, then SetResult(0).</summary>
    /// <returns>The value at the end of the chain (ChainLength).</returns>
    public static int TaskAsyncChain()
    {
        var tcs = new TaskCompletionSource<int>();
        Task<int> t = tcs.Task;
        for (int i = 0; i < ChainLength; i++)
        {
            t = TaskLink(t);
        }

        tcs.SetResult(0);
        return t.Result;
    }

    // ---- async_method_suspending: an async method that suspends once on a pending promise.

    /// <summary>Lwt: an async Promise method suspends on a pending Promise&lt;int&gt;, which is then resolved.</summary>
    /// <returns>1 once the method has completed.</returns>
    public static int LwtAsyncSuspending()
    {
        var (p, r) = Promise.Wait<int>();
        Promise m = SuspendOnce(p);
        r.Resolve(Value);
        return m.IsFulfilled ? 1 : 0;
    }

    /// <summary>Task: an async Task method suspends on a TaskCompletionSource's task, which is then completed.</summary>
    /// <returns>1 once the method has completed.</returns>
    public static int TaskAsyncSuspending()
    {
        var tcs = new TaskCompletionSource<int>();
        Task m = SuspendOnce(tcs.Task);
        tcs.SetResult(Value);
        return m.IsCompletedSuccessfully ? 1 : 0;
    }

    /// <summary>Lwt, for reference: only the awaited promise of <see cref="LwtAsyncSuspending"/> (Promise.Wait&lt;int&gt;, resolved).</summary>
    /// <returns>The value.</returns>
    public static int LwtWaitOnly()
    {
        var (p, r) = Promise.Wait<int>();
        r.Resolve(Value);
        return p.Result;
    }

    /// <summary>
    /// The two objects <see cref="LwtAsyncSuspending"/> is meant to allocate, from one run of it:
    /// the awaited promise and the method's promise (which is its boxed state machine).
    /// </summary>
    /// <returns>The awaited promise and the method's promise.</returns>
    public static (Promise Awaited, Promise Method) LwtAsyncSuspendingObjects()
    {
        var (p, r) = Promise.Wait<int>();
        Promise m = SuspendOnce(p);
        r.Resolve(Value);
        return (p, m);
    }

    // ---- pick_two: pick between two pending cancelable promises; one resolves, the other is canceled.

    /// <summary>Lwt: Pick of two Promise.Cancelable&lt;int&gt;; resolving the first cancels the second.</summary>
    /// <returns>The value plus 1 when the loser was canceled.</returns>
    public static int LwtPickTwo()
    {
        var (a, ra) = Promise.Cancelable<int>();
        var (b, _) = Promise.Cancelable<int>();
        Promise<int> p = Promise.Pick(a, b);
        ra.Resolve(Value);
        return p.Result + (b.IsCanceled ? 1 : 0);
    }

    /// <summary>Task: Task.WhenAny of two TaskCompletionSource tasks, SetResult on the first, TrySetCanceled on the loser.</summary>
    /// <returns>The value plus 1 when the loser was canceled.</returns>
    public static int TaskPickTwo()
    {
        var a = new TaskCompletionSource<int>();
        var b = new TaskCompletionSource<int>();
        Task<Task<int>> any = Task.WhenAny(a.Task, b.Task);
        a.SetResult(Value);
        b.TrySetCanceled();
        return any.Result.Result + (b.Task.IsCanceled ? 1 : 0);
    }

    // ---- join_100: join JoinWidth pending promises, then resolve them all.

    /// <summary>Lwt: Join of JoinWidth Promise.Wait() promises, then Resolve each in order.</summary>
    /// <param name="s">Reused arrays for the inputs, so the harness allocates nothing per operation.</param>
    /// <returns>1 once the join is fulfilled.</returns>
    public static int LwtJoin(JoinScratch s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Promise[] promises = s.Promises;
        Resolver[] resolvers = s.Resolvers;
        for (int i = 0; i < promises.Length; i++)
        {
            (promises[i], resolvers[i]) = Promise.Wait();
        }

        Promise join = Promise.Join(new ReadOnlySpan<Promise>(promises));
        for (int i = 0; i < resolvers.Length; i++)
        {
            resolvers[i].Resolve();
        }

        return join.IsFulfilled ? 1 : 0;
    }

    /// <summary>Task: Task.WhenAll of JoinWidth TaskCompletionSource tasks, then SetResult on each in order.</summary>
    /// <param name="s">Reused arrays for the inputs, so the harness allocates nothing per operation.</param>
    /// <returns>1 once the WhenAll task has completed.</returns>
    public static int TaskJoin(JoinScratch s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Task[] tasks = s.Tasks;
        TaskCompletionSource[] sources = s.Sources;
        for (int i = 0; i < tasks.Length; i++)
        {
            var tcs = new TaskCompletionSource();
            sources[i] = tcs;
            tasks[i] = tcs.Task;
        }

        Task all = Task.WhenAll(tasks);
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i].SetResult();
        }

        return all.IsCompletedSuccessfully ? 1 : 0;
    }

    // ---- pause_loop: PauseRounds yields to the loop in one async method, per yield.

    /// <summary>Lwt: Main.Run of an async Promise method awaiting Promise.Yield() PauseRounds times.</summary>
    /// <returns>1 once every round ran.</returns>
    public static int LwtPauseLoop() => Main.Run(static () => YieldLoop(PauseRounds)) == PauseRounds ? 1 : 0;

    /// <summary>Task: an async Task method awaiting Task.Yield() PauseRounds times on a single-thread SynchronizationContext pump.</summary>
    /// <param name="pump">The pump, whose thread runs the method.</param>
    /// <returns>1 once every round ran.</returns>
    public static int TaskPauseLoop(SingleThreadPump pump)
    {
        ArgumentNullException.ThrowIfNull(pump);
        return pump.Run(static () => TaskYieldLoop(PauseRounds)) == PauseRounds ? 1 : 0;
    }

    // ---- detach_roundtrip: DetachRoundTrips trips to another thread and back, per trip.

    /// <summary>Lwt: Main.Run of an async Promise method awaiting Preemptive.Detach(() => x + 1) DetachRoundTrips times.</summary>
    /// <returns>1 once every trip ran.</returns>
    public static int LwtDetachRoundTrip() => Main.Run(static () => DetachLoop(DetachRoundTrips)) == DetachRoundTrips ? 1 : 0;

    /// <summary>Task: an async Task method on the thread pool awaiting Task.Run(() => x + 1) DetachRoundTrips times.</summary>
    /// <returns>1 once every trip ran.</returns>
    public static int TaskDetachRoundTrip() =>
        Task.Run(static () => TaskRunLoop(DetachRoundTrips)).GetAwaiter().GetResult() == DetachRoundTrips ? 1 : 0;

    // ---- socketpair_pingpong: PingPongRounds 1-byte round trips between two async loops over a Unix socket pair, per round trip.

    /// <summary>
    /// Lwt: under Main.Run, a pinger writes one byte to one end of FileDescriptor.SocketPair() and
    /// reads the echo; a ponger on the other end reads it and writes it back; PingPongRounds times.
    /// </summary>
    /// <returns>1 once every round trip ran and echoed the right byte.</returns>
    public static int LwtSocketPairPingPong() => Main.Run(static () => LwtPingPong(PingPongRounds)) == PingPongRounds ? 1 : 0;

    /// <summary>
    /// .NET sockets: the same two loops with Socket.SendAsync/ReceiveAsync (ValueTask overloads) on
    /// a raw socketpair wrapped in SafeSocketHandle; continuations run on the thread pool, readiness
    /// comes from the runtime's epoll thread.
    /// </summary>
    /// <returns>1 once every round trip ran and echoed the right byte.</returns>
    public static int TaskSocketPairPingPong() => TaskPingPong(PingPongRounds).GetAwaiter().GetResult() == PingPongRounds ? 1 : 0;

    // ---- the async methods.

    private static async Promise<int> AwaitPromise(Promise<int> p) => await p;

    private static async Task<int> AwaitTask(Task<int> t) => await t;

    private static async Promise<bool> AwaitResolvedLoop(Promise<int> p)
    {
        int sum = 0;
        for (int i = 0; i < AwaitsPerOp; i++)
        {
            sum += await p;
        }

        return sum == AwaitsPerOp * Value;
    }

    private static async ValueTask<bool> AwaitCompletedValueTaskLoop(int value)
    {
        int sum = 0;
        for (int i = 0; i < AwaitsPerOp; i++)
        {
            sum += await new ValueTask<int>(value);
        }

        return sum == AwaitsPerOp * Value;
    }

    private static async Task<int> TaskLink(Task<int> t) => await t + 1;

    private static async Promise SuspendOnce(Promise<int> p) => await p;

    private static async Task SuspendOnce(Task<int> t) => await t;

    private static async Promise<int> YieldLoop(int n)
    {
        int i = 0;
        for (; i < n; i++)
        {
            await Promise.Yield();
        }

        return i;
    }

    private static async Task<int> TaskYieldLoop(int n)
    {
        int i = 0;
        for (; i < n; i++)
        {
            await Task.Yield();
        }

        return i;
    }

    private static async Promise<int> DetachLoop(int n)
    {
        int x = 0;
        for (int i = 0; i < n; i++)
        {
            x = await Preemptive.Detach(() => x + 1);
        }

        return x;
    }

    private static async Promise<int> LwtPingPong(int n)
    {
        (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
        try
        {
            Promise<int> pong = LwtPong(b, n);
            int pings = await LwtPing(a, n);
            return pings == await pong ? pings : -1;
        }
        finally
        {
            a.Close();
            b.Close();
        }
    }

    private static async Promise<int> LwtPing(FileDescriptor fd, int n)
    {
        byte[] buffer = new byte[1];
        for (int i = 0; i < n; i++)
        {
            buffer[0] = (byte)i;
            if (await fd.WriteAsync(buffer) != 1 || await fd.ReadAsync(buffer) != 1 || buffer[0] != (byte)i)
            {
                return -1;
            }
        }

        return n;
    }

    private static async Promise<int> LwtPong(FileDescriptor fd, int n)
    {
        byte[] buffer = new byte[1];
        for (int i = 0; i < n; i++)
        {
            if (await fd.ReadAsync(buffer) != 1 || await fd.WriteAsync(buffer) != 1)
            {
                return -1;
            }
        }

        return n;
    }

    private static async Task<int> TaskPingPong(int n)
    {
        (Socket a, Socket b) = RawSocketPair();
        using (a)
        using (b)
        {
            Task<int> pong = TaskPong(b, n);
            int pings = await TaskPing(a, n).ConfigureAwait(false);
            return pings == await pong.ConfigureAwait(false) ? pings : -1;
        }
    }

    private static async Task<int> TaskPing(Socket s, int n)
    {
        byte[] buffer = new byte[1];
        for (int i = 0; i < n; i++)
        {
            buffer[0] = (byte)i;
            if (await s.SendAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false) != 1
                || await s.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false) != 1
                || buffer[0] != (byte)i)
            {
                return -1;
            }
        }

        return n;
    }

    private static async Task<int> TaskPong(Socket s, int n)
    {
        byte[] buffer = new byte[1];
        for (int i = 0; i < n; i++)
        {
            if (await s.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false) != 1
                || await s.SendAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false) != 1)
            {
                return -1;
            }
        }

        return n;
    }

    /// <summary>A connected AF_UNIX stream pair as .NET sockets (socketpair(2), wrapped in SafeSocketHandle).</summary>
    private static unsafe (Socket A, Socket B) RawSocketPair()
    {
        int* fds = stackalloc int[2];
        if (Lwt.Unix.Native.Libc.socketpair(Lwt.Unix.Native.Libc.AF_UNIX, (int)SocketType.Stream | Lwt.Unix.Native.Libc.SOCK_CLOEXEC, 0, fds) != 0)
        {
            throw new InvalidOperationException("socketpair failed");
        }

        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), new Socket(new SafeSocketHandle(fds[1], ownsHandle: true)));
    }

    private static async Task<int> TaskRunLoop(int n)
    {
        int x = 0;
        for (int i = 0; i < n; i++)
        {
            x = await Task.Run(() => x + 1);
        }

        return x;
    }

    // ---- stream_pingpong: a value goes A -> B through one stream and back through another, per round trip.
    // Values stay below 16 so that Next on a ready element returns a cached promise: the measure is
    // the streams, not the boxing of large ints into fresh Promise<int> results.

    /// <summary>Lwt: two async Promise loops and two Streams; B waits on its stream, A pushes and awaits the answer.</summary>
    /// <returns>1 once every round trip ran.</returns>
    public static int LwtStreamPingPong()
    {
        var (toB, pushToB) = Stream.Create<int>();
        var (toA, pushToA) = Stream.Create<int>();
        Promise<int> b = PingPongEcho(toB, pushToA, PingPongRounds);
        Promise<int> a = PingPongDriver(toA, pushToB, PingPongRounds);
        return a.Result == PingPongRounds && b.Result == PingPongRounds ? 1 : 0;
    }

    /// <summary>Task: the same two loops as async Task methods on the thread pool, over unbounded single-reader/single-writer Channels.</summary>
    /// <returns>1 once every round trip ran.</returns>
    public static int TaskChannelPingPong()
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };
        Channel<int> toB = Channel.CreateUnbounded<int>(options);
        Channel<int> toA = Channel.CreateUnbounded<int>(options);
        Task<int> b = Task.Run(() => ChannelEcho(toB.Reader, toA.Writer, PingPongRounds));
        Task<int> a = Task.Run(() => ChannelDriver(toA.Reader, toB.Writer, PingPongRounds));
        return a.GetAwaiter().GetResult() == PingPongRounds && b.GetAwaiter().GetResult() == PingPongRounds ? 1 : 0;
    }

    private static async Promise<int> PingPongDriver(Stream<int> input, StreamPusher<int> output, int rounds)
    {
        int count = 0;
        for (int i = 0; i < rounds; i++)
        {
            output.Push(i & 15);
            count += (await input.Next() == ((i + 1) & 15)) ? 1 : 0;
        }

        return count;
    }

    private static async Promise<int> PingPongEcho(Stream<int> input, StreamPusher<int> output, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            output.Push((await input.Next() + 1) & 15);
        }

        return rounds;
    }

    private static async Task<int> ChannelDriver(ChannelReader<int> input, ChannelWriter<int> output, int rounds)
    {
        int count = 0;
        for (int i = 0; i < rounds; i++)
        {
            output.TryWrite(i & 15);
            count += (await input.ReadAsync().ConfigureAwait(false) == ((i + 1) & 15)) ? 1 : 0;
        }

        return count;
    }

    private static async Task<int> ChannelEcho(ChannelReader<int> input, ChannelWriter<int> output, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            output.TryWrite((await input.ReadAsync().ConfigureAwait(false) + 1) & 15);
        }

        return rounds;
    }

    // ---- bounded_stream_throughput: BoundedItems through a bounded stream of BoundedCapacity, per element.

    /// <summary>Lwt: a consumer loop awaiting Next and a producer loop awaiting BoundedPush.Push, both async Promise methods.</summary>
    /// <returns>1 once every element arrived.</returns>
    public static int LwtBoundedStream()
    {
        var (stream, push) = Stream.CreateBounded<int>(BoundedCapacity);
        Promise<int> consumer = BoundedConsumer(stream, BoundedItems);
        Promise producer = BoundedProducer(push, BoundedItems);
        return producer.IsFulfilled && consumer.Result == BoundedItems ? 1 : 0;
    }

    /// <summary>Task: the same loops as async Task methods on the thread pool over a bounded single-reader/single-writer Channel.</summary>
    /// <returns>1 once every element arrived.</returns>
    public static int TaskBoundedChannel()
    {
        Channel<int> channel = Channel.CreateBounded<int>(new BoundedChannelOptions(BoundedCapacity) { SingleReader = true, SingleWriter = true });
        Task<int> consumer = Task.Run(() => BoundedChannelConsumer(channel.Reader, BoundedItems));
        Task producer = Task.Run(() => BoundedChannelProducer(channel.Writer, BoundedItems));
        producer.GetAwaiter().GetResult();
        return consumer.GetAwaiter().GetResult() == BoundedItems ? 1 : 0;
    }

    private static async Promise<int> BoundedConsumer(Stream<int> stream, int items)
    {
        int count = 0;
        for (int i = 0; i < items; i++)
        {
            count += (await stream.Next() == (i & 15)) ? 1 : 0;
        }

        return count;
    }

    private static async Promise BoundedProducer(BoundedPush<int> push, int items)
    {
        for (int i = 0; i < items; i++)
        {
            await push.Push(i & 15);
        }
    }

    private static async Task<int> BoundedChannelConsumer(ChannelReader<int> reader, int items)
    {
        int count = 0;
        for (int i = 0; i < items; i++)
        {
            count += (await reader.ReadAsync().ConfigureAwait(false) == (i & 15)) ? 1 : 0;
        }

        return count;
    }

    private static async Task BoundedChannelProducer(ChannelWriter<int> writer, int items)
    {
        for (int i = 0; i < items; i++)
        {
            await writer.WriteAsync(i & 15).ConfigureAwait(false);
        }
    }

    // ---- mutex_handoff: two loops take turns holding one lock; each yields while holding it, so
    // every acquisition waits and every release hands the lock to the other loop. Per handoff.

    /// <summary>Lwt: two async Promise loops on one Mutex, each yielding (await Promise.Yield()) inside; the calling thread runs the paused promises.</summary>
    /// <returns>1 once both loops finished with the lock handed over every time.</returns>
    public static int LwtMutexHandoff()
    {
        var mutex = new Mutex();
        var counter = new StrongBox<int>();
        Promise a = MutexLoop(mutex, counter, MutexRounds);
        Promise b = MutexLoop(mutex, counter, MutexRounds);
        while (a.IsPending || b.IsPending)
        {
            Promise.WakeupPaused();
        }

        return a.IsFulfilled && b.IsFulfilled && counter.Value == 2 * MutexRounds ? 1 : 0;
    }

    /// <summary>Task: two async Task loops on the thread pool sharing a SemaphoreSlim(1), each awaiting Task.Yield() inside.</summary>
    /// <returns>1 once both loops finished.</returns>
    public static int TaskSemaphoreHandoff()
    {
        using var semaphore = new SemaphoreSlim(1, 1);
        var counter = new StrongBox<int>();
        Task a = Task.Run(() => SemaphoreLoop(semaphore, counter, MutexRounds));
        Task b = Task.Run(() => SemaphoreLoop(semaphore, counter, MutexRounds));
        Task.WhenAll(a, b).GetAwaiter().GetResult();
        return counter.Value == 2 * MutexRounds ? 1 : 0;
    }

    private static async Promise MutexLoop(Mutex mutex, StrongBox<int> counter, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            await mutex.Lock();
            counter.Value++;
            await Promise.Yield();
            mutex.Unlock();
        }
    }

    private static async Task SemaphoreLoop(SemaphoreSlim semaphore, StrongBox<int> counter, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            await semaphore.WaitAsync().ConfigureAwait(false);
            counter.Value++;
            await Task.Yield();
            semaphore.Release();
        }
    }

    // ---- pool_use: PoolUses uses of a pool of PoolSize members by one loop, per use.

    /// <summary>Makes the Lwt pool of pool_use (members created on first use).</summary>
    /// <returns>The pool.</returns>
    public static Pool<object> MakeLwtPool() => new(PoolSize, static () => Promise.Return(new object()));

    /// <summary>Lwt: an async Promise loop awaiting Pool.Use with a function returning a fulfilled promise.</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>1 once every use ran.</returns>
    public static int LwtPoolUse(Pool<object> pool) => PoolLoop(pool, PoolUses).Result == PoolUses ? 1 : 0;

    /// <summary>Task: an async Task loop on the thread pool using a ConcurrentBag + SemaphoreSlim pool.</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>1 once every use ran.</returns>
    public static int TaskPoolUse(BagPool pool) =>
        Task.Run(() => BagPoolLoop(pool, PoolUses)).GetAwaiter().GetResult() == PoolUses ? 1 : 0;

    private static async Promise<int> PoolLoop(Pool<object> pool, int uses)
    {
        int count = 0;
        for (int i = 0; i < uses; i++)
        {
            count += await pool.Use(static _ => Promise.Return(1));
        }

        return count;
    }

    private static async Task<int> BagPoolLoop(BagPool pool, int uses)
    {
        int count = 0;
        for (int i = 0; i < uses; i++)
        {
            count += await pool.Use(static _ => Task.FromResult(1)).ConfigureAwait(false);
        }

        return count;
    }
}

/// <summary>Arrays reused by the join_100 workloads across operations.</summary>
public sealed class JoinScratch
{
    /// <summary>The Lwt inputs.</summary>
    public Promise[] Promises { get; } = new Promise[Workloads.JoinWidth];

    /// <summary>Their resolvers.</summary>
    public Resolver[] Resolvers { get; } = new Resolver[Workloads.JoinWidth];

    /// <summary>The Task inputs.</summary>
    public Task[] Tasks { get; } = new Task[Workloads.JoinWidth];

    /// <summary>Their sources.</summary>
    public TaskCompletionSource[] Sources { get; } = new TaskCompletionSource[Workloads.JoinWidth];
}

/// <summary>
/// The usual Task-world pool, pool_use's baseline: a SemaphoreSlim bounds the members in use, a
/// ConcurrentBag keeps the idle ones.
/// </summary>
public sealed class BagPool : IDisposable
{
    private readonly ConcurrentBag<object> _idle = [];
    private readonly SemaphoreSlim _slots = new(Workloads.PoolSize, Workloads.PoolSize);

    /// <summary>Runs <paramref name="f"/> with a member.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>Its result.</returns>
    public async Task<T> Use<T>(Func<object, Task<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        await _slots.WaitAsync().ConfigureAwait(false);
        if (!_idle.TryTake(out object? member))
        {
            member = new object();
        }

        try
        {
            return await f(member).ConfigureAwait(false);
        }
        finally
        {
            _idle.Add(member);
            _slots.Release();
        }
    }

    /// <summary>Releases the semaphore.</summary>
    public void Dispose() => _slots.Dispose();
}
