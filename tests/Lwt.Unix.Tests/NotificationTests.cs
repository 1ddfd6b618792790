using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class NotificationTests
{
    [Fact]
    public void Sending_a_notification_of_a_disposed_loop_does_nothing() =>
        LoopThread.Run(() =>
        {
            bool ran = false;
            int id = Notification.Make(() => ran = true);
            EventLoop.Current.Dispose();

            // The thread's next loop gets a marker, sent after the stale ones from the same thread:
            // once the marker has run, a stale notification would have run before it.
            (Promise markerRan, Resolver resolveMarker) = Promise.Wait();
            int marker = Notification.Make(resolveMarker.Resolve, once: true);
            Task.Run(() =>
            {
                Notification.SendFromAnyThread(id);
                Notification.SendFromAnyThread(id);
                Notification.SendFromAnyThread(marker);
            }).Wait(TestContext.Current.CancellationToken);
            Main.Run(Promise.Pick(markerRan, Time.Sleep(TimeSpan.FromSeconds(10))));
            Assert.True(markerRan.IsFulfilled);
            Assert.False(ran);
        });

    // A callback that throws escapes Main.Run; the posts queued behind it run on the next run.
    [Fact]
    public void Posts_queued_behind_a_throwing_one_run_when_the_loop_runs_again() =>
        LoopThread.Run(() =>
        {
            EventLoop loop = EventLoop.Current;
            var (done, r) = Promise.Wait();
            Task.Run(() =>
            {
                loop.PostFromAnyThread(_ => throw new InvalidOperationException("first"), null);
                loop.PostFromAnyThread(_ => r.Resolve(), null);
            }).Wait(TestContext.Current.CancellationToken);
            Assert.Equal("first", Assert.Throws<InvalidOperationException>(() => Main.Run(done)).Message);
            Main.Run(Promise.Pick(done, Time.Sleep(TimeSpan.FromSeconds(5))));
            Assert.True(done.IsFulfilled);
        });

    [Fact]
    public void A_notification_sent_from_another_thread_runs_on_the_loop_thread() =>
        LoopThread.Run(() =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            var (done, r) = Promise.Wait<int>();
            int id = Notification.Make(() => r.Resolve(Environment.CurrentManagedThreadId));
            _ = Task.Run(() => Notification.SendFromAnyThread(id));
            Assert.Equal(loopThread, Main.Run(done));
            Notification.Stop(id);
        });

    [Fact]
    public void A_once_notification_runs_once() =>
        LoopThread.Run(() =>
        {
            int runs = 0;
            int id = Notification.Make(() => runs++, once: true);
            Notification.SendFromAnyThread(id);
            Notification.SendFromAnyThread(id);
            Main.Run(() => Time.Sleep(TimeSpan.FromMilliseconds(2)));
            Assert.Equal(1, runs);
        });

    [Fact]
    public void Stopped_and_unknown_notifications_do_nothing() =>
        LoopThread.Run(() =>
        {
            int runs = 0;
            int id = Notification.Make(() => runs++);
            Notification.Stop(id);
            Notification.SendFromAnyThread(id);
            Notification.SendFromAnyThread(-5);
            Notification.Call(id);
            Main.Run(() => Main.Yield());
            Assert.Equal(0, runs);
        });

    [Fact]
    public void Set_replaces_the_handler_and_Call_runs_it_now() =>
        LoopThread.Run(() =>
        {
            var log = new List<string>();
            int id = Notification.Make(() => log.Add("old"));
            Notification.Set(id, () => log.Add("new"));
            Notification.Call(id);
            Assert.Equal(new[] { "new" }, log);
            Notification.Stop(id);
            Assert.Throws<KeyNotFoundException>(() => Notification.Set(id, () => { }));
        });
}
