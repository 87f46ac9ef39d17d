using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TlWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "integration_systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Owner = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    External = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "nfrs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Statement = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Metric = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Target = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Threshold = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Verification = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProposedById = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TargetSetById = table.Column<Guid>(type: "uuid", nullable: true),
                    TargetSetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NeedAgreedById = table.Column<Guid>(type: "uuid", nullable: true),
                    NeedAgreedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LatestResult = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LatestVerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nfrs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_nfrs_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "poker_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FacilitatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CurrentPosition = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_poker_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_poker_sessions_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "releases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReleasedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_releases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_releases_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technical_disagreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    SubjectKind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    SubjectTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Concern = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Alternative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ResolvedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Question = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Context = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChosenOptionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Rationale = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionRecordId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluations_architecture_decisions_DecisionRecor~",
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
                name: "integration_interfaces",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Protocol = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Risk = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RiskNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "nfr_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    NfrId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    LinkedById = table.Column<Guid>(type: "uuid", nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nfr_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_nfr_links_nfrs_NfrId",
                        column: x => x.NfrId,
                        principalTable: "nfrs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "poker_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemKey = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Revealed = table.Column<bool>(type: "boolean", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Points = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_poker_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_poker_items_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_poker_items_poker_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "poker_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nfr_verifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    NfrId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReleaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MeasuredValue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EvidenceUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nfr_verifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_nfr_verifications_nfrs_NfrId",
                        column: x => x.NfrId,
                        principalTable: "nfrs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_nfr_verifications_releases_ReleaseId",
                        column: x => x.ReleaseId,
                        principalTable: "releases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_criteria",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_criteria", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_criteria_technology_evaluations_Evalu~",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_options",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    EvaluationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_options", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_options_technology_evaluations_Evalua~",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "technology_evaluation_scores",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CriterionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    ScoredById = table.Column<Guid>(type: "uuid", nullable: false),
                    ScoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_evaluation_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technology_evaluation_scores_technology_evaluations_Evaluat~",
                        column: x => x.EvaluationId,
                        principalTable: "technology_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "integration_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    InterfaceId = table.Column<Guid>(type: "uuid", nullable: true),
                    AdrId = table.Column<Guid>(type: "uuid", nullable: true),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    DebtId = table.Column<Guid>(type: "uuid", nullable: true),
                    SystemId = table.Column<Guid>(type: "uuid", nullable: true),
                    Target = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "poker_votes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PokerItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    VoterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_poker_votes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_poker_votes_poker_items_PokerItemId",
                        column: x => x.PokerItemId,
                        principalTable: "poker_items",
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

            migrationBuilder.CreateIndex(
                name: "IX_nfr_links_NfrId_Kind_TargetId",
                table: "nfr_links",
                columns: new[] { "NfrId", "Kind", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_nfr_links_TargetId_Kind",
                table: "nfr_links",
                columns: new[] { "TargetId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_nfr_verifications_NfrId_RecordedAt",
                table: "nfr_verifications",
                columns: new[] { "NfrId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_nfr_verifications_ProductId_IsCurrent_NfrId",
                table: "nfr_verifications",
                columns: new[] { "ProductId", "IsCurrent", "NfrId" });

            migrationBuilder.CreateIndex(
                name: "IX_nfr_verifications_ReleaseId",
                table: "nfr_verifications",
                column: "ReleaseId");

            migrationBuilder.CreateIndex(
                name: "IX_nfrs_ProductId_Category_Number",
                table: "nfrs",
                columns: new[] { "ProductId", "Category", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_nfrs_ProductId_LatestResult",
                table: "nfrs",
                columns: new[] { "ProductId", "LatestResult" });

            migrationBuilder.CreateIndex(
                name: "IX_nfrs_ProductId_Number",
                table: "nfrs",
                columns: new[] { "ProductId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_nfrs_ProductId_Status_Number",
                table: "nfrs",
                columns: new[] { "ProductId", "Status", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_poker_items_ItemId",
                table: "poker_items",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_poker_items_SessionId_Position",
                table: "poker_items",
                columns: new[] { "SessionId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_poker_sessions_ProductId_Status_OpenedAt",
                table: "poker_sessions",
                columns: new[] { "ProductId", "Status", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_poker_votes_PokerItemId_Round_VoterId",
                table: "poker_votes",
                columns: new[] { "PokerItemId", "Round", "VoterId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_poker_votes_SessionId",
                table: "poker_votes",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_releases_ProductId_Name",
                table: "releases",
                columns: new[] { "ProductId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_releases_ProductId_PlannedOn",
                table: "releases",
                columns: new[] { "ProductId", "PlannedOn" });

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
                name: "IX_technology_evaluation_scores_EvaluationId_OptionId_Criterio~",
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
                name: "integration_links");

            migrationBuilder.DropTable(
                name: "nfr_links");

            migrationBuilder.DropTable(
                name: "nfr_verifications");

            migrationBuilder.DropTable(
                name: "poker_votes");

            migrationBuilder.DropTable(
                name: "technical_disagreements");

            migrationBuilder.DropTable(
                name: "technology_evaluation_criteria");

            migrationBuilder.DropTable(
                name: "technology_evaluation_options");

            migrationBuilder.DropTable(
                name: "technology_evaluation_scores");

            migrationBuilder.DropTable(
                name: "integration_interfaces");

            migrationBuilder.DropTable(
                name: "nfrs");

            migrationBuilder.DropTable(
                name: "releases");

            migrationBuilder.DropTable(
                name: "poker_items");

            migrationBuilder.DropTable(
                name: "technology_evaluations");

            migrationBuilder.DropTable(
                name: "integration_systems");

            migrationBuilder.DropTable(
                name: "poker_sessions");
        }
    }
}
