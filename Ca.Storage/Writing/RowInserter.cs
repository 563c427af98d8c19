using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ca.Storage.Writing;

/// <summary>
/// INSERTs for append-only rows (audit records, new certificates and requests), written with the
/// model's own table/column names, identifier quoting and value conversions, so what lands in the
/// database is exactly what EF would write and reads back through EF unchanged. Profiling showed EF's
/// per-row INSERT (a command built and prepared per entity) was the single writer's cost. SQLite gets
/// one prepared single-row statement re-executed per row (in-process, so no round trips, and no
/// name lookups over hundreds of parameters); server databases get multi-row statements.
/// </summary>
internal static class RowInserter
{
    // SQL Server allows 2,100 parameters per command.
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
            .Select(p => new Column(p, (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var header = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
        var rowsPerCommand = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParameters / columns.Count);

        try
        {
            DbCommand? reusable = null;
            try
            {
                for (var start = 0; start < rows.Count; start += rowsPerCommand)
                {
                    var count = Math.Min(rowsPerCommand, rows.Count - start);
                    if (count == 1 && reusable is not null)
                    {
                        for (var c = 0; c < columns.Count; c++)
                        {
                            reusable.Parameters[c].Value = columns[c].ProviderValue(rows[start]);
                        }

                        await reusable.ExecuteNonQueryAsync().ConfigureAwait(false);
                        continue;
                    }

                    var command = CreateCommand(db, header, columns, rows, start, count);
                    if (count == 1 && rowsPerCommand == 1)
                    {
                        reusable = command;
                        await command.PrepareAsync().ConfigureAwait(false);
                        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                        continue;
                    }

                    await using (command)
                    {
                        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                if (reusable is not null)
                {
                    await reusable.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (DbException e)
        {
            // Same shape as EF's failures, so callers classify constraint violations one way.
            throw new DbUpdateException($"Inserting {entityType.GetTableName()} rows failed.", e);
        }
    }

    private static DbCommand CreateCommand(CaDbContext db, string header, IReadOnlyList<Column> columns, IReadOnlyList<object> rows, int start, int count)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var text = new StringBuilder(header, header.Length + (count * columns.Count * 8));
        for (var r = 0; r < count; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"@p{r}_{c}";
                text.Append(c == 0 ? name : ", " + name);
                var column = columns[c];
                command.Parameters.Add(column.Mapping.CreateParameter(command, name, column.Property.GetGetter().GetClrValue(rows[start + r]), column.Property.IsNullable));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        return command;
    }

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping)
    {
        /// <summary>The value as the provider stores it (after the model's converters), for re-binding a prepared statement.</summary>
        public object ProviderValue(object row)
        {
            var value = Property.GetGetter().GetClrValue(row);
            var converted = value is null ? null : Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
            return converted ?? DBNull.Value;
        }
    }
}
