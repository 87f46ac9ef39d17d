using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WtMilestones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "milestone_gates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    MilestoneId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_milestone_gates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_milestone_gates_milestones_MilestoneId",
                        column: x => x.MilestoneId,
                        principalTable: "milestones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "milestone_links",
                columns: table => new
                {
                    MilestoneId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_milestone_links", x => new { x.MilestoneId, x.Kind, x.TargetId });
                    table.ForeignKey(
                        name: "FK_milestone_links_milestones_MilestoneId",
                        column: x => x.MilestoneId,
                        principalTable: "milestones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "release_scope",
                columns: table => new
                {
                    ReleaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_scope", x => new { x.ReleaseId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_release_scope_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_release_scope_releases_ReleaseId",
                        column: x => x.ReleaseId,
                        principalTable: "releases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trade_offs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    MilestoneId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ConfidenceAtOpen = table.Column<int>(type: "integer", nullable: true),
                    MilestoneDateAtOpen = table.Column<DateOnly>(type: "date", nullable: false),
                    ProposedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CapacityPercent = table.Column<int>(type: "integer", nullable: true),
                    CapacityItemsPerWeek = table.Column<int>(type: "integer", nullable: true),
                    OpenedById = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ScopeDecided = table.Column<bool>(type: "boolean", nullable: false),
                    ScopeNoChange = table.Column<bool>(type: "boolean", nullable: false),
                    ScopeReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ScopeDecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ScopeDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DateDecided = table.Column<bool>(type: "boolean", nullable: false),
                    DecidedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DateReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DateDecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DateDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trade_offs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_trade_offs_milestones_MilestoneId",
                        column: x => x.MilestoneId,
                        principalTable: "milestones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "milestone_gate_checklist",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    GateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    DoneById = table.Column<Guid>(type: "uuid", nullable: true),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_milestone_gate_checklist", x => x.Id);
                    table.ForeignKey(
                        name: "FK_milestone_gate_checklist_milestone_gates_GateId",
                        column: x => x.GateId,
                        principalTable: "milestone_gates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trade_off_items",
                columns: table => new
                {
                    TradeOffId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Proposed = table.Column<bool>(type: "boolean", nullable: false),
                    Removed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trade_off_items", x => new { x.TradeOffId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_trade_off_items_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_trade_off_items_trade_offs_TradeOffId",
                        column: x => x.TradeOffId,
                        principalTable: "trade_offs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_milestone_gate_checklist_GateId_Position",
                table: "milestone_gate_checklist",
                columns: new[] { "GateId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_milestone_gates_MilestoneId_Kind",
                table: "milestone_gates",
                columns: new[] { "MilestoneId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_milestone_gates_ProductId_Status_DueOn",
                table: "milestone_gates",
                columns: new[] { "ProductId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_milestone_links_TargetId",
                table: "milestone_links",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_release_scope_ItemId",
                table: "release_scope",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_trade_off_items_ItemId",
                table: "trade_off_items",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_trade_offs_MilestoneId_Status",
                table: "trade_offs",
                columns: new[] { "MilestoneId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "milestone_gate_checklist");

            migrationBuilder.DropTable(
                name: "milestone_links");

            migrationBuilder.DropTable(
                name: "release_scope");

            migrationBuilder.DropTable(
                name: "trade_off_items");

            migrationBuilder.DropTable(
                name: "milestone_gates");

            migrationBuilder.DropTable(
                name: "trade_offs");
        }
    }
}
