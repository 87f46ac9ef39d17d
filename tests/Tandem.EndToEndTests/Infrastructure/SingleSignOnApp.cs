using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Identity;

namespace Tandem.EndToEndTests.Infrastructure;

/// <summary>
/// Tandem with --demo and single sign-on configured against <see cref="TestOpenIdProvider"/>, started first on
/// its own loopback port. Plain HTTP on both sides, so the metadata is fetched without TLS: a test-only setting.
/// </summary>
public sealed class SingleSignOnApp : TandemApp
{
    public const string DisplayName = "Test SSO";

    protected override bool Demo => true;

    public TestOpenIdProvider Provider { get; } = new();

    protected override Task BeforeStartAsync() => Provider.StartAsync();

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration["Authentication:OpenIdConnect:Authority"] = Provider.Authority.ToString();
        builder.Configuration["Authentication:OpenIdConnect:ClientId"] = TestOpenIdProvider.ClientId;
        builder.Configuration["Authentication:OpenIdConnect:ClientSecret"] = TestOpenIdProvider.ClientSecret;
        builder.Configuration["Authentication:OpenIdConnect:DisplayName"] = DisplayName;
        builder.Configuration["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false";
    }

    /// <summary>
    /// Tells the provider where Tandem listens, then starts one sign-in without a browser, so that Tandem has read the
    /// provider's discovery document and both hosts have compiled their paths before the first journey's click.
    /// </summary>
    protected override async Task StartedAsync()
    {
        Provider.RelyingParty = BaseUrl;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUrl };
        using var toProvider = await client.GetAsync("/login/oidc?returnUrl=%2F");
        if (toProvider.Headers.Location is not { } authorize || !authorize.ToString().StartsWith(Provider.Authority.ToString(), StringComparison.Ordinal))
            throw new InvalidOperationException($"Single sign-on did not send the browser to the provider: {(int)toProvider.StatusCode} {toProvider.Headers.Location}");
        using var login = await client.GetAsync(authorize);
    }

    protected override async Task AfterStopAsync() => await Provider.DisposeAsync();

    /// <summary>A new person in the demo's Acme workspace, with a password, as a workspace admin would add them.</summary>
    public async Task<TandemUser> AddPersonAsync(string name)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        var admin = await users.FindByEmailAsync("admin@demo.tandem") ?? throw new InvalidOperationException("The demo admin is missing.");
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@acme.example";
        var user = new TandemUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            WorkspaceId = admin.WorkspaceId,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, "Pw-" + Guid.NewGuid().ToString("N"));
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>The single sign-on identities (issuer, subject) linked to an account.</summary>
    public async Task<IList<UserLoginInfo>> LoginsOfAsync(Guid userId)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        return await users.GetLoginsAsync((await users.FindByIdAsync(userId.ToString()))!);
    }

    /// <summary>Whether any account has the email.</summary>
    public async Task<bool> AccountExistsAsync(string email)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        var normalized = users.NormalizeEmail(email);
        return await users.Users.AnyAsync(u => u.NormalizedEmail == normalized);
    }
}

[CollectionDefinition(Name)]
public sealed class SingleSignOnCollection : ICollectionFixture<SingleSignOnApp>
{
    public const string Name = "Single sign-on app";
}
