using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Security;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Security;

public static class SecurityApi
{
    public static void MapSecurityApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/security-events", async Task<Results<Ok<Page<SecurityEventDto>>, ProblemHttpResult>> (
                string? kind, string? person, string? from, string? to, int? limit, string? cursor, SecurityAuditFeature audit, CancellationToken ct) =>
                (await audit.ListAsync(new SecurityEventQuery(kind, person, from, to, limit, cursor), ct)).ToOk())
            .RequireAuthorization().WithTags("Security")
            .Performs(Operations.Security.Audit)
            .WithSummary("The workspace's security events, newest first: sign-in failures, lockouts, tokens, roles, people (workspace admin; from and to are UTC days)");
    }
}
