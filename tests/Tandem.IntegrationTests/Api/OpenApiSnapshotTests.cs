using System.Runtime.CompilerServices;
using System.Text.Json;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Api;

/// <summary>
/// The published API contract, compared with the committed snapshot so that every change to it shows
/// up in review. Run with TANDEM_UPDATE_SNAPSHOTS=1 to accept a deliberate change.
/// </summary>
[Collection(TandemCollection.Name)]
public class OpenApiSnapshotTests(TandemApp app)
{
    [Fact]
    public async Task The_openapi_document_matches_the_snapshot()
    {
        using var client = app.Anonymous();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        // The server address carries the test's random port; it is not part of the contract.
        document.Remove("servers");
        var actual = Normalize(document)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

        var path = SnapshotPath();
        if (Environment.GetEnvironmentVariable("TANDEM_UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run the tests once with TANDEM_UPDATE_SNAPSHOTS=1 and commit it.");
        var expected = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var actualPath = Path.ChangeExtension(path, ".actual.json");
            await File.WriteAllTextAsync(actualPath, actual);
            Assert.Fail($"The OpenAPI document changed. Compare {actualPath} with {path}; if the change is intended, run with TANDEM_UPDATE_SNAPSHOTS=1 and commit the snapshot.");
        }
    }

    /// <summary>Object keys sorted at every level, so the comparison ignores property order.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    private static string SnapshotPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Snapshots", "openapi.v1.json");
}
