using Tandem.Application.Demo;
using Tandem.Web;
using Tandem.Web.Infrastructure;

MallocArenas.Limit(); // two malloc arenas instead of eight per core (ADR 26)

var app = TandemHost.Build(args);
await TandemHost.PrepareAsync(app);

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Urls) Console.WriteLine($"Tandem is listening on {address}");
    if (app.Configuration.GetValue<bool>("Tandem:Demo"))
    {
        Console.WriteLine($"Demo sign-ins (password {DemoSeeder.Password}):");
        foreach (var account in DemoSeeder.Accounts) Console.WriteLine($"  {account.Email,-26} {account.Name} — {account.What}");
    }
});

await app.RunAsync();
