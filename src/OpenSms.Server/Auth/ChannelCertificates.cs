using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenSms.Server.Auth;

/// <summary>Everything of a task's secure channel (ShowCertKey, ShowPassphrase); stored sealed, never in the clear.</summary>
public sealed record ChannelMaterial(
    string Ca, string Cert, string PrivateKey, string TargetMgmtCert, string TargetMgmtPrivateKey,
    string TargetDataCert, string TargetDataPrivateKey, string Passphrase);

/// <summary>
/// Issues a task's secure-channel material: a CA of its own and three leaf certificates signed by
/// it (the agent's, the target's management and data channels), ECDSA P-256, PEM. A CA per task
/// means a leaked key opens one migration, not all of them.
/// </summary>
public static class ChannelCertificates
{
    const string PassphraseAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static ChannelMaterial Issue(string taskId, DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=OpenSms task {taskId} CA, O=OpenSms", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Backdated a little so a target whose clock lags still accepts the chain.
        using var ca = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));

        var source = Leaf(ca, $"CN=OpenSms task {taskId} source, O=OpenSms", now);
        var management = Leaf(ca, $"CN=OpenSms task {taskId} target management, O=OpenSms", now);
        var data = Leaf(ca, $"CN=OpenSms task {taskId} target data, O=OpenSms", now);
        return new ChannelMaterial(ca.ExportCertificatePem(), source.Cert, source.Key, management.Cert, management.Key,
            data.Cert, data.Key, RandomNumberGenerator.GetString(PassphraseAlphabet, 32));
    }

    static (string Cert, string Key) Leaf(X509Certificate2 ca, string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        // Both ends of the channel present a certificate, so each may act as client or server.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca, now.AddHours(-1), now.AddYears(5), serial);
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
