using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TlNfrs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "nfrs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Threshold = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TargetSetById = table.Column<Guid>(type: "TEXT", nullable: true),
                    TargetSetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NeedAgreedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    NeedAgreedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LatestResult = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LatestVerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "releases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReleasedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "nfr_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NfrId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "nfr_verifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NfrId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReleaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MeasuredValue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EvidenceUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false)
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
                name: "IX_releases_ProductId_Name",
                table: "releases",
                columns: new[] { "ProductId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_releases_ProductId_PlannedOn",
                table: "releases",
                columns: new[] { "ProductId", "PlannedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "nfr_links");

            migrationBuilder.DropTable(
                name: "nfr_verifications");

            migrationBuilder.DropTable(
                name: "nfrs");

            migrationBuilder.DropTable(
                name: "releases");
        }
    }
}
