using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TlIntegrationMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "integration_systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    External = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integration_systems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_integration_systems_integration_systems_ParentId",
                        column: x => x.ParentId,
                        principalTable: "integration_systems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_integration_systems_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "integration_interfaces",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RiskNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integration_interfaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_integration_interfaces_integration_systems_ConsumerId",
                        column: x => x.ConsumerId,
                        principalTable: "integration_systems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_integration_interfaces_integration_systems_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "integration_systems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_integration_interfaces_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "integration_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterfaceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AdrId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DebtId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SystemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integration_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_integration_links_architecture_decisions_AdrId",
                        column: x => x.AdrId,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integration_links_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integration_links_debt_items_DebtId",
                        column: x => x.DebtId,
                        principalTable: "debt_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integration_links_integration_interfaces_InterfaceId",
                        column: x => x.InterfaceId,
                        principalTable: "integration_interfaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integration_links_integration_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "integration_systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integration_links_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_integration_interfaces_ConsumerId",
                table: "integration_interfaces",
                column: "ConsumerId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_interfaces_ProductId_Status",
                table: "integration_interfaces",
                columns: new[] { "ProductId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_integration_interfaces_ProviderId",
                table: "integration_interfaces",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_AdrId",
                table: "integration_links",
                column: "AdrId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_DebtId",
                table: "integration_links",
                column: "DebtId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_InterfaceId_Target",
                table: "integration_links",
                columns: new[] { "InterfaceId", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_ItemId",
                table: "integration_links",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_ProductId",
                table: "integration_links",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_links_SystemId",
                table: "integration_links",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_systems_ParentId",
                table: "integration_systems",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_integration_systems_ProductId_ParentId",
                table: "integration_systems",
                columns: new[] { "ProductId", "ParentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integration_links");

            migrationBuilder.DropTable(
                name: "integration_interfaces");

            migrationBuilder.DropTable(
                name: "integration_systems");
        }
    }
}
