using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tandem.Application.AccessTokens;
using Tandem.Application.Identity;
using Tandem.Application.People;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Auth;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Account;

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>The answer to a sign-in: a bearer token for one hour. There is no refresh token (ADR 0022).</summary>
public sealed record BearerTokenDto(string TokenType, string AccessToken, long ExpiresIn);

public sealed record MeDto(Guid Id, string DisplayName, string Email, Guid WorkspaceId, bool IsWorkspaceAdmin);

public static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in and tokens");

        auth.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .WithSummary("Exchange email and password for a bearer access token (one hour; no refresh token: sign in again or use a personal access token)");

        var signedIn = auth.MapGroup("").RequireAuthorization();

        signedIn.MapGet("/me", Ok<MeDto> (CurrentUser me, HttpContext context) =>
            TypedResults.Ok(new MeDto(me.UserId, me.DisplayName, context.User.Identity?.Name ?? "", me.WorkspaceId, me.IsWorkspaceAdmin)))
            .WithSummary("Who the token or cookie signs in as");

        signedIn.MapPost("/logout", LogoutAsync)
            .WithSummary("Sign out everywhere: every bearer token from the login and every browser session of yours ends at once; personal access tokens stay");

        signedIn.MapPost("/password", async Task<Results<NoContent, ProblemHttpResult>> (ChangePasswordRequest request, AccountSecurity security, CancellationToken ct) =>
            (await security.ChangePasswordAsync(request, ct)).ToNoContent())
            .WithSummary("Change your password; every session of yours ends (this one too) and every personal access token is revoked");

        signedIn.MapGet("/token-policy", async (AccessTokensFeature tokens, CancellationToken ct) => TypedResults.Ok(await tokens.PolicyAsync(ct)))
            .WithSummary("How long a new personal access token may live in your workspace");

        signedIn.MapPut("/token-policy", async Task<Results<Ok<AccessTokenPolicyDto>, ProblemHttpResult>> (SetAccessTokenPolicyRequest request, AccessTokensFeature tokens, CancellationToken ct) =>
            (await tokens.SetPolicyAsync(request, ct)).ToOk())
            .Performs(Operations.Members.AccessTokenPolicy).WithSummary("Limit how long new personal access tokens may live (workspace admin; within the operator's maximum)");

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

    private static async Task<NoContent> LogoutAsync(AccountSecurity security, CancellationToken ct)
    {
        await security.SignOutEverywhereAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<BearerTokenDto>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, PasswordSignIn passwords, SignInManager<TandemUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, HttpContext context)
    {
        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        var validation = new Validation()
            .Require(email.Length > 0, "email", "Give the email you sign in with.")
            .Require(password.Length > 0, "password", "Give your password.");
        if (validation.Result is { } invalid) return invalid.ToProblem();

        var outcome = await passwords.CheckAsync(email, password, context.Connection.RemoteIpAddress);
        if (outcome.RetryAfterSeconds > 0) context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (outcome.Refusal is { } refused) return refused.ToProblem();
        if (outcome.User is not { } user) return Error.Unauthorized(PasswordSignIn.Refused).ToProblem();

        // The token carries the principal of a cookie sign-in, security stamp included, which every
        // request compares with the account's (ADR 0022).
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + options.BearerTokenExpiration }, IdentityConstants.BearerScheme);
        return TypedResults.Ok(new BearerTokenDto("Bearer", options.BearerTokenProtector.Protect(ticket), (long)options.BearerTokenExpiration.TotalSeconds));
    }
}
