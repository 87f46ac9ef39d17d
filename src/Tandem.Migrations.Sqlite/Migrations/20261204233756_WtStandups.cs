using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WtStandups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Area",
                table: "technical_disagreements",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Technical");

            migrationBuilder.CreateTable(
                name: "standup_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Yesterday = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Today = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Blockers = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ItemKeys = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 6303, nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standup_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_standup_entries_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_standup_entries_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_standup_entries_teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_calendar_feeds",
                columns: table => new
                {
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_calendar_feeds", x => x.TeamId);
                    table.ForeignKey(
                        name: "FK_team_calendar_feeds_teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Recurrence = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VideoLink = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_team_events_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_team_events_teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_technical_disagreements_ProductId_Status_RaisedAt",
                table: "technical_disagreements",
                columns: new[] { "ProductId", "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_standup_entries_ProductId",
                table: "standup_entries",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_standup_entries_TeamId_Date_UserId",
                table: "standup_entries",
                columns: new[] { "TeamId", "Date", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_standup_entries_UserId",
                table: "standup_entries",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_team_events_ProductId",
                table: "team_events",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_team_events_TeamId_Date",
                table: "team_events",
                columns: new[] { "TeamId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "standup_entries");

            migrationBuilder.DropTable(
                name: "team_calendar_feeds");

            migrationBuilder.DropTable(
                name: "team_events");

            migrationBuilder.DropIndex(
                name: "IX_technical_disagreements_ProductId_Status_RaisedAt",
                table: "technical_disagreements");

            migrationBuilder.DropColumn(
                name: "Area",
                table: "technical_disagreements");
        }
    }
}
