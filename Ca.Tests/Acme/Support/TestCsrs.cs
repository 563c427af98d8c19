using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ca.Core.Acme.Jws;

namespace Ca.Tests.Acme.Support;

/// <summary>CSRs built with .NET's CertificateRequest, base64url DER as finalize wants it.</summary>
public static class TestCsrs
{
    public static string For(AsymmetricAlgorithm key, string? commonName, params string[] dnsNames)
    {
        var subject = new X500DistinguishedName(commonName is null ? string.Empty : "CN=" + commonName);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            sans.AddDnsName(name);
        }

        request.CertificateExtensions.Add(sans.Build());
        return Base64Url.Encode(request.CreateSigningRequest());
    }
}
