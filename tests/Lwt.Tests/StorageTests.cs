using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>
/// Sequence-associated storage (Lwt's new_key/get/with_value): callbacks see the storage of the
/// code that registered them (test_lwt.ml › "storage").
/// </summary>
public class StorageTests
{
    [Fact]
    public void New_key_is_not_set()
    {
        // Lwt: test_lwt.ml › "storage" › "initial"
        var key = Promise.NewKey<int>();
        Assert.Null(Get(key));
    }

    [Fact]
    public void WithStorage_makes_the_value_visible_inside()
    {
        // Lwt: test_lwt.ml › "storage" › "store, retrieve"
        var key = Promise.NewKey<int>();
        Assert.Equal(42, Promise.WithStorage(key, 42, () => Get(key)));
    }

    [Fact]
    public void WithStorage_restores_the_storage_afterwards()
    {
        // Lwt: test_lwt.ml › "storage" › "store, restore"
        var key = Promise.NewKey<int>();
        Promise.WithStorage(key, 42, () => 0);
        Assert.Null(Get(key));
    }

    [Fact]
    public void WithStorage_restores_the_storage_when_the_function_throws()
    {
        // Lwt: test_lwt.ml › "storage" › "store, f raises, restore"
        var key = Promise.NewKey<int>();
        var e = new TestException();
        Assert.Same(e, Assert.Throws<TestException>(() => Promise.WithStorage<int, int>(key, 42, () => throw e)));
        Assert.Null(Get(key));
    }

    [Fact]
    public void Inner_WithStorage_overrides_the_outer_value()
    {
        // Lwt: test_lwt.ml › "storage" › "store, overwrite, retrieve"
        var key = Promise.NewKey<int>();
        int? inner = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            inner = Promise.WithStorage(key, 1337, () => Get(key));
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, inner);
        Assert.Equal(42, after);
    }

    [Fact]
    public void WithoutStorage_hides_the_outer_value()
    {
        // Lwt: test_lwt.ml › "storage" › "store, blank, retrieve"
        var key = Promise.NewKey<int>();
        int? inner = 0, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            inner = Promise.WithoutStorage(key, () => Get(key));
            after = Get(key);
            return 0;
        });
        Assert.Null(inner);
        Assert.Equal(42, after);
    }

    [Fact]
    public void Distinct_keys_do_not_see_each_other()
    {
        // Lwt: test_lwt.ml › "storage" › "distinct keys"
        var key1 = Promise.NewKey<int>();
        var key2 = Promise.NewKey<int>();
        Assert.Null(Promise.WithStorage(key1, 42, () => Get(key2)));
    }

    [Fact]
    public void Bind_function_sees_the_storage_from_when_Bind_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "bind"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        Promise<int?> q = Promise.Return<int?>(null);
        int? after = null;
        Promise.WithStorage(key, 42, () =>
        {
            q = Promise.WithStorage(key, 1337, () => p.Bind(() => Promise.Return(Get(key))));
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, q.Result);
        Assert.Equal(42, after);
    }

    [Fact]
    public void Map_function_sees_the_storage_from_when_Map_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "map"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        Promise<int?> q = Promise.Return<int?>(null);
        int? after = null;
        Promise.WithStorage(key, 42, () =>
        {
            q = Promise.WithStorage(key, 1337, () => p.Map(() => Get(key)));
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, q.Result);
        Assert.Equal(42, after);
    }

    [Fact]
    public void Catch_handler_sees_the_storage_from_when_Catch_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "catch"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait<int?>();
        Promise<int?> q = Promise.Return<int?>(null);
        int? after = null;
        Promise.WithStorage(key, 42, () =>
        {
            q = Promise.WithStorage(key, 1337, () => Promise.Catch(() => p, _ => Promise.Return(Get(key))));
            r.Reject(new TestException());
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, q.Result);
        Assert.Equal(42, after);
    }

    [Fact]
    public void TryBind_success_function_sees_the_storage_from_when_TryBind_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "try_bind, fulfilled"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        Promise<int?> q = Promise.Return<int?>(null);
        int? after = null;
        Promise.WithStorage(key, 42, () =>
        {
            q = Promise.WithStorage(key, 1337, () => Promise.TryBind(() => p, () => Promise.Return(Get(key)), Promise.Fail<int?>));
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, q.Result);
        Assert.Equal(42, after);
    }

    [Fact]
    public void TryBind_handler_sees_the_storage_from_when_TryBind_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "try_bind, rejected"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait<int?>();
        Promise<int?> q = Promise.Return<int?>(null);
        int? after = null;
        Promise.WithStorage(key, 42, () =>
        {
            q = Promise.WithStorage(key, 1337, () => Promise.TryBind(() => p, Promise.Return, _ => Promise.Return(Get(key))));
            r.Reject(new TestException());
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, q.Result);
        Assert.Equal(42, after);
    }

    [Fact]
    public void Finalize_finalizer_sees_the_storage_from_when_Finalize_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "finalize"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () => Promise.Finalize(() => p, () =>
            {
                seen = Get(key);
                return Promise.Unit;
            }));
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnSuccess_function_sees_the_storage_from_when_OnSuccess_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "on_success"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnSuccess(() => seen = Get(key));
                return 0;
            });
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnFailure_function_sees_the_storage_from_when_OnFailure_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "on_failure"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnFailure(_ => seen = Get(key));
                return 0;
            });
            r.Reject(new TestException());
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnTermination_function_sees_the_registration_storage_when_fulfilled()
    {
        // Lwt: test_lwt.ml › "storage" › "on_termination, fulfilled"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnTermination(() => seen = Get(key));
                return 0;
            });
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnTermination_function_sees_the_registration_storage_when_rejected()
    {
        // Lwt: test_lwt.ml › "storage" › "on_termination, rejected"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnTermination(() => seen = Get(key));
                return 0;
            });
            r.Reject(new TestException());
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnAny_success_function_sees_the_registration_storage()
    {
        // Lwt: test_lwt.ml › "storage" › "on_any, fulfilled"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnAny(() => seen = Get(key), _ => { });
                return 0;
            });
            r.Resolve();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnAny_failure_function_sees_the_registration_storage()
    {
        // Lwt: test_lwt.ml › "storage" › "on_any, rejected"
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnAny(() => { }, _ => seen = Get(key));
                return 0;
            });
            r.Reject(new TestException());
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void OnCancel_function_sees_the_storage_from_when_OnCancel_was_called()
    {
        // Lwt: test_lwt.ml › "storage" › "on_cancel"
        var key = Promise.NewKey<int>();
        var (p, _) = Promise.Cancelable();
        int? seen = null, after = null;
        Promise.WithStorage(key, 42, () =>
        {
            Promise.WithStorage(key, 1337, () =>
            {
                p.OnCancel(() => seen = Get(key));
                return 0;
            });
            p.Cancel();
            after = Get(key);
            return 0;
        });
        Assert.Equal(1337, seen);
        Assert.Equal(42, after);
    }

    [Fact]
    public void Callback_registered_without_storage_does_not_see_storage_set_at_resolution()
    {
        // Lwt: test_lwt.ml › "storage" › "bind" (the resolver's storage is not what the callback sees, spec 4)
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        var q = p.Map(() => Get(key));
        Promise.WithStorage(key, 7, () =>
        {
            r.Resolve();
            return 0;
        });
        Assert.Null(q.Result);
        Assert.Null(Get(key));
    }

    [Fact]
    public void Direct_bind_on_a_resolved_promise_runs_under_the_current_storage()
    {
        // Lwt: test_lwt.ml › "storage" › "bind" (already-resolved input: direct call, spec 4)
        var key = Promise.NewKey<int>();
        var q = Promise.WithStorage(key, 5, () => Promise.Unit.Bind(() => Promise.Return(Get(key))));
        Assert.Equal(5, q.Result);
    }

    [Fact]
    public void Storage_is_restored_after_a_resolution_at_top_level()
    {
        // Lwt: test_lwt.ml › "storage" › "bind" (after the loop the map is the one before it)
        var key = Promise.NewKey<int>();
        var (p, r) = Promise.Wait();
        Promise.WithStorage(key, 1, () => p.Map(() => 0));
        r.Resolve();
        Assert.Null(Get(key));
    }

    [Fact]
    public void Keys_of_different_types_are_independent()
    {
        // Lwt: test_lwt.ml › "storage" › "distinct keys" (typed keys)
        var k1 = Promise.NewKey<string>();
        var k2 = Promise.NewKey<string>();
        var seen = Promise.WithStorage(k1, "a", () => Promise.WithStorage(k2, "b", () =>
            (Promise.TryGetStorage(k1, out var a) ? a : null) + (Promise.TryGetStorage(k2, out var b) ? b : null)));
        Assert.Equal("ab", seen);
    }

    [Fact]
    public void Storage_functions_with_null_arguments_throw_ArgumentNullException_naming_them()
    {
        // Lwt: test_lwt.ml › "storage" (bad input)
        var key = Promise.NewKey<int>();
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Promise.TryGetStorage<int>(null!, out _)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Promise.WithStorage<int, int>(null!, 1, () => 0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.WithStorage<int, int>(key, 1, null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Promise.WithoutStorage<int, int>(null!, () => 0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.WithoutStorage<int, int>(key, null!)).ParamName);
    }

    private static int? Get(StorageKey<int> key) => Promise.TryGetStorage(key, out int v) ? v : null;
}
