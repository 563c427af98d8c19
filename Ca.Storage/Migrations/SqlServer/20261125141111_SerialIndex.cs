using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ca.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SerialIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_IssuerId_SerialNumber",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_SerialNumber",
                table: "Certificates");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_SerialNumber_IssuerId",
                table: "Certificates",
                columns: new[] { "SerialNumber", "IssuerId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_SerialNumber_IssuerId",
                table: "Certificates");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_IssuerId_SerialNumber",
                table: "Certificates",
                columns: new[] { "IssuerId", "SerialNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_SerialNumber",
                table: "Certificates",
                column: "SerialNumber");
        }
    }
}
