using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TlEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "technical_disagreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectKind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SubjectTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Concern = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Alternative = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResolvedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technical_disagreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technical_disagreements_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Context = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChosenOptionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionRecordId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluations_architecture_decisions_DecisionRecordId",
                        column: x => x.DecisionRecordId,
                        principalTable: "architecture_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_technology_evaluations_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_criteria",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_criteria", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_criteria_technology_evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_options",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_options", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_options_technology_evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_scores",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CriterionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoredById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_scores_technology_evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_technical_disagreements_ProductId_Number",
                table: "technical_disagreements",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_technical_disagreements_ProductId_Status_Number",
                table: "technical_disagreements",
                columns: new[] { "ProductId", "Status", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_technical_disagreements_SubjectId_Number",
                table: "technical_disagreements",
                columns: new[] { "SubjectId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_technical_disagreements_SubjectKind_SubjectKey_Number",
                table: "technical_disagreements",
                columns: new[] { "SubjectKind", "SubjectKey", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluation_criteria_EvaluationId",
                table: "technology_evaluation_criteria",
                column: "EvaluationId");

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluation_options_EvaluationId",
                table: "technology_evaluation_options",
                column: "EvaluationId");

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluation_scores_EvaluationId_OptionId_CriterionId",
                table: "technology_evaluation_scores",
                columns: new[] { "EvaluationId", "OptionId", "CriterionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluations_DecisionRecordId",
                table: "technology_evaluations",
                column: "DecisionRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluations_ProductId_Number",
                table: "technology_evaluations",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_technology_evaluations_ProductId_Status_Number",
                table: "technology_evaluations",
                columns: new[] { "ProductId", "Status", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "technical_disagreements");

            migrationBuilder.DropTable(
                name: "technology_evaluation_criteria");

            migrationBuilder.DropTable(
                name: "technology_evaluation_options");

            migrationBuilder.DropTable(
                name: "technology_evaluation_scores");

            migrationBuilder.DropTable(
                name: "technology_evaluations");
        }
    }
}
