using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;

namespace Ca.Tests.Mutation;

/// <summary>A private key the tests hold, and the signature algorithm to use with it.</summary>
internal sealed record TestSigner(AsymmetricKeyParameter Key, string Algorithm)
{
    /// <summary>Reads a PEM key (PKCS#8 or SEC1) and picks SHA-256/384 with ECDSA or RSA, or Ed25519.</summary>
    public static TestSigner FromPem(string pem)
    {
        using var reader = new PemReader(new StringReader(pem));
        var read = reader.ReadObject();
        var key = read is AsymmetricCipherKeyPair pair ? pair.Private : (AsymmetricKeyParameter)read;
        var algorithm = key switch
        {
            ECPrivateKeyParameters { Parameters.Curve.FieldSize: > 256 } => "SHA384WITHECDSA",
            ECPrivateKeyParameters => "SHA256WITHECDSA",
            Ed25519PrivateKeyParameters => "Ed25519",
            _ => "SHA256WITHRSA",
        };
        return new TestSigner(key, algorithm);
    }

    public byte[] Sign(byte[] data)
    {
        var calculator = new Asn1SignatureFactory(Algorithm, Key).CreateCalculator();
        using (var stream = calculator.Stream)
        {
            stream.Write(data);
        }

        return ((IBlockResult)calculator.GetResult()).Collect();
    }
}

/// <summary>
/// Mutations of signed structures (PKCS#10 requests, certificates, CMS SignerInfos). Blind and structural edits
/// of the whole encoding mostly die at the signature check; so a third of the cases edit only the signed part
/// and sign it again with the real key, which carries the damage past proof of possession and signature
/// verification into the code that trusts what was signed: attribute, extension and name parsing, profile rules.
/// </summary>
internal static class SignedMutations
{
    /// <summary>A mutation of SEQUENCE { tbs, algorithm, BIT STRING signature }.</summary>
    public static byte[] MutateEnvelope(byte[] der, TestSigner? signer, Mutagen m, int maxBytes)
    {
        var mode = m.Next(3);
        if (mode == 0)
        {
            m.Note("bytes");
            return m.Damage(der);
        }

        var root = DerNode.TryParse(der) ?? throw new InvalidOperationException("The seed is not DER.");
        if (mode == 1 || signer is null || root.Children is not [var tbs, var algorithm, _])
        {
            m.Note("tree");
            return DerMutator.Mutate(root, m, maxBytes);
        }

        m.Note("signed part, signed again");
        var tbsBytes = DerMutator.Mutate(tbs, m, maxBytes);
        var signature = signer.Sign(tbsBytes);
        var body = (byte[])[.. tbsBytes, .. algorithm.Encode(), .. DerNode.Leaf(0x03, [0x00, .. signature]).Encode()];
        return [0x30, .. DerNode.Length(body.Length), .. body];
    }

    /// <summary>
    /// A mutation of a CMS SignedData whose first SignerInfo has signed attributes: blind, structural, or (with
    /// the signer's key) an edit inside the signed attributes signed again, so the signature still verifies and the
    /// damage reaches attribute processing (content type, message digest, signing time, signing certificate).
    /// </summary>
    public static byte[] MutateSignedData(byte[] der, TestSigner? signer, Mutagen m, int maxBytes)
    {
        var mode = m.Next(3);
        if (mode == 0)
        {
            m.Note("bytes");
            return m.Damage(der);
        }

        var root = DerNode.TryParse(der) ?? throw new InvalidOperationException("The seed is not DER.");
        var signerInfo = FirstSignerInfo(root);
        var signedAttributes = signerInfo?.Children?.FirstOrDefault(c => c.Tag[0] == 0xA0);
        if (mode == 1 || signer is null || signedAttributes is null)
        {
            m.Note("tree");
            return DerMutator.Mutate(root, m, maxBytes);
        }

        m.Note("signed attributes, signed again");
        DerMutator.Mutate(signedAttributes, m, maxBytes);
        var content = signedAttributes.EncodeContent();
        var asSet = (byte[])[0x31, .. DerNode.Length(content.Length), .. content];
        var signatureNode = signerInfo!.Children!.Last(c => c.Tag[0] == 0x04);
        signatureNode.Children = null;
        signatureNode.Content = signer.Sign(asSet);
        return root.Encode();
    }

    // ContentInfo { contentType, [0] { SignedData { version, digestAlgorithms, encapContentInfo, [0] certs?, [1] crls?, signerInfos } } }
    private static DerNode? FirstSignerInfo(DerNode contentInfo)
    {
        var signedData = contentInfo.Children is [_, { Children: [var sd] }] ? sd : null;
        var signerInfos = signedData?.Children?.LastOrDefault(c => c.Tag[0] == 0x31);
        return signerInfos?.Children?.FirstOrDefault();
    }
}
