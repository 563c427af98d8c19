using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// tls-alpn-01 (RFC 8737): a TLS handshake to the name on the TLS port, offering only the
/// "acme-tls/1" protocol, must negotiate it and present a certificate whose only subjectAltName is the
/// identifier and whose critical acmeIdentifier extension holds SHA-256 of the key authorization.
/// </summary>
public sealed class TlsAlpn01Validator : IChallengeValidator
{
    /// <summary>The ALPN protocol id of RFC 8737.</summary>
    public static readonly SslApplicationProtocol AcmeTls1 = new("acme-tls/1");

    /// <summary>id-pe-acmeIdentifier.</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    private readonly ValidationAddressResolver resolver;
    private readonly AcmeValidationOptions options;

    /// <summary>Creates the validator.</summary>
    public TlsAlpn01Validator(ValidationAddressResolver resolver, IOptions<AcmeOptions> options)
    {
        this.resolver = resolver;
        this.options = options.Value.Validation;
    }

    /// <inheritdoc />
    public string Type => AcmeChallengeTypes.TlsAlpn01;

    /// <inheritdoc />
    public async Task ValidateAsync(AcmeIdentifier identifier, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        var socket = await resolver.ConnectAsync(identifier.Value, options.TlsPort, cancellationToken).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: true);
        await using var tls = new SslStream(network, leaveInnerStreamOpen: false);
        byte[]? presented = null;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = ServerName(identifier),
                ApplicationProtocols = [AcmeTls1],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate?.GetRawCertData();
                    return true;
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            throw new ChallengeFailedException(AcmeErrors.Tls, $"TLS handshake with {identifier.Value} port {options.TlsPort} failed: {e.Message}", e);
        }

        if (tls.NegotiatedApplicationProtocol != AcmeTls1)
        {
            throw new ChallengeFailedException(AcmeErrors.Tls, $"{identifier.Value} did not negotiate the acme-tls/1 protocol.");
        }

        if (presented is null)
        {
            throw new ChallengeFailedException(AcmeErrors.Tls, $"{identifier.Value} presented no certificate.");
        }

        Check(new X509CertificateParser().ReadCertificate(presented), identifier, keyAuthorization);
    }

    private static void Check(X509Certificate certificate, AcmeIdentifier identifier, string keyAuthorization)
    {
        var sanValue = certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName);
        var names = sanValue is null ? [] : GeneralNames.GetInstance(Asn1Object.FromByteArray(sanValue.GetOctets())).GetNames();
        var expectedTag = identifier.Type == AcmeIdentifier.Ip ? GeneralName.IPAddress : GeneralName.DnsName;
        if (names.Length != 1 || names[0].TagNo != expectedTag || !Matches(names[0], identifier))
        {
            throw new ChallengeFailedException(AcmeErrors.Unauthorized, $"The acme-tls/1 certificate must name exactly {identifier.Value} in its subjectAltName.");
        }

        var critical = certificate.GetCriticalExtensionOids();
        var value = certificate.GetExtensionValue(new DerObjectIdentifier(AcmeIdentifierOid));
        if (value is null || !critical.Contains(AcmeIdentifierOid))
        {
            throw new ChallengeFailedException(AcmeErrors.Unauthorized, "The acme-tls/1 certificate lacks the critical acmeIdentifier extension.");
        }

        byte[] digest;
        try
        {
            digest = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            throw new ChallengeFailedException(AcmeErrors.Unauthorized, "The acmeIdentifier extension is not an OCTET STRING.", e);
        }

        if (!CryptographicOperations.FixedTimeEquals(digest, KeyAuthorization.Digest(keyAuthorization)))
        {
            throw new ChallengeFailedException(AcmeErrors.IncorrectResponse, "The acmeIdentifier extension does not hold SHA-256 of the key authorization.");
        }
    }

    private static bool Matches(GeneralName name, AcmeIdentifier identifier) =>
        identifier.Type == AcmeIdentifier.Ip
            ? new IPAddress(Asn1OctetString.GetInstance(name.Name).GetOctets()).Equals(IPAddress.Parse(identifier.Value))
            : string.Equals(DerIA5String.GetInstance(name.Name).GetString(), identifier.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>SNI: the DNS name, or for an IP the reverse-mapping name (RFC 8738 6).</summary>
    private static string ServerName(AcmeIdentifier identifier)
    {
        if (identifier.Type != AcmeIdentifier.Ip)
        {
            return identifier.Value;
        }

        var address = IPAddress.Parse(identifier.Value);
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? string.Join('.', bytes.Reverse()) + ".in-addr.arpa"
            : string.Join('.', bytes.Reverse().SelectMany(b => new[] { (b & 0xF).ToString("x"), (b >> 4).ToString("x") })) + ".ip6.arpa";
    }
}
