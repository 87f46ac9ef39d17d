using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DebtRegisterAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Interest_Principal_Title_Id",
                table: "debt_items",
                columns: new[] { "ProductId", "Interest", "Principal", "Title", "Id" },
                descending: new[] { false, true, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Status_Kind_WorkspaceId_Principal_Inte~",
                table: "debt_items",
                columns: new[] { "ProductId", "Status", "Kind", "WorkspaceId", "Principal", "Interest" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_debt_items_ProductId_Interest_Principal_Title_Id",
                table: "debt_items");

            migrationBuilder.DropIndex(
                name: "IX_debt_items_ProductId_Status_Kind_WorkspaceId_Principal_Inte~",
                table: "debt_items");
        }
    }
}
