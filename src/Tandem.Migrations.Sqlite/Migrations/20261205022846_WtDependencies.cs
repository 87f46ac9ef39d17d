using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WtDependencies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dependencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NeederTeamId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProviderKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ProviderTeamId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProviderProductId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExternalName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    ExternalKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    NeededBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpectedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    NeederOwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AtRisk = table.Column<bool>(type: "INTEGER", nullable: false),
                    ForecastOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RiskReason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dependencies_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependencies_products_ProviderProductId",
                        column: x => x.ProviderProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependencies_teams_NeederTeamId",
                        column: x => x.NeederTeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_dependencies_teams_ProviderTeamId",
                        column: x => x.ProviderTeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dependency_items",
                columns: table => new
                {
                    DependencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependency_items", x => new { x.DependencyId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_dependency_items_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependency_items_dependencies_DependencyId",
                        column: x => x.DependencyId,
                        principalTable: "dependencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_NeederTeamId",
                table: "dependencies",
                column: "NeederTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProductId",
                table: "dependencies",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProviderProductId",
                table: "dependencies",
                column: "ProviderProductId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProviderTeamId",
                table: "dependencies",
                column: "ProviderTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_WorkspaceId_AtRisk_NeededBy",
                table: "dependencies",
                columns: new[] { "WorkspaceId", "AtRisk", "NeededBy" });

            migrationBuilder.CreateIndex(
                name: "IX_dependency_items_ItemId",
                table: "dependency_items",
                column: "ItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dependency_items");

            migrationBuilder.DropTable(
                name: "dependencies");
        }
    }
}
