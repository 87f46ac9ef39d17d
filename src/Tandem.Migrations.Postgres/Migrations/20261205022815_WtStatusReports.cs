using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WtStatusReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "status_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    DraftOfProductId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeliveryNarrative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    DeliveryNarrativeById = table.Column<Guid>(type: "uuid", nullable: true),
                    DeliveryNarrativeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProductNarrative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ProductNarrativeById = table.Column<Guid>(type: "uuid", nullable: true),
                    ProductNarrativeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PeriodFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Rag = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedById = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_status_reports_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_status_reports_DraftOfProductId",
                table: "status_reports",
                column: "DraftOfProductId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_status_reports_ProductId_Number",
                table: "status_reports",
                columns: new[] { "ProductId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "status_reports");
        }
    }
}
