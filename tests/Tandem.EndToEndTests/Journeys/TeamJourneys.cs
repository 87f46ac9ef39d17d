using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class TeamJourneys(DemoApp app)
{
    [Fact]
    public async Task The_admin_creates_a_team_the_Scrum_Master_sets_its_rhythm_and_a_developer_may_not()
    {
        var name = $"Checkout squad {Guid.NewGuid().ToString("N")[..6]}";
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        await admin.GotoAsync("/admin/teams");
        await admin.GetByTestId("team-name").FillAsync(name);
        await admin.GetByTestId("team-home").SelectOptionAsync("PAY");
        await admin.GetByTestId("team-zone").FillAsync("Europe/Lisbon");
        await admin.GetByLabel("Priya Patel").CheckAsync();
        await admin.GetByLabel("Jonas Berg").CheckAsync();
        await admin.GetByTestId("create-team").ClickAsync();
        await Expect(admin.GetByTestId("members-table")).ToContainTextAsync("Priya Patel");
        await Expect(admin.GetByTestId("members-table")).ToContainTextAsync("Jonas Berg");
        var settings = admin.Url;

        // The team is listed on PAY's teams page for everyone.
        var developer = await app.NewPageAsync();
        await new LoginPage(developer).OpenAsync();
        await new LoginPage(developer).SignInAsync("dev1@demo.tandem");
        await developer.GotoAsync("/p/PAY/teams");
        await Expect(developer.GetByTestId("teams-table")).ToContainTextAsync(name);
        await Expect(developer.GetByTestId("teams-table")).ToContainTextAsync("Payments Crew");

        // A developer sees the rhythm and who sets it, not the form.
        await developer.GotoAsync(settings);
        await Expect(developer.GetByTestId("rhythm-form")).ToHaveCountAsync(0);
        await Expect(developer.GetByTestId("rhythm-refusal")).ToContainTextAsync("Only the Scrum Master of PAY (Sam Rivera)");

        // The Scrum Master changes the sprint length; the page shows it saved.
        var sm = await app.NewPageAsync();
        await new LoginPage(sm).OpenAsync();
        await new LoginPage(sm).SignInAsync("sm@demo.tandem");
        await sm.GotoAsync(settings);
        await sm.GetByLabel("Sprint length (days)").FillAsync("10");
        await sm.GetByTestId("save-rhythm").ClickAsync();
        await Expect(sm.GetByTestId("saved")).ToHaveTextAsync("Rhythm saved.");
        await Expect(sm.GetByLabel("Sprint length (days)")).ToHaveValueAsync("10");

        // A developer records days off for themselves.
        await developer.GotoAsync(settings);
        await developer.GetByLabel("From", new() { Exact = true }).FillAsync("2027-05-03");
        await developer.GetByLabel("To", new() { Exact = true }).FillAsync("2027-05-04");
        await developer.GetByLabel("Note", new() { Exact = true }).FillAsync("Moving house");
        await developer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Record days off" }).ClickAsync();
        await Expect(developer.GetByTestId("absences")).ToContainTextAsync("Priya Patel: 2027-05-03 – 2027-05-04 (Moving house)");
    }
}
