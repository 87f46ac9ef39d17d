using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// An item read the detail cache cannot answer (ADR 25) reads the item and its product untracked, asks for its
/// statements to be prepared on PostgreSQL as a write's are (PreparedStatements; ADR 26 and ADR 43, amended), answers
/// what a build from the database gives, and keeps it for the next read.
/// </summary>
[Collection(TandemCollection.Name)]
public class UncachedItemReadTests(TandemApp app)
{
    [Fact]
    public async Task A_read_the_cache_cannot_answer_is_prepared_untracked_and_kept()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var created = await team.CreateItemAsync("Pay by card", description: "**Fast** checkout");
        var key = BacklogTeam.Key(created);
        using (var read = await team.Po.GetAsync($"/api/v1/items/{key}")) await Expect.Status(HttpStatusCode.OK, read);
        // Another node's notice that the product's details changed: what is cached for the item no longer answers.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var productId = await db.Products.IgnoreQueryFilters().Where(p => p.Key == team.ProductKey).Select(p => p.Id).SingleAsync();
            app.Services.GetRequiredService<ChangeVersions>().Apply(new ChangeNotice([], [productId], [], false, false, false));
        }

        using var reading = app.Services.CreateScope();
        var user = await reading.ServiceProvider.GetRequiredService<UserManager<TandemUser>>().FindByIdAsync(team.ProductOwner.Id.ToString());
        reading.ServiceProvider.GetRequiredService<CurrentUser>().Set(user!);
        var context = reading.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.False(context.PrepareStatements);
        var json = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        var answered = await reading.ServiceProvider.GetRequiredService<BacklogFeature>().GetJsonAsync(key, _ => false, json, CancellationToken.None);

        Assert.False(answered.Failed(out var error, out var detail), error?.Detail);
        Assert.True(detail.Cached);
        // Built, not served from the cache (a cached answer prepares nothing), and its statements asked to be prepared:
        // PreparedStatementsTests shows a context that asks has them prepared, once per connection.
        Assert.True(context.PrepareStatements);
        // A read tracks nothing it read (the signed-in person was loaded by the user store, as sign-in does).
        Assert.DoesNotContain(context.ChangeTracker.Entries(), e => e.Entity is Tandem.Domain.Backlog.BacklogItem or Tandem.Domain.Products.Product);
        var item = JsonNode.Parse(detail.Utf8Json)!;
        Assert.Equal("Pay by card", item["title"]!.GetValue<string>());
        Assert.Contains("<strong>Fast</strong>", item["descriptionHtml"]!.GetValue<string>(), StringComparison.Ordinal);

        // Kept: the next read over HTTP is the same bytes and tag, from the cache.
        using var again = await team.Dev.GetAsync($"/api/v1/items/{key}");
        await Expect.Status(HttpStatusCode.OK, again);
        Assert.Equal(detail.Utf8Json, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(detail.ETag, again.Headers.ETag!.Tag);
    }
}
