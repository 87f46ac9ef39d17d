using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TpmWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AssumptionId",
                table: "risks",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlannedById = table.Column<Guid>(type: "uuid", nullable: false),
                    PlannedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_allocations_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assumptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Statement = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ValidateBy = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    RiskId = table.Column<Guid>(type: "uuid", nullable: true),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "cost_rates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Hourly = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cost_rates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cost_rates_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dependencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    NeederTeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ProviderTeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderProductId = table.Column<Guid>(type: "uuid", nullable: true),
                    ExternalName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    ExternalKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    NeededBy = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpectedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    NeederOwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AtRisk = table.Column<bool>(type: "boolean", nullable: false),
                    ForecastOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RiskReason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dependencies_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependencies_products_ProviderProductId",
                        column: x => x.ProviderProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependencies_teams_NeederTeamId",
                        column: x => x.NeederTeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_dependencies_teams_ProviderTeamId",
                        column: x => x.ProviderTeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "product_budgets",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_product_budgets", x => x.ProductId);
                    table.ForeignKey(
                        name: "FK_product_budgets_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "raid_issues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Priority = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    TargetKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "risk_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    RiskId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Probability = table.Column<int>(type: "integer", nullable: false),
                    Impact = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: false)
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
                name: "schedule_baselines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_baselines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_schedule_baselines_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedule_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: true),
                    End = table.Column<DateOnly>(type: "date", nullable: true),
                    AddedById = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_schedule_entries_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_schedule_entries_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedule_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    PredecessorId = table.Column<Guid>(type: "uuid", nullable: false),
                    SuccessorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LagDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_schedule_links_backlog_items_PredecessorId",
                        column: x => x.PredecessorId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_schedule_links_backlog_items_SuccessorId",
                        column: x => x.SuccessorId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_schedule_links_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "status_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    DraftOfProductId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeliveryNarrative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    DeliveryNarrativeById = table.Column<Guid>(type: "uuid", nullable: true),
                    DeliveryNarrativeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProductNarrative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ProductNarrativeById = table.Column<Guid>(type: "uuid", nullable: true),
                    ProductNarrativeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PeriodFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Rag = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedById = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_status_reports_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
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
                name: "dependency_items",
                columns: table => new
                {
                    DependencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependency_items", x => new { x.DependencyId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_dependency_items_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_dependency_items_dependencies_DependencyId",
                        column: x => x.DependencyId,
                        principalTable: "dependencies",
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
                name: "impediment_promotions",
                columns: table => new
                {
                    ImpedimentId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    RiskId = table.Column<Guid>(type: "uuid", nullable: true),
                    IssueId = table.Column<Guid>(type: "uuid", nullable: true),
                    PromotedById = table.Column<Guid>(type: "uuid", nullable: false),
                    PromotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "schedule_baseline_entries",
                columns: table => new
                {
                    BaselineId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    End = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_baseline_entries", x => new { x.BaselineId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_schedule_baseline_entries_backlog_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "backlog_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_schedule_baseline_entries_schedule_baselines_BaselineId",
                        column: x => x.BaselineId,
                        principalTable: "schedule_baselines",
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
                name: "IX_risks_AssumptionId",
                table: "risks",
                column: "AssumptionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocations_ProductId_From",
                table: "allocations",
                columns: new[] { "ProductId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_allocations_WorkspaceId_UserId_To",
                table: "allocations",
                columns: new[] { "WorkspaceId", "UserId", "To" });

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
                name: "IX_cost_rates_ProductId_Key",
                table: "cost_rates",
                columns: new[] { "ProductId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_NeederTeamId",
                table: "dependencies",
                column: "NeederTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProductId",
                table: "dependencies",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProviderProductId",
                table: "dependencies",
                column: "ProviderProductId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_ProviderTeamId",
                table: "dependencies",
                column: "ProviderTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_dependencies_WorkspaceId_AtRisk_NeededBy",
                table: "dependencies",
                columns: new[] { "WorkspaceId", "AtRisk", "NeededBy" });

            migrationBuilder.CreateIndex(
                name: "IX_dependency_items_ItemId",
                table: "dependency_items",
                column: "ItemId");

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
                name: "IX_release_scope_ItemId",
                table: "release_scope",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_risk_history_RiskId_At",
                table: "risk_history",
                columns: new[] { "RiskId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_schedule_baseline_entries_ItemId",
                table: "schedule_baseline_entries",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_schedule_baselines_ProductId_CreatedAt",
                table: "schedule_baselines",
                columns: new[] { "ProductId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_schedule_entries_ItemId",
                table: "schedule_entries",
                column: "ItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_schedule_entries_ProductId",
                table: "schedule_entries",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_schedule_links_PredecessorId_SuccessorId",
                table: "schedule_links",
                columns: new[] { "PredecessorId", "SuccessorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_schedule_links_ProductId",
                table: "schedule_links",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_schedule_links_SuccessorId",
                table: "schedule_links",
                column: "SuccessorId");

            migrationBuilder.CreateIndex(
                name: "IX_status_reports_DraftOfProductId",
                table: "status_reports",
                column: "DraftOfProductId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_status_reports_ProductId_Number",
                table: "status_reports",
                columns: new[] { "ProductId", "Number" },
                unique: true);

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
                name: "allocations");

            migrationBuilder.DropTable(
                name: "assumptions");

            migrationBuilder.DropTable(
                name: "cost_rates");

            migrationBuilder.DropTable(
                name: "dependency_items");

            migrationBuilder.DropTable(
                name: "impediment_promotions");

            migrationBuilder.DropTable(
                name: "milestone_gate_checklist");

            migrationBuilder.DropTable(
                name: "milestone_links");

            migrationBuilder.DropTable(
                name: "product_budgets");

            migrationBuilder.DropTable(
                name: "raid_links");

            migrationBuilder.DropTable(
                name: "release_scope");

            migrationBuilder.DropTable(
                name: "risk_history");

            migrationBuilder.DropTable(
                name: "schedule_baseline_entries");

            migrationBuilder.DropTable(
                name: "schedule_entries");

            migrationBuilder.DropTable(
                name: "schedule_links");

            migrationBuilder.DropTable(
                name: "status_reports");

            migrationBuilder.DropTable(
                name: "trade_off_items");

            migrationBuilder.DropTable(
                name: "dependencies");

            migrationBuilder.DropTable(
                name: "raid_issues");

            migrationBuilder.DropTable(
                name: "milestone_gates");

            migrationBuilder.DropTable(
                name: "schedule_baselines");

            migrationBuilder.DropTable(
                name: "trade_offs");

            migrationBuilder.DropIndex(
                name: "IX_risks_AssumptionId",
                table: "risks");

            migrationBuilder.DropColumn(
                name: "AssumptionId",
                table: "risks");
        }
    }
}
