using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Mail;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Mail;

/// <summary>A Tandem host of its own that mails through a real SMTP server on loopback, polling for due mail every second.</summary>
public sealed class MailApp : IAsyncLifetime
{
    public const string PublicUrl = "http://tandem.test";

    public SmtpServer Smtp { get; private set; } = null!;
    public TandemApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpServer.StartAsync();
        App = TandemApp.WithSettings(new Dictionary<string, string?>
        {
            ["Tandem:Smtp:Host"] = "127.0.0.1",
            ["Tandem:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tandem:Smtp:Security"] = "none",
            ["Tandem:Smtp:From"] = "Tandem <tandem@tandem.test>",
            ["Tandem:Smtp:PublicUrl"] = PublicUrl,
            ["Tandem:Smtp:RetrySeconds"] = "1",
            ["Tandem:Smtp:MaxAttempts"] = "30",
            ["Tandem:Smtp:TimeoutSeconds"] = "5",
            ["Tandem:Jobs:LeaseSeconds"] = "3",
            [$"Tandem:Jobs:{MailRegistration.JobName}:Every"] = "00:00:01",
        });
        await App.InitializeAsync();
    }

    /// <summary>The outbox rows of one person, read as the job reads them.</summary>
    public async Task<List<OutgoingMail>> OutboxOfAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.MailOutbox.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    /// <summary>Runs <paramref name="change"/> on a fresh context and saves it (to stand in for the clock passing a digest hour).</summary>
    public async Task WithDatabaseAsync(Func<TandemDbContext, Task> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<TandemDbContext>());
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
