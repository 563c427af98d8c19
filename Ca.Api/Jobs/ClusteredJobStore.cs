using Ca.Storage;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>
/// Where Quartz keeps its schedule. On PostgreSQL and SQL Server: Quartz's ADO.NET job store in the
/// service's own database, clustered, so every scheduled job fires on exactly one of the instances that
/// share it; Quartz creates its QRTZ_ tables at start-up when they are missing (race-safe between
/// instances). SQLite is one machine's database: the in-memory store.
/// </summary>
internal static class ClusteredJobStore
{
    public static void Configure(IQuartzBuilder quartz, StorageOptions storage, string connectionString)
    {
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }

        quartz.ConfigureScheduler(s => s.InstanceName = "pki");
        quartz.UsePersistentStore(store =>
        {
            store.UseClustering(c =>
            {
                // A dead instance's jobs are taken over within about 20 s.
                c.CheckinInterval = TimeSpan.FromSeconds(5);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
            });
            if (storage.Provider == DatabaseProvider.Postgres)
            {
                store.UsePostgres(connectionString);
            }
            else
            {
                store.UseSqlServer(connectionString);
            }

            store.ProvisionSchema();
        });
    }
}
