using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnlineChat.Gateway;

/// <summary>
/// The certificate of the TLS chat port: the PKCS#12 file Gateway:TlsCertificatePath names (the AppHost
/// makes one per deployment and shares it between its gateways), or, for a gateway started alone without
/// one, a self-signed certificate made at start. Clients pin its SHA-256 fingerprint (printed at start) or
/// trust it through their system's store.
/// </summary>
public static class GatewayCertificate
{
    public static X509Certificate2 Load(GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificatePath))
        {
            return CreateSelfSigned(["localhost"]);
        }

        if (!File.Exists(options.TlsCertificatePath))
        {
            CreateFile(options.TlsCertificatePath, options.TlsCertificatePassword);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(options.TlsCertificatePath, options.TlsCertificatePassword);
    }

    /// <summary>
    /// Makes a self-signed certificate file where the AppHost said the deployment's should be. The gateways
    /// start together: each writes its own and moves it into place only if none is there yet, so all of them
    /// end up with the first one (one fingerprint for the whole deployment, kept across restarts).
    /// </summary>
    private static void CreateFile(string path, string? password)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var certificate = CreateSelfSigned(["localhost"]);
        var mine = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(mine, certificate.Export(X509ContentType.Pkcs12, password));
        try
        {
            File.Move(mine, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(mine);
        }
    }

    /// <summary>A self-signed server certificate for these DNS names and the loopback addresses, valid for a year.</summary>
    public static X509Certificate2 CreateSelfSigned(IEnumerable<string> dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=OnlineChat gateway", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>SHA-256 of the certificate, as colon-separated hex pairs: what a client pins.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
