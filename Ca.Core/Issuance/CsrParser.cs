using Ca.Core.Common;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// Parses PKCS#10 (RFC 2986) and verifies its self-signature before anything else looks at it, so a
/// request for a key the requester does not hold never reaches policy checks.
/// </summary>
public static class CsrParser
{
    /// <summary>Largest CSR accepted; real ones are a few kilobytes.</summary>
    public const int MaxDerLength = 64 * 1024;

    /// <summary>Parses PEM (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST) or bare base64 DER.</summary>
    public static ParsedCsr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var der = Pem.TryDecode(text, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        if (der is null && !text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                der = Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
            }
            catch (FormatException)
            {
                der = null;
            }
        }

        if (der is null)
        {
            throw CaException.BadRequest("malformed-csr", "The CSR is not PEM (-----BEGIN CERTIFICATE REQUEST-----) or base64 DER.", "csr");
        }

        return Parse(der);
    }

    /// <summary>Parses DER and verifies the signature.</summary>
    public static ParsedCsr Parse(byte[] der)
    {
        if (der.Length > MaxDerLength)
        {
            throw CaException.BadRequest("malformed-csr", $"The CSR is larger than {MaxDerLength} bytes.", "csr");
        }

        CertificationRequest request;
        CertificationRequestInfo info;
        SubjectPublicKeyInfo publicKey;
        PublicKeyDescription key;
        try
        {
            var asn1 = Asn1Object.FromByteArray(der);
            request = CertificationRequest.GetInstance(asn1);
            info = request.GetCertificationRequestInfo();
            publicKey = info.SubjectPublicKeyInfo;
            _ = info.Subject.GetOidList();
            _ = request.SignatureAlgorithm.Algorithm;
            key = KeyAlgorithmDetector.Describe(publicKey);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or FormatException or InvalidOperationException or Asn1Exception or NullReferenceException)
        {
            throw CaException.BadRequest("malformed-csr", "The CSR is not a valid DER-encoded PKCS#10 request.", "csr", e);
        }

        // RFC 2986 4.1: version is 0 (v1); anything else is a format this parser does not know.
        if (!info.Version.HasValue(0))
        {
            throw CaException.Unprocessable("csr-version-unsupported", $"The CSR's version is {info.Version.Value}; only version 0 (PKCS#10 v1) is defined.", "csr");
        }

        CsrSignaturePolicy.Check(request.SignatureAlgorithm, publicKey);
        if (!VerifySignature(request, info, publicKey))
        {
            throw CaException.Unprocessable("csr-signature-invalid", "The CSR's signature does not verify with its public key (no proof of possession).", "csr");
        }

        return new ParsedCsr(der, info.Subject, publicKey, key, RequestedSans(info));
    }

    private static bool VerifySignature(CertificationRequest request, CertificationRequestInfo info, SubjectPublicKeyInfo publicKey)
    {
        try
        {
            var factory = new NativeVerifierFactoryProvider(publicKey).CreateVerifierFactory(request.SignatureAlgorithm);
            var calculator = factory.CreateCalculator();
            var tbs = info.GetDerEncoded();
            calculator.Stream.Write(tbs, 0, tbs.Length);
            return calculator.GetResult().IsVerified(request.Signature.GetOctets());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException or Org.BouncyCastle.Security.GeneralSecurityException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException or IOException or InvalidCastException or FormatException or NotSupportedException)
        {
            return false;
        }
    }

    private static IReadOnlyList<SubjectAltName> RequestedSans(CertificationRequestInfo info)
    {
        if (info.Attributes is null)
        {
            return [];
        }

        try
        {
            foreach (var element in info.Attributes)
            {
                var attribute = AttributePkcs.GetInstance(element);
                if (!attribute.AttrType.Equals(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest))
                {
                    continue;
                }

                // PKCS#9: extensionRequest is single-valued; an empty SET is not a request at all.
                if (attribute.AttrValues.Count != 1)
                {
                    throw CaException.BadRequest("malformed-csr", "The CSR's extensionRequest attribute must hold exactly one Extensions value.", "csr");
                }

                var extensions = X509Extensions.GetInstance(attribute.AttrValues[0]);
                var san = extensions.GetExtension(X509Extensions.SubjectAlternativeName);
                return san is null ? [] : SubjectAltNames.FromGeneralNames(GeneralNames.GetInstance(san.GetParsedValue()));
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or FormatException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException)
        {
            throw CaException.BadRequest("malformed-csr", "The CSR's extensionRequest attribute is malformed.", "csr", e);
        }

        return [];
    }
}
