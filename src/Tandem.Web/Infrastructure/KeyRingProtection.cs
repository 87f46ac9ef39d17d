using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// The data-protection key ring encrypted at rest with an operator's certificate (ADR 51). The ring is in the database
/// (several web nodes share it); whoever reads the <c>DataProtectionKeys</c> table (a backup, a replica, a person with
/// read access) could otherwise forge every cookie and bearer token and open every sealed secret (webhook secrets,
/// unsubscribe links). With <c>Tandem:DataProtection:Certificate</c> each new key is stored encrypted to the
/// certificate's public key and read with its private key; <c>Tandem:DataProtection:PreviousCertificates</c> keeps
/// keys encrypted to an earlier certificate readable after the certificate is replaced.
/// <para>
/// A certificate is a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, with <c>CertificatePassword</c> when it has one) or a PEM
/// certificate with its private key in <c>CertificateKey</c> (or in the same file); each previous one is a section with
/// <c>Path</c>, <c>Password</c> and <c>KeyPath</c>. It must hold an RSA private key. A setting
/// that names a missing file, a wrong password or a certificate without its private key stops the start with what is
/// wrong, rather than the first sign-in after it.
/// </para>
/// </summary>
public static class KeyRingProtection
{
    public const string Section = "Tandem:DataProtection";

    public static IDataProtectionBuilder ProtectKeysAsConfigured(this IDataProtectionBuilder dataProtection, IConfiguration configuration, string contentRoot)
    {
        var current = Load(configuration[$"{Section}:Certificate"], configuration[$"{Section}:CertificatePassword"],
            configuration[$"{Section}:CertificateKey"], contentRoot, $"{Section}:Certificate");
        var previous = configuration.GetSection($"{Section}:PreviousCertificates").GetChildren()
            .Select(c => Load(c["Path"] ?? c.Value, c["Password"], c["KeyPath"], contentRoot, c.Path)).OfType<X509Certificate2>().ToArray();
        if (current is null)
        {
            if (previous.Length > 0)
                throw new InvalidOperationException(
                    $"{Section}:PreviousCertificates is set without {Section}:Certificate: name the certificate new keys are encrypted to as well.");
            return dataProtection;
        }
        dataProtection.ProtectKeysWithCertificate(current);
        if (previous.Length > 0) dataProtection.UnprotectKeysWithAnyCertificate([current, .. previous]);
        return dataProtection;
    }

    /// <summary>
    /// The certificate at <paramref name="path"/> (relative to the content root), with its RSA private key; null when no
    /// path is set. <paramref name="name"/> is the setting, for the message that stops the start.
    /// </summary>
    private static X509Certificate2? Load(string? path, string? password, string? keyPath, string contentRoot, string name)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        var full = Path.GetFullPath(path, contentRoot);
        if (!File.Exists(full))
            throw new InvalidOperationException($"{name} names {full}, which does not exist: give the path of a PKCS#12 (.pfx) or PEM certificate with its private key.");
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(full)
                ? X509Certificate2.CreateFromPemFile(full, string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath, contentRoot))
                // The private key in memory only, never written to a key store (macOS has no ephemeral key sets).
                : X509CertificateLoader.LoadPkcs12FromFile(full, password, OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidOperationException($"{name} ({full}) could not be read: {e.Message} Check the file, its key and its password.", e);
        }
        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{name} ({full}) has no RSA private key: the key ring is encrypted to an RSA certificate and read with its private key.");
        }
        return certificate;
    }

    private static bool IsPem(string path)
    {
        Span<byte> start = stackalloc byte[11];
        using var file = File.OpenRead(path);
        var read = file.Read(start);
        return System.Text.Encoding.ASCII.GetString(start[..read]) == "-----BEGIN ";
    }
}
