using System;
using System.Collections.Generic;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>The toolkit example of README.md, kept compiling and true.</summary>
public class ReadmeToolkitExampleTests
{
    [Fact]
    public void Workers_feed_a_stream_in_parallel_and_one_reader_sums_it() =>
        Assert.Equal(1 + 4 + 9, LoopThread.Run(() => Main.Run(() => Example(new[] { 1, 2, 3 }))));

    // As in README.md.
    private static async Promise<int> Example(IEnumerable<int> inputs)
    {
        var (results, push) = Stream.Create<int>();
        var mutex = new Mutex();
        var log = new List<string>();

        Promise producers = PromiseList.IterParallel(inputs, async x =>
        {
            await Time.Sleep(TimeSpan.FromMilliseconds(10 * x));
            using (await mutex.LockScoped())
            {
                log.Add($"square of {x}");
            }

            push.Push(x * x);
        });
        producers.OnTermination(push.Close);

        int sum = await results.Fold((x, acc) => acc + x, 0);
        await producers;
        return sum;
    }
}
