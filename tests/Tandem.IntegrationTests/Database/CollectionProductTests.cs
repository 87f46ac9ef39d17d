using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A query that reads two or more collections of a record in one statement returns the product of their rows: an
/// evaluation of 10 options and 12 criteria, with its 120 scores, is 14,400 rows. The test hosts refuse such a query
/// (Tandem:StrictQueries, DatabaseSetup.Configure), so every one the suites reach says how it loads.
/// </summary>
[Collection(TandemCollection.Name)]
public class CollectionProductTests(TandemApp app)
{
    [Fact]
    public async Task The_test_hosts_refuse_a_query_that_multiplies_two_collections()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();

        // An evaluation owns its options, criteria and scores; loaded whole in one statement, EF's warning is an error here.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.TechnologyEvaluations.AsNoTracking().FirstOrDefaultAsync());
        Assert.Contains(nameof(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.MultipleCollectionIncludeWarning), refused.Message, StringComparison.Ordinal);

        // Said how to load, it runs: a statement per collection, or one where the caller knows the product is small.
        await db.TechnologyEvaluations.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync();
        await db.ArchitectureDecisions.AsNoTracking().AsSingleQuery().FirstOrDefaultAsync();
    }
}
