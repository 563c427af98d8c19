using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ca.Storage.Writing;

/// <summary>
/// Multi-row INSERTs for append-only rows (audit records, new certificates and requests), written with
/// the model's own table/column names, identifier quoting and value conversions, so what lands in the
/// database is exactly what EF would write and reads back through EF unchanged. Profiling showed EF's
/// per-row INSERT (a command prepared per entity) was the single writer's cost; one statement per
/// table per batch removes it.
/// </summary>
internal static class RowInserter
{
    // SQL Server allows 2,100 parameters per command; SQLite far more. One chunk stays under both.
    private const int MaxParameters = 2000;

    public static async Task InsertAsync(CaDbContext db, Type entityClrType, IReadOnlyList<object> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(entityClrType) ?? throw new InvalidOperationException($"{entityClrType.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // Every column but a database-generated integer key (identity / rowid).
        var columns = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int))))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var rowsPerCommand = Math.Max(1, MaxParameters / columns.Count);
        var header = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";

        for (var start = 0; start < rows.Count; start += rowsPerCommand)
        {
            var count = Math.Min(rowsPerCommand, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(header, header.Length + (count * columns.Count * 8));
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"@p{r}_{c}";
                    text.Append(c == 0 ? name : ", " + name);
                    var property = columns[c];
                    var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                    command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(rows[start + r]), property.IsNullable));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            try
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (DbException e)
            {
                // Same shape as EF's failures, so callers classify constraint violations one way.
                throw new DbUpdateException($"Inserting {count} {entityType.GetTableName()} row(s) failed.", e);
            }
        }
    }
}
