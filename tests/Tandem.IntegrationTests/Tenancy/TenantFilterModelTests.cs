using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Common;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Tenancy;

/// <summary>Tenancy holds by construction: every tenant-owned entity in the built model carries the tenant filter.</summary>
public class TenantFilterModelTests
{
    [Fact]
    public async Task Every_tenant_owned_entity_is_filtered_and_the_one_exception_is_named()
    {
        await using var database = await TestDatabase.CreateAsync("tenantmodel");
        await using var db = database.NewDbContext();

        var owned = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();
        Assert.True(owned.Count >= 36, $"only {owned.Count} tenant-owned entities in the model");
        var unfiltered = owned.Where(e => e.FindDeclaredQueryFilter(TandemDbContext.TenantFilter) is null).Select(e => e.ClrType).ToList();

        Assert.Equal([typeof(TandemUser)], unfiltered);
        Assert.Equal(unfiltered, TandemDbContext.UnfilteredTenantTypes.ToList());
    }
}
