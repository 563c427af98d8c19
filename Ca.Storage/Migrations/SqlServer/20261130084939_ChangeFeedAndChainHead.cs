using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ca.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ChangeFeedAndChainHead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditChainHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainHead", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CaId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Subject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeEvents", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "AuditChainHead",
                columns: new[] { "Id", "Hash", "Sequence" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            // A database with records already: the head row starts at its real last record.
            migrationBuilder.Sql("""UPDATE [AuditChainHead] SET [Sequence] = (SELECT TOP 1 [Sequence] FROM [AuditRecords] ORDER BY [Sequence] DESC), [Hash] = (SELECT TOP 1 [Hash] FROM [AuditRecords] ORDER BY [Sequence] DESC) WHERE [Id] = 1 AND EXISTS (SELECT 1 FROM [AuditRecords]);""");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeEvents_At",
                table: "ChangeEvents",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditChainHead");

            migrationBuilder.DropTable(
                name: "ChangeEvents");
        }
    }
}
