using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TlAdrs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "architecture_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Context = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Consequences = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Deciders = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ItemKeys = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 2300, nullable: true),
                    SupersededById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_architecture_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_architecture_decisions_AspNetUsers_ProposedById",
                        column: x => x.ProposedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_architecture_decisions_architecture_decisions_SupersededById",
                        column: x => x.SupersededById,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_architecture_decisions_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "architecture_decision_history",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2300, nullable: true),
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_architecture_decision_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_architecture_decision_history_architecture_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "architecture_decision_options",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Pros = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Cons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_architecture_decision_options", x => x.Id);
                    table.ForeignKey(
                        name: "FK_architecture_decision_options_architecture_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decision_history_DecisionId",
                table: "architecture_decision_history",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decision_options_DecisionId",
                table: "architecture_decision_options",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decisions_ProductId_Number",
                table: "architecture_decisions",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decisions_ProductId_Status",
                table: "architecture_decisions",
                columns: new[] { "ProductId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decisions_ProposedById",
                table: "architecture_decisions",
                column: "ProposedById");

            migrationBuilder.CreateIndex(
                name: "IX_architecture_decisions_SupersededById",
                table: "architecture_decisions",
                column: "SupersededById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "architecture_decision_history");

            migrationBuilder.DropTable(
                name: "architecture_decision_options");

            migrationBuilder.DropTable(
                name: "architecture_decisions");
        }
    }
}
