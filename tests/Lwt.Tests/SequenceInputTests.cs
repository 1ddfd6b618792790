// SequenceInputTests.cs: the combinators' IEnumerable overloads (Lwt's list arguments). They keep
// their inputs, to cancel them, so they copy them once, into an array of their own, as the
// span overloads do; a caller's array passed as a sequence is copied too.

using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class SequenceInputTests
{
    public static TheoryData<string> Combinators() =>
        ["Join", "All", "Choose", "Pick", "NChoose", "NPick", "NChooseSplit"];

    [Theory]
    [MemberData(nameof(Combinators))]
    public void A_combinator_over_a_list_allocates_what_it_does_over_a_span(string name)
    {
        // Before, the sequence was copied into an array, which the span overload copied again.
        long overSpan = AllocatedBy(name, asList: false);
        long overList = AllocatedBy(name, asList: true);
        Assert.Equal(overSpan, overList);
    }

    [Fact]
    public void Join_over_an_array_passed_as_a_sequence_keeps_its_own_copy()
    {
        var (first, _) = Promise.Cancelable();
        var (replacement, _) = Promise.Cancelable();
        Promise[] inputs = [first];
        Promise joined = Promise.Join((IEnumerable<Promise>)inputs);
        inputs[0] = replacement;
        joined.Cancel();
        Assert.True(first.IsCanceled);
        Assert.True(replacement.IsPending);
    }

    [Fact]
    public void Pick_over_an_array_passed_as_a_sequence_keeps_its_own_copy()
    {
        var (first, _) = Promise.Cancelable<int>();
        var (second, r) = Promise.Cancelable<int>();
        var (replacement, _) = Promise.Cancelable<int>();
        Promise<int>[] inputs = [first, second];
        Promise<int> picked = Promise.Pick((IEnumerable<Promise<int>>)inputs);
        inputs[0] = replacement;
        r.Resolve(2);
        Assert.Equal(2, picked.Result);
        Assert.True(first.IsCanceled);
        Assert.True(replacement.IsPending);
    }

    private static long AllocatedBy(string name, bool asList)
    {
        long Once()
        {
            var inputs = new Promise<int>[100];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = Promise.Wait<int>().Promise;
            }

            var list = new List<Promise<int>>(inputs);

            // Join takes promises of any type: a list of exactly that type, since a List<Promise<int>>
            // seen as IEnumerable<Promise> can only be enumerated (a boxed enumerator, a growing buffer).
            var untypedList = new List<Promise>(inputs);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Promise result = (name, asList) switch
            {
                ("Join", false) => Promise.Join(inputs),
                ("Join", true) => Promise.Join(untypedList),
                ("All", false) => Promise.All(inputs),
                ("All", true) => Promise.All(list),
                ("Choose", false) => Promise.Choose(inputs),
                ("Choose", true) => Promise.Choose(list),
                ("Pick", false) => Promise.Pick(inputs),
                ("Pick", true) => Promise.Pick(list),
                ("NChoose", false) => Promise.NChoose(inputs),
                ("NChoose", true) => Promise.NChoose(list),
                ("NPick", false) => Promise.NPick(inputs),
                ("NPick", true) => Promise.NPick(list),
                ("NChooseSplit", false) => Promise.NChooseSplit(inputs),
                ("NChooseSplit", true) => Promise.NChooseSplit(list),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
            };
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(result.IsPending);
            return bytes;
        }

        // The first call compiles the code it runs, which allocates too.
        Once();
        return Once();
    }
}
