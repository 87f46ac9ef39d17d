using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tandem.Application.Data;

namespace Tandem.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for PostgreSQL without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TandemDbContext>
{
    public TandemDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, "Host=localhost;Database=tandem_design");
        return new TandemDbContext(options.Options);
    }
}
