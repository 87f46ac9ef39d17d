using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web;

namespace Tandem.IntegrationTests.Account;

/// <summary>
/// With <c>Tandem:DataProtection:Certificate</c> the data-protection keys are stored encrypted to the certificate and
/// read with its private key (ADR 51): a second node on the same database with the certificate accepts the first
/// node's bearer token, and so does a node whose certificate was replaced and keeps the old one as a previous
/// certificate; the table holds no key in the clear. A wrong setting stops the start with what is wrong.
/// </summary>
public class KeyRingProtectionTests
{
    [Fact]
    public async Task Keys_are_stored_encrypted_to_the_certificate_and_another_node_with_it_reads_them()
    {
        var directory = Directory.CreateTempSubdirectory("tandem-keyring-").FullName;
        try
        {
            var pfx = Path.Combine(directory, "keys.pfx");
            await File.WriteAllBytesAsync(pfx, SelfSigned().Export(X509ContentType.Pkcs12, "s3cret"));
            var settings = new Dictionary<string, string?>
            {
                ["Tandem:DataProtection:Certificate"] = pfx,
                ["Tandem:DataProtection:CertificatePassword"] = "s3cret",
            };
            await using var first = TandemApp.WithSettings(settings);
            await first.InitializeAsync();
            var token = await first.LoginAsync(TandemApp.AcmePo, TandemApp.DemoPassword);

            await using (var scope = first.Services.CreateAsyncScope())
            {
                var keys = await scope.ServiceProvider.GetRequiredService<TandemDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
                Assert.NotEmpty(keys);
                Assert.All(keys, xml =>
                {
                    Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                    Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                });
            }
            // Read back from the table, not the ring held in memory: every key's secret decrypts.
            var ring = first.Services.GetRequiredService<IKeyManager>().GetAllKeys();
            Assert.All(ring, key => Assert.NotNull(key.Descriptor));

            // Another node on the same database, with the certificate, accepts the first node's token.
            await using var second = await NodeAsync(first.Database, settings);
            using var client = new HttpClient { BaseAddress = new Uri(second.Urls.Single()) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using (var me = await client.GetAsync("/api/v1/auth/me")) await Expect.Status(HttpStatusCode.OK, me);

            // The certificate replaced: a node given the new one, with the old one as a previous certificate, still reads
            // the keys encrypted to the old one.
            var replacement = Path.Combine(directory, "replacement.pfx");
            await File.WriteAllBytesAsync(replacement, SelfSigned().Export(X509ContentType.Pkcs12, "n3w"));
            await using var third = await NodeAsync(first.Database, new Dictionary<string, string?>
            {
                ["Tandem:DataProtection:Certificate"] = replacement,
                ["Tandem:DataProtection:CertificatePassword"] = "n3w",
                ["Tandem:DataProtection:PreviousCertificates:0:Path"] = pfx,
                ["Tandem:DataProtection:PreviousCertificates:0:Password"] = "s3cret",
            });
            using var rotated = new HttpClient { BaseAddress = new Uri(third.Urls.Single()) };
            rotated.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            using (var me = await rotated.GetAsync("/api/v1/auth/me")) await Expect.Status(HttpStatusCode.OK, me);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_or_a_wrong_password_stops_the_start_with_what_is_wrong()
    {
        var directory = Directory.CreateTempSubdirectory("tandem-keyring-").FullName;
        try
        {
            var missing = Path.Combine(directory, "nowhere.pfx");
            var absent = Assert.Throws<InvalidOperationException>(() => TandemHost.Build(["--applicationName=Tandem.Web"], b =>
            {
                b.Configuration["Tandem:DataDirectory"] = directory;
                b.Configuration["Tandem:DataProtection:Certificate"] = missing;
            }));
            Assert.Contains("Tandem:DataProtection:Certificate", absent.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", absent.Message, StringComparison.Ordinal);

            var pfx = Path.Combine(directory, "keys.pfx");
            await File.WriteAllBytesAsync(pfx, SelfSigned().Export(X509ContentType.Pkcs12, "right"));
            var wrong = Assert.Throws<InvalidOperationException>(() => TandemHost.Build(["--applicationName=Tandem.Web"], b =>
            {
                b.Configuration["Tandem:DataDirectory"] = directory;
                b.Configuration["Tandem:DataProtection:Certificate"] = pfx;
                b.Configuration["Tandem:DataProtection:CertificatePassword"] = "wrong";
            }));
            Assert.Contains("could not be read", wrong.Message, StringComparison.Ordinal);

            var publicOnly = Path.Combine(directory, "public.cer");
            await File.WriteAllTextAsync(publicOnly, SelfSigned().ExportCertificatePem());
            var keyless = Assert.Throws<InvalidOperationException>(() => TandemHost.Build(["--applicationName=Tandem.Web"], b =>
            {
                b.Configuration["Tandem:DataDirectory"] = directory;
                b.Configuration["Tandem:DataProtection:Certificate"] = publicOnly;
            }));
            Assert.Contains("could not be read", keyless.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Tandem key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    private static async Task<WebApplication> NodeAsync(TestDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        var app = TandemHost.Build(["--applicationName=Tandem.Web"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Database:Provider"] = database.Provider.ToString();
            b.Configuration["ConnectionStrings:Tandem"] = database.ConnectionString;
            if (database.DataDirectory is not null) b.Configuration["Tandem:DataDirectory"] = database.DataDirectory;
            b.Configuration["Tandem:NodeName"] = $"keyring-{Guid.NewGuid():N}"[..16];
            b.Configuration["Tandem:ReturnMemoryWhenIdle"] = "false";
            foreach (var (name, value) in settings) b.Configuration[name] = value;
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await TandemHost.PrepareAsync(app);
        await app.StartAsync();
        return app;
    }
}
