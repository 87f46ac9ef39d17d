using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.AccessTokens;
using Tandem.Application.Identity;
using Tandem.Application.People;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Account;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record MeDto(Guid Id, string DisplayName, string Email, Guid WorkspaceId, bool IsWorkspaceAdmin);

public static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in and tokens");

        auth.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (LoginRequest request, SignInManager<TandemUser> signIn) =>
        {
            var email = request.Email?.Trim() ?? "";
            var password = request.Password ?? "";
            var validation = new Validation()
                .Require(email.Length > 0, "email", "Give the email you sign in with.")
                .Require(password.Length > 0, "password", "Give your password.");
            if (validation.Result is { } invalid) return invalid.ToProblem();

            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
                return Error.Unauthorized("Too many failed sign-ins: this account is locked for 15 minutes.").ToProblem();
            if (!result.Succeeded)
                return Error.Unauthorized("The email or password is not right.").ToProblem();
            // The bearer handler has written {tokenType, accessToken, expiresIn, refreshToken}.
            return TypedResults.Empty;
        })
        .AllowAnonymous()
        .WithSummary("Exchange email and password for a bearer access token")
        .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>();

        var signedIn = auth.MapGroup("").RequireAuthorization();

        signedIn.MapGet("/me", Ok<MeDto> (CurrentUser me, HttpContext context) =>
            TypedResults.Ok(new MeDto(me.UserId, me.DisplayName, context.User.Identity?.Name ?? "", me.WorkspaceId, me.IsWorkspaceAdmin)))
            .WithSummary("Who the token or cookie signs in as");

        signedIn.MapGet("/tokens", async (AccessTokensFeature tokens, CancellationToken ct) => TypedResults.Ok(await tokens.ListAsync(ct)))
            .WithSummary("Your personal access tokens (never the secrets)");

        signedIn.MapPost("/tokens", async Task<Results<Created<CreatedAccessTokenDto>, ProblemHttpResult>> (CreateAccessTokenRequest request, AccessTokensFeature tokens, CancellationToken ct) =>
            (await tokens.CreateAsync(request, ct)).ToCreated(token => $"/api/v1/auth/tokens/{token.Id}"))
            .WithSummary("Create a personal access token; the secret is in this answer only");

        signedIn.MapDelete("/tokens/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, AccessTokensFeature tokens, CancellationToken ct) =>
            (await tokens.RevokeAsync(id, ct)).ToNoContent())
            .WithSummary("Revoke a personal access token");

        api.MapPost("/setup/password", async Task<Results<Ok<PersonDto>, ProblemHttpResult>> (SetPasswordRequest request, PeopleFeature people) =>
            (await people.SetPasswordAsync(request)).ToOk()).AllowAnonymous().WithTags("Sign-in and tokens").WithSummary("Redeem a one-time set-password link");
    }
}
