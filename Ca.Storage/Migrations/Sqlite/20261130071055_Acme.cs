using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ca.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Acme : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AcmeAccounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    KeyThumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Jwk = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EabKeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcmeAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AcmeAuthorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IdentifierType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IdentifierValue = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Wildcard = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Expires = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Challenges = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Processing = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcmeAuthorizations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AcmeEabCredentials",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProtectedHmacKey = table.Column<byte[]>(type: "BLOB", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    BoundAccountId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    BoundAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcmeEabCredentials", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "AcmeOrders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Expires = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Identifiers = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    AuthorizationIds = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CertificateSerial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CertificateIssuerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Replaces = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcmeOrders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AcmeAccounts_KeyThumbprint",
                table: "AcmeAccounts",
                column: "KeyThumbprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AcmeAccounts_Owner",
                table: "AcmeAccounts",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_AcmeAuthorizations_AccountId_IdentifierValue_Status",
                table: "AcmeAuthorizations",
                columns: new[] { "AccountId", "IdentifierValue", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AcmeAuthorizations_Processing_Status",
                table: "AcmeAuthorizations",
                columns: new[] { "Processing", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AcmeEabCredentials_Owner",
                table: "AcmeEabCredentials",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_AcmeOrders_AccountId_CreatedAt",
                table: "AcmeOrders",
                columns: new[] { "AccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AcmeOrders_CertificateSerial",
                table: "AcmeOrders",
                column: "CertificateSerial");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AcmeAccounts");

            migrationBuilder.DropTable(
                name: "AcmeAuthorizations");

            migrationBuilder.DropTable(
                name: "AcmeEabCredentials");

            migrationBuilder.DropTable(
                name: "AcmeOrders");
        }
    }
}
