using Tandem.Application.Demo;
using Tandem.Web;
using Tandem.Web.Infrastructure;

LeanProcess.ApplyRuntimeSettings(); // restarts in place with the runtime settings Tandem ships with (ADR 47)
MallocArenas.Limit(); // two malloc arenas instead of eight per core, when the restart did not set it (ADR 26)

var prepareOnly = args.Contains(LeanProcess.PrepareOnly);
var app = TandemHost.Build(args.Where(a => a != LeanProcess.PrepareOnly).ToArray());
if (prepareOnly)
{
    await TandemHost.PrepareAsync(app); // migrations, and the demo with --demo; then exit (ADR 47)
    return;
}
// Migrating and seeding run in a process of their own, whose code and garbage end with it (ADR 47).
if (await TandemHost.NeedsPreparingAsync(app))
{
    // Said before the wait, so a first start does not sit silent while the database is made.
    Console.WriteLine(app.Configuration.GetValue<bool>("Tandem:Demo")
        ? "Preparing the database: applying migrations and seeding the demo into an empty one (a first start takes a few seconds)…"
        : "Preparing the database: applying migrations…");
    await LeanProcess.PrepareInChildAsync(CancellationToken.None);
}
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
