using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ca.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Revocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_IssuerId_Status_RevokedAt",
                table: "Certificates");

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusChangedAt",
                table: "Certificates",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UnheldAt",
                table: "Certificates",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RevocationReason",
                table: "Authorities",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "Authorities",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Crls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CaId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    IsDelta = table.Column<bool>(type: "bit", nullable: false),
                    BaseNumber = table.Column<long>(type: "bigint", nullable: true),
                    ThisUpdate = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextUpdate = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Der = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Crls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CaId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    ProtectedKey = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    KeyAlgorithm = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_IssuerId_RevokedAt",
                table: "Certificates",
                columns: new[] { "IssuerId", "RevokedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Crls_CaId_IsDelta_Number",
                table: "Crls",
                columns: new[] { "CaId", "IsDelta", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Crls_CaId_Number",
                table: "Crls",
                columns: new[] { "CaId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceKeys_Purpose_CaId_Active",
                table: "ServiceKeys",
                columns: new[] { "Purpose", "CaId", "Active" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Crls");

            migrationBuilder.DropTable(
                name: "ServiceKeys");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_IssuerId_RevokedAt",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "UnheldAt",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "RevocationReason",
                table: "Authorities");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "Authorities");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_IssuerId_Status_RevokedAt",
                table: "Certificates",
                columns: new[] { "IssuerId", "Status", "RevokedAt" });
        }
    }
}
