using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WtScm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "repository_connections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MergeMovesToDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConnectedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConnectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastDeliveryAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repository_connections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "code_hook_deliveries",
                columns: table => new
                {
                    ConnectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeliveryId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_code_hook_deliveries", x => new { x.ConnectionId, x.DeliveryId });
                    table.ForeignKey(
                        name: "FK_code_hook_deliveries_repository_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "repository_connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "item_code_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConnectionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_item_code_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_item_code_links_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_item_code_links_repository_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "repository_connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_code_hook_deliveries_ReceivedAt",
                table: "code_hook_deliveries",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_item_code_links_ConnectionId",
                table: "item_code_links",
                column: "ConnectionId");

            migrationBuilder.CreateIndex(
                name: "IX_item_code_links_ItemId_Host_Kind_ExternalId",
                table: "item_code_links",
                columns: new[] { "ItemId", "Host", "Kind", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_repository_connections_ProductId",
                table: "repository_connections",
                column: "ProductId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "code_hook_deliveries");

            migrationBuilder.DropTable(
                name: "item_code_links");

            migrationBuilder.DropTable(
                name: "repository_connections");
        }
    }
}
