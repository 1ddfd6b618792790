namespace Lwt.Tests;
using Xunit;
public class SmokeTests { [Fact] public void Works() => Assert.True(true); }
