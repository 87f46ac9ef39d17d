using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WtRaid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AssumptionId",
                table: "risks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assumptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ValidateBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    RiskId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RaisedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assumptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assumptions_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assumptions_risks_RiskId",
                        column: x => x.RiskId,
                        principalTable: "risks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "raid_issues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raid_issues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_raid_issues_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "raid_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raid_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_raid_links_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RiskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Probability = table.Column<int>(type: "INTEGER", nullable: false),
                    Impact = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_history_risks_RiskId",
                        column: x => x.RiskId,
                        principalTable: "risks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "impediment_promotions",
                columns: table => new
                {
                    ImpedimentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RiskId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IssueId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PromotedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    PromotedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_impediment_promotions", x => x.ImpedimentId);
                    table.ForeignKey(
                        name: "FK_impediment_promotions_impediments_ImpedimentId",
                        column: x => x.ImpedimentId,
                        principalTable: "impediments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_impediment_promotions_raid_issues_IssueId",
                        column: x => x.IssueId,
                        principalTable: "raid_issues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_impediment_promotions_risks_RiskId",
                        column: x => x.RiskId,
                        principalTable: "risks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risks_AssumptionId",
                table: "risks",
                column: "AssumptionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assumptions_ProductId_Number",
                table: "assumptions",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assumptions_RiskId",
                table: "assumptions",
                column: "RiskId");

            migrationBuilder.CreateIndex(
                name: "IX_impediment_promotions_IssueId",
                table: "impediment_promotions",
                column: "IssueId");

            migrationBuilder.CreateIndex(
                name: "IX_impediment_promotions_ProductId",
                table: "impediment_promotions",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_impediment_promotions_RiskId",
                table: "impediment_promotions",
                column: "RiskId");

            migrationBuilder.CreateIndex(
                name: "IX_raid_issues_ProductId_Number",
                table: "raid_issues",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_raid_issues_ProductId_Status",
                table: "raid_issues",
                columns: new[] { "ProductId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_raid_links_ProductId",
                table: "raid_links",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_raid_links_SourceId_TargetKind_TargetId",
                table: "raid_links",
                columns: new[] { "SourceId", "TargetKind", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_raid_links_TargetId_TargetKind",
                table: "raid_links",
                columns: new[] { "TargetId", "TargetKind" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_history_RiskId_At",
                table: "risk_history",
                columns: new[] { "RiskId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assumptions");

            migrationBuilder.DropTable(
                name: "impediment_promotions");

            migrationBuilder.DropTable(
                name: "raid_links");

            migrationBuilder.DropTable(
                name: "risk_history");

            migrationBuilder.DropTable(
                name: "raid_issues");

            migrationBuilder.DropIndex(
                name: "IX_risks_AssumptionId",
                table: "risks");

            migrationBuilder.DropColumn(
                name: "AssumptionId",
                table: "risks");
        }
    }
}
