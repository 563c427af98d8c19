using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ca.Core.Common;

namespace Ca.Tests.Support;

/// <summary>PKCS#10 requests made with .NET's own CertificateRequest: a second, independent encoder.</summary>
public static class TestCsr
{
    public static string EcdsaP256(string subject, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Create(new CertificateRequest(subject, key, HashAlgorithmName.SHA256), dnsNames);
    }

    public static string Rsa(int bits, string subject, params string[] dnsNames)
    {
        using var key = RSA.Create(bits);
        return Create(new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), dnsNames);
    }

    /// <summary>A valid request with one bit of its signature flipped.</summary>
    public static string WithBrokenSignature(string pem)
    {
        var der = Pem.TryDecode(pem, "CERTIFICATE REQUEST")!;
        der[^3] ^= 0x01;
        return Pem.Encode("CERTIFICATE REQUEST", der);
    }

    private static string Create(CertificateRequest request, string[] dnsNames)
    {
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return Pem.Encode("CERTIFICATE REQUEST", request.CreateSigningRequest());
    }
}
