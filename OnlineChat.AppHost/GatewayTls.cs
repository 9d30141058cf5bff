using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnlineChat.AppHost;

/// <summary>The deployment's TLS certificate file, which the gateways share (the first to start makes it if missing).</summary>
internal sealed record GatewayTls(string CertificatePath, string? Password)
{
    /// <summary>SHA-256 of the certificate as colon-separated hex pairs (what clients pin), or null while there is no file.</summary>
    public string? Fingerprint()
    {
        if (!File.Exists(CertificatePath))
        {
            return null;
        }

        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password);
        return string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
