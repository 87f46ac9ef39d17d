using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Members;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Members;

public static class MembersApi
{
    public static void MapMembersApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products/{key}/members").WithTags("Members and roles").RequireAuthorization();

        group.MapGet("/", async Task<Results<Ok<MembersPage>, ProblemHttpResult>> (string key, int? limit, string? cursor, MembersFeature members, CancellationToken ct) =>
            (await members.ListAsync(key, limit, cursor, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("People holding roles on the product, with role-combination warnings");

        group.MapPost("/", async Task<Results<Created<AssignmentDto>, ProblemHttpResult>> (string key, AssignRoleRequest request, MembersFeature members, CancellationToken ct) =>
            (await members.AssignAsync(key, request, ct)).ToCreated(assigned => $"/api/v1/products/{key}/members/{assigned.UserId}"))
            .Performs(Operations.Members.AssignRoles).WithSummary("Assign a role to a person (workspace admin)");

        group.MapDelete("/{userId:guid}", async Task<Results<Ok<IReadOnlyList<WarningDto>>, ProblemHttpResult>> (string key, Guid userId, MembersFeature members, CancellationToken ct) =>
            (await members.RemoveAsync(key, userId, null, ct)).ToOk())
            .Performs(Operations.Members.AssignRoles).WithSummary("Remove every role a person holds on the product (workspace admin)");

        group.MapDelete("/{userId:guid}/roles/{role}", async Task<Results<Ok<IReadOnlyList<WarningDto>>, ProblemHttpResult>> (string key, Guid userId, string role, MembersFeature members, CancellationToken ct) =>
            (await members.RemoveAsync(key, userId, role, ct)).ToOk())
            .Performs(Operations.Members.AssignRoles).WithSummary("Remove one role from a person (workspace admin)");
    }
}
