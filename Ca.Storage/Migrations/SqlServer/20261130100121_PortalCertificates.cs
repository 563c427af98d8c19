using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ca.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PortalCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PersonCertificates",
                columns: table => new
                {
                    IssuerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SerialNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LinkedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonCertificates", x => new { x.IssuerId, x.SerialNumber });
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonCertificates_PersonId",
                table: "PersonCertificates",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonCertificates");
        }
    }
}
