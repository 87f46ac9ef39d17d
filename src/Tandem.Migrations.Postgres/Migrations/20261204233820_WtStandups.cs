using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WtStandups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "SubjectKind",
                table: "technical_disagreements",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(8)",
                oldMaxLength: 8);

            migrationBuilder.AlterColumn<string>(
                name: "SubjectKey",
                table: "technical_disagreements",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(24)",
                oldMaxLength: 24);

            migrationBuilder.AddColumn<string>(
                name: "Area",
                table: "technical_disagreements",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Technical");

            migrationBuilder.CreateTable(
                name: "standup_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Yesterday = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Today = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Blockers = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ItemKeys = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SearchText = table.Column<string>(type: "character varying(6303)", maxLength: 6303, nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Recurrence = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    VideoLink = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "SubjectKind",
                table: "technical_disagreements",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AlterColumn<string>(
                name: "SubjectKey",
                table: "technical_disagreements",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);
        }
    }
}
