using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DebtRegisterAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Days become integer tenths; convert the values before the columns are rebuilt as INTEGER.
            migrationBuilder.Sql("UPDATE debt_items SET Principal = CAST(ROUND(Principal * 10) AS INTEGER), Interest = CAST(ROUND(Interest * 10) AS INTEGER);");
            migrationBuilder.Sql("UPDATE debt_snapshots SET Principal = CAST(ROUND(Principal * 10) AS INTEGER), Interest = CAST(ROUND(Interest * 10) AS INTEGER);");

            migrationBuilder.AlterColumn<long>(
                name: "Principal",
                table: "debt_snapshots",
                type: "INTEGER",
                precision: 10,
                scale: 1,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 10,
                oldScale: 1);

            migrationBuilder.AlterColumn<long>(
                name: "Interest",
                table: "debt_snapshots",
                type: "INTEGER",
                precision: 10,
                scale: 1,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 10,
                oldScale: 1);

            migrationBuilder.AlterColumn<long>(
                name: "Principal",
                table: "debt_items",
                type: "INTEGER",
                precision: 8,
                scale: 1,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 8,
                oldScale: 1);

            migrationBuilder.AlterColumn<long>(
                name: "Interest",
                table: "debt_items",
                type: "INTEGER",
                precision: 8,
                scale: 1,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 8,
                oldScale: 1);

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Interest_Principal_Title_Id",
                table: "debt_items",
                columns: new[] { "ProductId", "Interest", "Principal", "Title", "Id" },
                descending: new[] { false, true, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Status_Kind_WorkspaceId_Principal_Interest",
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
                name: "IX_debt_items_ProductId_Status_Kind_WorkspaceId_Principal_Interest",
                table: "debt_items");

            migrationBuilder.AlterColumn<decimal>(
                name: "Principal",
                table: "debt_snapshots",
                type: "TEXT",
                precision: 10,
                scale: 1,
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldPrecision: 10,
                oldScale: 1);

            migrationBuilder.AlterColumn<decimal>(
                name: "Interest",
                table: "debt_snapshots",
                type: "TEXT",
                precision: 10,
                scale: 1,
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldPrecision: 10,
                oldScale: 1);

            migrationBuilder.AlterColumn<decimal>(
                name: "Principal",
                table: "debt_items",
                type: "TEXT",
                precision: 8,
                scale: 1,
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldPrecision: 8,
                oldScale: 1);

            migrationBuilder.AlterColumn<decimal>(
                name: "Interest",
                table: "debt_items",
                type: "TEXT",
                precision: 8,
                scale: 1,
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldPrecision: 8,
                oldScale: 1);

            migrationBuilder.Sql("UPDATE debt_items SET Principal = Principal / 10.0, Interest = Interest / 10.0;");
            migrationBuilder.Sql("UPDATE debt_snapshots SET Principal = Principal / 10.0, Interest = Interest / 10.0;");
        }
    }
}
