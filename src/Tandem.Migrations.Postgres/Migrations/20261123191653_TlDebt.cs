using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TlDebt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "debt_capacity_proposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    SharePercent = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProposedById = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AgreedById = table.Column<Guid>(type: "uuid", nullable: true),
                    AgreedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AgreedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_capacity_proposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_capacity_proposals_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "debt_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Area = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Principal = table.Column<decimal>(type: "numeric(8,1)", precision: 8, scale: 1, nullable: false),
                    Interest = table.Column<decimal>(type: "numeric(8,1)", precision: 8, scale: 1, nullable: false),
                    Risk = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    FoundBy = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BacklogItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    BacklogItemKey = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_items_backlog_items_BacklogItemId",
                        column: x => x.BacklogItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_debt_items_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "debt_snapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Principal = table.Column<decimal>(type: "numeric(10,1)", precision: 10, scale: 1, nullable: false),
                    Interest = table.Column<decimal>(type: "numeric(10,1)", precision: 10, scale: 1, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_snapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_snapshots_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_debt_capacity_proposals_ProductId_ProposedAt",
                table: "debt_capacity_proposals",
                columns: new[] { "ProductId", "ProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_BacklogItemId",
                table: "debt_items",
                column: "BacklogItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Status",
                table: "debt_items",
                columns: new[] { "ProductId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_debt_snapshots_ProductId_At",
                table: "debt_snapshots",
                columns: new[] { "ProductId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "debt_capacity_proposals");

            migrationBuilder.DropTable(
                name: "debt_items");

            migrationBuilder.DropTable(
                name: "debt_snapshots");
        }
    }
}
