namespace Ca.Tests.Support.Postgres;

/// <summary>
/// Several instances of the service (Kestrel on their own loopback ports, their own data folders) on one
/// PostgreSQL database, started together as a deployment would start them; disposes them and drops the
/// database.
/// </summary>
public sealed class InstanceGroup : IAsyncDisposable
{
    private readonly PostgresCluster cluster;

    private InstanceGroup(PostgresCluster cluster, string connectionString, IReadOnlyList<PostgresInstance> instances)
    {
        this.cluster = cluster;
        ConnectionString = connectionString;
        Instances = instances;
    }

    public string ConnectionString { get; }

    public IReadOnlyList<PostgresInstance> Instances { get; }

    public PostgresInstance this[int index] => Instances[index];

    public static async Task<InstanceGroup> StartAsync(PostgresCluster cluster, string purpose, int count, IDictionary<string, string?>? settings = null)
    {
        var connectionString = await cluster.CreateDatabaseAsync(purpose);
        var starting = Enumerable.Range(0, count)
            .Select(_ => Task.Run(() => new PostgresInstance(connectionString, settings)))
            .ToList();
        try
        {
            return new InstanceGroup(cluster, connectionString, await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            await cluster.DropDatabaseAsync(connectionString);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await cluster.DropDatabaseAsync(ConnectionString);
    }
}
