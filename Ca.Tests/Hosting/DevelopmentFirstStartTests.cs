using System.Net;
using System.Net.Http.Headers;
using Ca.Tests.Support;

namespace Ca.Tests.Hosting;

/// <summary>
/// A first start on a fresh machine in Development with nothing configured (no KEK, no admin key):
/// the folder and every file it creates are owner-only, and the generated secrets go only to their
/// files, never to the log.
/// </summary>
public sealed class DevelopmentFirstStartTests(DevelopmentFirstStartTests.FirstStart start) : IClassFixture<DevelopmentFirstStartTests.FirstStart>
{
    [Fact]
    public void FirstStart_InDevelopmentWithoutKek_GeneratesOwnerOnlyDevelopmentKeyAndWarns()
    {
        var kek = Path.Combine(start.DataDirectory, "kek.dev.key");

        Assert.Equal(PrivateFileMode, FileModes.Of(kek));
        Assert.Contains("Generated a development key-encryption key", start.Process.Output);
        Assert.DoesNotContain(File.ReadAllText(kek).Trim(), start.Process.Output);
    }

    [Fact]
    public void FirstStart_DataDirectory_IsOwnerOnly()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, FileModes.Of(start.DataDirectory));
    }

    [Theory]
    [InlineData("pki.db")]
    [InlineData("pki.db-wal")]
    [InlineData("pki.db-shm")]
    public void FirstStart_DatabaseFiles_AreOwnerOnly(string name)
    {
        var path = Path.Combine(start.DataDirectory, name);

        Assert.True(File.Exists(path), $"{name} exists while the service runs");
        Assert.Equal(PrivateFileMode, FileModes.Of(path));
    }

    [Fact]
    public async Task FirstStart_GeneratedAdminKey_GoesOnlyToOwnerOnlyFile()
    {
        var path = Path.Combine(start.DataDirectory, "bootstrap-admin.key");
        var key = File.ReadAllText(path).Trim();

        Assert.Equal(PrivateFileMode, FileModes.Of(path));
        Assert.DoesNotContain(key, start.Process.Output);
        Assert.Contains(path, start.Process.Output); // the log says where it is

        // And it is the real admin key.
        using var client = new HttpClient { DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{start.BaseUrl}/api/v1/accounts")).StatusCode);
    }

    private static UnixFileMode PrivateFileMode => UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The service in Development, pointed at a data folder that does not exist yet.</summary>
    public sealed class FirstStart : IAsyncLifetime
    {
        private readonly TemporaryDirectory temp = new();

        public FirstStart()
        {
            DataDirectory = Path.Combine(temp.Path, "data");
        }

        public string DataDirectory { get; }

        public string BaseUrl { get; } = $"http://127.0.0.1:{ServiceProcess.FreePort()}";

        public ServiceProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = BaseUrl,
                ["Pki__DataDirectory"] = DataDirectory,
            });
            await Process.WaitUntilHealthyAsync(BaseUrl);
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            temp.Dispose();
        }
    }
}
