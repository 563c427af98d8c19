using System.Security.Cryptography;
using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// Keys generated on a PKCS#11 token and never extractable: CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE
/// true, CKA_EXTRACTABLE false, CKA_LABEL the owner id (CA id or service key id), a random CKA_ID
/// shared by the public and private objects. The database stores only the object's RFC 7512 URI.
/// ECDSA P-256/P-384 and RSA 2048-4096; Ed25519 stays a software-only algorithm.
/// </summary>
public sealed class Pkcs11KeyProvider : IKeyProvider, IDisposable
{
    private readonly Pkcs11Options options;
    private readonly Pkcs11Token token;

    /// <summary>Creates the provider; nothing touches the token until <see cref="Connect"/> or the first key operation.</summary>
    public Pkcs11KeyProvider(Pkcs11Options options, TimeProvider clock, ILogger logger)
    {
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("Pki:Keys:Pkcs11:ModulePath and TokenLabel must both be set.");
        }

        this.options = options;
        token = new Pkcs11Token(options, ReadPin(options), clock, logger);
    }

    /// <inheritdoc />
    public string Name => KeyReference.Pkcs11Provider;

    /// <summary>The token label keys are generated on and opened from.</summary>
    public string TokenLabel => options.TokenLabel!;

    /// <summary>Loads the module and logs in; throws <see cref="KeyUnavailableException"/> with one clear sentence when that fails.</summary>
    public void Connect() => token.Connect();

    /// <inheritdoc />
    public bool Recognises(ReadOnlySpan<byte> storedForm) => storedForm.StartsWith(TokenKeyUri.SchemeBytes);

    /// <inheritdoc />
    public bool Holds(byte[] storedForm) => Recognises(storedForm) && string.Equals(TokenKeyUri.Parse(storedForm).Token, TokenLabel, StringComparison.Ordinal);

    /// <inheritdoc />
    public ProvidedKey Generate(string ownerId, KeyAlgorithm algorithm)
    {
        if (algorithm == KeyAlgorithm.Ed25519)
        {
            throw CaException.Unprocessable("key-algorithm-not-on-token", "Ed25519 keys are not generated on the PKCS#11 token; use ECDSA or RSA for keys kept there.", "keyAlgorithm");
        }

        var id = RandomNumberGenerator.GetBytes(16);
        var uri = new TokenKeyUri(TokenLabel, ownerId, id);
        var publicKey = token.Run(lease => GenerateOnToken(lease, ownerId, id, algorithm), $"generate a key for {ownerId}");
        return new ProvidedKey(CreateKey(uri, algorithm, publicKey), uri.ToStoredForm());
    }

    /// <inheritdoc />
    public ISigningKey? Open(string ownerId, byte[] storedForm)
    {
        var uri = TokenKeyUri.Parse(storedForm);
        if (!string.Equals(uri.Token, TokenLabel, StringComparison.Ordinal))
        {
            return null; // kept on another token (the offline root's): not reachable here by design
        }

        var found = token.Run(lease => ReadPublicKey(lease, uri.Label, uri.Id), $"find key {uri.Label}")
            ?? throw new KeyUnavailableException($"The key {uri} is not on token '{TokenLabel}'.");
        return CreateKey(uri, found.Algorithm, found.PublicKey);
    }

    /// <summary>
    /// A key already on the token, found by its label alone (a hierarchy made elsewhere and imported);
    /// null when there is none. Two private keys with one label are refused as ambiguous.
    /// </summary>
    public ProvidedKey? FindByLabel(string label)
    {
        var id = token.Run(lease =>
        {
            var handles = lease.Session.FindAllObjects([
                lease.Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                lease.Attributes.Create(CKA.CKA_LABEL, label)]);
            return handles.Count switch
            {
                0 => null,
                1 => lease.Session.GetAttributeValue(handles[0], [CKA.CKA_ID])[0].GetValueAsByteArray() ?? [],
                _ => throw new InvalidOperationException($"Token '{TokenLabel}' holds {handles.Count} private keys labelled '{label}'; give each a distinct label."),
            };
        }, $"find key {label}");
        if (id is null)
        {
            return null;
        }

        var uri = new TokenKeyUri(TokenLabel, label, id);
        var found = token.Run(lease => ReadPublicKey(lease, label, id), $"read key {label}")
            ?? throw new InvalidOperationException($"The private key labelled '{label}' on token '{TokenLabel}' has no public key object with the same CKA_ID.");
        return new ProvidedKey(CreateKey(uri, found.Algorithm, found.PublicKey), uri.ToStoredForm());
    }

    /// <inheritdoc />
    public KeyReference Describe(string ownerId, byte[] storedForm) => TokenKeyUri.Describe(storedForm);

    /// <summary>Logs out and finalizes the module.</summary>
    public void Dispose() => token.Dispose();

    /// <summary>Signs a digest with the token key: the signature value as X.509 and CMS carry it.</summary>
    internal byte[] SignDigest(Pkcs11SigningKey key, byte[] digest) =>
        token.Run(lease =>
        {
            var handle = lease.Connection.Handles.GetOrAdd(key.IdHex, _ => FindPrivate(lease, key.Uri));
            if (key.Algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384)
            {
                using var ecdsa = lease.Mechanisms.Create(CKM.CKM_ECDSA);
                return Pkcs11Signatures.EcdsaRawToDer(lease.Session.Sign(ecdsa, handle, digest));
            }

            if (key.UsesPss)
            {
                var parameters = Pkcs11Module.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, 32);
                using var pss = lease.Mechanisms.Create(CKM.CKM_RSA_PKCS_PSS, parameters);
                return lease.Session.Sign(pss, handle, digest);
            }

            using var pkcs1 = lease.Mechanisms.Create(CKM.CKM_RSA_PKCS);
            return lease.Session.Sign(pkcs1, handle, Pkcs11Signatures.Sha256DigestInfo(digest));
        }, $"sign with {key.Uri.Label}");

    private Pkcs11SigningKey CreateKey(TokenKeyUri uri, KeyAlgorithm algorithm, SubjectPublicKeyInfo publicKey)
    {
        var pss = options.RsaPss && algorithm is KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096 && token.Supports(CKM.CKM_RSA_PKCS_PSS);
        return new Pkcs11SigningKey(this, uri, algorithm, publicKey, pss);
    }

    private static IObjectHandle FindPrivate(Pkcs11Token.Lease lease, TokenKeyUri uri)
    {
        var handles = lease.Session.FindAllObjects([
            lease.Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            lease.Attributes.Create(CKA.CKA_ID, uri.Id)]);
        return handles.Count > 0
            ? handles[0]
            : throw new KeyUnavailableException($"The private key {uri} is not on the token.");
    }

    private static SubjectPublicKeyInfo GenerateOnToken(Pkcs11Token.Lease lease, string label, byte[] id, KeyAlgorithm algorithm)
    {
        var a = lease.Attributes;
        List<IObjectAttribute> publicTemplate =
        [
            a.Create(CKA.CKA_TOKEN, true),
            a.Create(CKA.CKA_PRIVATE, false),
            a.Create(CKA.CKA_VERIFY, true),
            a.Create(CKA.CKA_ENCRYPT, false),
            a.Create(CKA.CKA_WRAP, false),
            a.Create(CKA.CKA_LABEL, label),
            a.Create(CKA.CKA_ID, id),
        ];
        List<IObjectAttribute> privateTemplate =
        [
            a.Create(CKA.CKA_TOKEN, true),
            a.Create(CKA.CKA_PRIVATE, true),
            a.Create(CKA.CKA_SENSITIVE, true),
            a.Create(CKA.CKA_EXTRACTABLE, false),
            a.Create(CKA.CKA_SIGN, true),
            a.Create(CKA.CKA_DECRYPT, false),
            a.Create(CKA.CKA_UNWRAP, false), // a signing key only: tokens (SoftHSM2 among them) otherwise default unwrap to true
            a.Create(CKA.CKA_DERIVE, false),
            a.Create(CKA.CKA_LABEL, label),
            a.Create(CKA.CKA_ID, id),
        ];

        CKM mechanism;
        if (algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384)
        {
            mechanism = CKM.CKM_EC_KEY_PAIR_GEN;
            publicTemplate.Add(a.Create(CKA.CKA_EC_PARAMS, CurveOid(algorithm).GetEncoded(Asn1Encodable.Der)));
        }
        else
        {
            mechanism = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
            publicTemplate.Add(a.Create(CKA.CKA_MODULUS_BITS, (ulong)(algorithm switch { KeyAlgorithm.Rsa2048 => 2048, KeyAlgorithm.Rsa3072 => 3072, _ => 4096 })));
            publicTemplate.Add(a.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }));
        }

        using var generate = lease.Mechanisms.Create(mechanism);
        lease.Session.GenerateKeyPair(generate, publicTemplate, privateTemplate, out var publicHandle, out _);
        return ReadPublicKey(lease, publicHandle, algorithm);
    }

    private static (KeyAlgorithm Algorithm, SubjectPublicKeyInfo PublicKey)? ReadPublicKey(Pkcs11Token.Lease lease, string label, byte[] id)
    {
        var handles = lease.Session.FindAllObjects([
            lease.Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            lease.Attributes.Create(CKA.CKA_ID, id)]);
        var privateKeys = lease.Session.FindAllObjects([
            lease.Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            lease.Attributes.Create(CKA.CKA_ID, id),
            lease.Attributes.Create(CKA.CKA_LABEL, label)]);
        if (handles.Count == 0 || privateKeys.Count == 0)
        {
            return null;
        }

        var keyType = (CKK)lease.Session.GetAttributeValue(handles[0], [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong();
        if (keyType == CKK.CKK_EC)
        {
            var curve = (DerObjectIdentifier)Asn1Object.FromByteArray(lease.Session.GetAttributeValue(handles[0], [CKA.CKA_EC_PARAMS])[0].GetValueAsByteArray());
            var algorithm = curve.Equals(SecObjectIdentifiers.SecP256r1) ? KeyAlgorithm.EcdsaP256
                : curve.Equals(SecObjectIdentifiers.SecP384r1) ? KeyAlgorithm.EcdsaP384
                : throw new NotSupportedException($"The token key '{label}' is on curve {curve.Id}; only P-256 and P-384 are used.");
            return (algorithm, ReadPublicKey(lease, handles[0], algorithm));
        }

        if (keyType == CKK.CKK_RSA)
        {
            var info = ReadPublicKey(lease, handles[0], KeyAlgorithm.Rsa2048);
            var algorithm = KeyAlgorithmDetector.Detect(info)
                ?? throw new NotSupportedException($"The token key '{label}' is an RSA key of a size this CA does not use (2048, 3072, 4096).");
            return (algorithm, info);
        }

        throw new NotSupportedException($"The token key '{label}' is of type {keyType}; only EC and RSA keys are used.");
    }

    private static SubjectPublicKeyInfo ReadPublicKey(Pkcs11Token.Lease lease, IObjectHandle publicHandle, KeyAlgorithm algorithm)
    {
        if (algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384)
        {
            var point = lease.Session.GetAttributeValue(publicHandle, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();

            // PKCS#11 says DER OCTET STRING; some tokens return the bare point.
            var fieldBytes = algorithm == KeyAlgorithm.EcdsaP256 ? 32 : 48;
            if (!(point.Length == (2 * fieldBytes) + 1 && point[0] == 0x04))
            {
                point = Asn1OctetString.GetInstance(point).GetOctets();
            }

            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, CurveOid(algorithm)), point);
        }

        var values = lease.Session.GetAttributeValue(publicHandle, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        var rsa = new RsaPublicKeyStructure(new BigInteger(1, values[0].GetValueAsByteArray()), new BigInteger(1, values[1].GetValueAsByteArray()));
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance), rsa);
    }

    private static DerObjectIdentifier CurveOid(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.EcdsaP256 ? SecObjectIdentifiers.SecP256r1 : SecObjectIdentifiers.SecP384r1;

    private static string ReadPin(Pkcs11Options options)
    {
        if (!string.IsNullOrEmpty(options.Pin))
        {
            return options.Pin;
        }

        if (string.IsNullOrWhiteSpace(options.PinFile))
        {
            throw new KeyUnavailableException("No PIN for the PKCS#11 token: set Pki:Keys:Pkcs11:PinFile, or Pki__Keys__Pkcs11__Pin in the environment.");
        }

        try
        {
            return File.ReadLines(options.PinFile).FirstOrDefault()?.Trim()
                ?? throw new KeyUnavailableException($"The PIN file {options.PinFile} is empty.");
        }
        catch (IOException e)
        {
            throw new KeyUnavailableException($"The PIN file {options.PinFile} cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new KeyUnavailableException($"The PIN file {options.PinFile} cannot be read: {e.Message}", e);
        }
    }
}
