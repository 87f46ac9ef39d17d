using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A server leases its contexts from a pool (ADR 48), so one context serves one request after another, for people
/// of different workspaces. Nothing of a lease may reach the next: not the workspace its tenant filter compares with,
/// not versions it had not published, not what it had committed, not its transaction.
/// </summary>
[Collection(TandemCollection.Name)]
public class ContextPoolTests(TandemApp app)
{
    [Fact]
    public async Task The_server_leases_each_requests_context_from_a_pool()
    {
        // A pooled context counts its leases from one; a context made for one request only has lease 0.
        for (var i = 0; i < 3; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.True(db.ContextId.Lease > 0, $"lease {db.ContextId.Lease}: the context was not leased from a pool");
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT 0 AS \"Value\"").SingleAsync());
        }
    }

    [Fact]
    public async Task A_context_leased_again_keeps_nothing_of_its_previous_lease()
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        DatabaseSetup.Configure(options, app.Database.Provider, app.Database.ConnectionString);
        // One context in the pool, nobody else leasing it: the second lease is the first one's context.
        var pool = new PooledDbContextFactory<TandemDbContext>(options.Options, poolSize: 1);
        var versions = app.Services.GetRequiredService<ChangeVersions>();

        Guid acme, globex, acmeProduct;
        await using (var admin = app.Services.CreateAsyncScope())
        {
            var all = admin.ServiceProvider.GetRequiredService<TandemDbContext>();
            var pay = await all.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == "PAY");
            (acme, acmeProduct) = (pay.WorkspaceId, pay.Id);
            globex = await all.Users.Where(u => u.Email == TandemApp.GlobexPo).Select(u => u.WorkspaceId).SingleAsync();
        }
        Assert.NotEqual(acme, globex);

        TandemDbContext first;
        await using (first = pool.CreateDbContext())
        {
            var asAcme = new CurrentUser();
            asAcme.ActInWorkspace(acme);
            first.For(asAcme, versions);
            Assert.Contains("PAY", await first.Products.Select(p => p.Key).ToListAsync());
            // Left behind: a statement committed outside a transaction, statements to prepare, and inside a transaction
            // that never ends, a change of Acme's backlog not yet published.
            await first.Database.ExecuteSqlRawAsync("UPDATE products SET \"Name\" = \"Name\" WHERE 1 = 0");
            Assert.True(first.HasCommitted);
            first.PrepareStatements = true;
            await first.Database.BeginTransactionAsync();
            first.BacklogChanged(acmeProduct);
            Assert.True(first.InTransaction);
        }
        var acmeVersion = versions.Backlog(acmeProduct);

        await using var second = pool.CreateDbContext();
        Assert.Same(first, second);
        Assert.Equal(2, second.ContextId.Lease);
        var asGlobex = new CurrentUser();
        asGlobex.ActInWorkspace(globex);
        second.For(asGlobex, versions);

        Assert.False(second.HasCommitted);
        Assert.False(second.PrepareStatements);
        Assert.False(second.InTransaction);
        Assert.Null(second.Database.CurrentTransaction);
        var products = await second.Products.Select(p => p.Key).ToListAsync();
        Assert.NotEmpty(products);
        Assert.DoesNotContain("PAY", products);
        // A save of its own publishes what it wrote, not what the lease before staged for Acme.
        await second.Database.ExecuteSqlRawAsync("UPDATE products SET \"Name\" = \"Name\" WHERE 1 = 0");
        second.BacklogChanged(Guid.NewGuid());
        Assert.Equal(acmeVersion, versions.Backlog(acmeProduct));
    }
}
