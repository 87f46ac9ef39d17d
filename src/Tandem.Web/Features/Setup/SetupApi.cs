using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.People;
using Tandem.Application.Setup;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Setup;

public static class SetupApi
{
    public static void MapSetupApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/setup", CreateWorkspaceAsync)
            .AllowAnonymous().WithTags("Setup").WithSummary("First run: create the workspace and its first admin (only while the database is empty)");
    }

    private static async Task<Results<Created<PersonDto>, ProblemHttpResult>> CreateWorkspaceAsync(SetupRequest request, SetupFeature setup, SetupState state, CancellationToken ct)
    {
        if ((await setup.CreateWorkspaceAsync(request, ct)).Failed(out var error, out var admin)) return error.ToProblem();
        state.MarkDone();
        return TypedResults.Created("/api/v1/auth/me", new PersonDto(admin.Id, admin.DisplayName, admin.Email ?? "", true, false, admin.CreatedAt));
    }
}

/// <summary>Remembers once set-up is done so that every later request skips the database check.</summary>
public sealed class SetupState
{
    private volatile bool _done;

    public bool IsDone => _done;

    public void MarkDone() => _done = true;
}
