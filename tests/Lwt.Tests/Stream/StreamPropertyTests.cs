using System;
using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>Streams against a queue model, on random sequences of operations (DESIGN.md §9).</summary>
public class StreamPropertyTests
{
    // Operation codes: 0-4 push, 5-7 get, 8 close, 9 get_available.
    [Fact]
    public void A_push_stream_behaves_like_a_queue_with_a_sticky_end()
    {
        Gen.Int[0, 9].Array[0, 80].Sample(ops =>
        {
            var (s, push) = Lwt.Stream.Create<int>();
            var model = new Queue<int>();
            var pending = new List<Promise<Option<int>>>();
            bool closed = false;
            int next = 0;
            foreach (int op in ops)
            {
                switch (op)
                {
                    case <= 4:
                        if (closed)
                        {
                            Assert.Throws<StreamClosedException>(() => push.Push(next));
                            break;
                        }

                        push.Push(next);
                        if (pending.Count > 0)
                        {
                            // Every pending read receives this element; it is consumed once.
                            foreach (Promise<Option<int>> p in pending)
                            {
                                Assert.Equal(Option.Some(next), p.Result);
                            }

                            pending.Clear();
                        }
                        else
                        {
                            model.Enqueue(next);
                        }

                        next++;
                        break;
                    case <= 7:
                        Promise<Option<int>> get = s.Get();
                        if (model.Count > 0)
                        {
                            Assert.Equal(Option.Some(model.Dequeue()), get.Result);
                        }
                        else if (closed)
                        {
                            Assert.Equal(default, get.Result);
                        }
                        else
                        {
                            Assert.True(get.IsPending);
                            pending.Add(get);
                        }

                        break;
                    case 8:
                        if (closed)
                        {
                            Assert.Throws<StreamClosedException>(push.Close);
                            break;
                        }

                        push.Close();
                        closed = true;
                        foreach (Promise<Option<int>> p in pending)
                        {
                            Assert.Equal(default, p.Result);
                        }

                        pending.Clear();
                        break;
                    default:
                        Assert.Equal(model, s.GetAvailable());
                        model.Clear();
                        break;
                }

                Assert.Equal(closed, s.IsClosed);
            }
        });
    }

    // Operation codes: 0-3 push, 4-6 get, 7 close, 8 cancel the blocked push, 9 resize to ops-derived size.
    [Fact]
    public void A_bounded_stream_never_holds_more_than_its_size_and_blocks_one_pusher()
    {
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 9].Array[0, 80]).Sample((size, ops) =>
        {
            var (s, push) = Lwt.Stream.CreateBounded<int>(size);
            var model = new Queue<int>();
            var pending = new List<Promise<Option<int>>>();
            (int Value, Promise Promise)? parked = null;
            bool closed = false;
            int next = 0;
            int capacity = size;
            foreach (int op in ops)
            {
                switch (op)
                {
                    case <= 3:
                        Promise p = push.Push(next);
                        if (closed)
                        {
                            Assert.IsType<StreamClosedException>(p.Exception);
                        }
                        else if (parked is not null)
                        {
                            Assert.IsType<StreamFullException>(p.Exception);
                        }
                        else if (model.Count >= capacity)
                        {
                            Assert.True(p.IsPending);
                            parked = (next, p);
                        }
                        else
                        {
                            Assert.True(p.IsFulfilled);
                            if (pending.Count > 0)
                            {
                                foreach (Promise<Option<int>> g in pending)
                                {
                                    Assert.Equal(Option.Some(next), g.Result);
                                }

                                pending.Clear();
                            }
                            else
                            {
                                model.Enqueue(next);
                            }
                        }

                        next++;
                        break;
                    case <= 6:
                        Promise<Option<int>> get = s.Get();
                        if (model.Count > 0)
                        {
                            Assert.Equal(Option.Some(model.Dequeue()), get.Result);
                            if (parked is { } b)
                            {
                                // The parked element enters first, and its push is fulfilled.
                                model.Enqueue(b.Value);
                                Assert.True(b.Promise.IsFulfilled);
                                parked = null;
                            }
                        }
                        else if (closed)
                        {
                            Assert.Equal(default, get.Result);
                        }
                        else
                        {
                            Assert.True(get.IsPending);
                            pending.Add(get);
                        }

                        break;
                    case 7:
                        push.Close();
                        if (!closed && parked is { } c)
                        {
                            Assert.IsType<StreamClosedException>(c.Promise.Exception);
                            parked = null;
                        }

                        closed = true;
                        foreach (Promise<Option<int>> g in pending)
                        {
                            Assert.Equal(default, g.Result);
                        }

                        pending.Clear();
                        break;
                    case 8:
                        if (parked is { } d)
                        {
                            d.Promise.Cancel();
                            Assert.True(d.Promise.IsCanceled);
                            parked = null;
                        }

                        break;
                    default:
                        capacity = model.Count + 1;
                        push.Resize(capacity);
                        if (parked is { } e)
                        {
                            Assert.True(e.Promise.IsFulfilled);
                            if (pending.Count > 0)
                            {
                                foreach (Promise<Option<int>> g in pending)
                                {
                                    Assert.Equal(Option.Some(e.Value), g.Result);
                                }

                                pending.Clear();
                            }
                            else
                            {
                                model.Enqueue(e.Value);
                            }

                            parked = null;
                        }

                        break;
                }

                Assert.Equal(parked is not null, push.IsBlocked);
                Assert.Equal(closed, push.IsClosed);
                Assert.True(model.Count <= Math.Max(capacity, size));
            }

            if (!closed)
            {
                push.Close();
            }

            Assert.Equal(model, s.ToList().Result);
        });
    }
}
