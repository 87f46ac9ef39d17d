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
                name: "debt_capacity_proposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SharePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProposedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AgreedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    AgreedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_capacity_proposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_capacity_proposals_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "debt_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Principal = table.Column<decimal>(type: "TEXT", precision: 8, scale: 1, nullable: false),
                    Interest = table.Column<decimal>(type: "TEXT", precision: 8, scale: 1, nullable: false),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    FoundBy = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BacklogItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    BacklogItemKey = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_items_backlog_items_BacklogItemId",
                        column: x => x.BacklogItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_debt_items_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "debt_snapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Principal = table.Column<decimal>(type: "TEXT", precision: 10, scale: 1, nullable: false),
                    Interest = table.Column<decimal>(type: "TEXT", precision: 10, scale: 1, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debt_snapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debt_snapshots_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "estimate_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_estimate_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_estimate_changes_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_estimate_changes_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "estimation_scales",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Values = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_estimation_scales", x => x.ProductId);
                    table.ForeignKey(
                        name: "FK_estimation_scales_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technical_assessments",
                columns: table => new
                {
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Feasibility = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RiskReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Confidence = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Components = table.Column<string>(type: "TEXT", maxLength: 1220, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    AssessedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SpikeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technical_assessments", x => x.ItemId);
                    table.ForeignKey(
                        name: "FK_technical_assessments_AspNetUsers_AssessedById",
                        column: x => x.AssessedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_technical_assessments_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_technical_assessments_backlog_items_SpikeId",
                        column: x => x.SpikeId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

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
                name: "IX_debt_capacity_proposals_ProductId_ProposedAt",
                table: "debt_capacity_proposals",
                columns: new[] { "ProductId", "ProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_BacklogItemId",
                table: "debt_items",
                column: "BacklogItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_debt_items_ProductId_Status",
                table: "debt_items",
                columns: new[] { "ProductId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_debt_snapshots_ProductId_At",
                table: "debt_snapshots",
                columns: new[] { "ProductId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_estimate_changes_ActorId",
                table: "estimate_changes",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_estimate_changes_ItemId_At",
                table: "estimate_changes",
                columns: new[] { "ItemId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_technical_assessments_AssessedById",
                table: "technical_assessments",
                column: "AssessedById");

            migrationBuilder.CreateIndex(
                name: "IX_technical_assessments_ProductId_Feasibility",
                table: "technical_assessments",
                columns: new[] { "ProductId", "Feasibility" });

            migrationBuilder.CreateIndex(
                name: "IX_technical_assessments_SpikeId",
                table: "technical_assessments",
                column: "SpikeId");

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
                name: "debt_capacity_proposals");

            migrationBuilder.DropTable(
                name: "debt_items");

            migrationBuilder.DropTable(
                name: "debt_snapshots");

            migrationBuilder.DropTable(
                name: "estimate_changes");

            migrationBuilder.DropTable(
                name: "estimation_scales");

            migrationBuilder.DropTable(
                name: "technical_assessments");

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
