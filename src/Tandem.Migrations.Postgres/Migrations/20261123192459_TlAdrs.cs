using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Context = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Decision = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Consequences = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Deciders = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ItemKeys = table.Column<List<string>>(type: "text[]", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProposedById = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusReason = table.Column<string>(type: "character varying(2300)", maxLength: 2300, nullable: true),
                    SupersededById = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2300)", maxLength: 2300, nullable: true),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_architecture_decision_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_architecture_decision_history_architecture_decisions_Decisi~",
                        column: x => x.DecisionId,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "architecture_decision_options",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Pros = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Cons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_architecture_decision_options", x => x.Id);
                    table.ForeignKey(
                        name: "FK_architecture_decision_options_architecture_decisions_Decisi~",
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
