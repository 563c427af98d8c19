using Org.BouncyCastle.Asn1;

namespace Ca.Core.Documents;

/// <summary>
/// The one seam through which document signers (CAdES, PAdES, XAdES) use a signing key: bytes in, signature
/// value out, through the signer port (<see cref="Keys.ISigningKey.SignatureFactory"/>), so an e-seal key on a
/// PKCS#11 token signs documents exactly as a software key does and no private key bytes are seen here.
/// </summary>
internal static class SignatureValues
{
    /// <summary>Signs <paramref name="data"/>; ECDSA values come DER-encoded (as CMS wants them).</summary>
    public static byte[] Sign(DocumentSigningMaterial signer, ReadOnlySpan<byte> data)
    {
        var calculator = signer.Key.SignatureFactory.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            stream.Write(data);
        }

        return calculator.GetResult().Collect();
    }

    /// <summary>DER ECDSA-Sig-Value → r||s, each <paramref name="fieldBytes"/> long (XMLDSig, RFC 4050/6931).</summary>
    public static byte[] DerToPlain(byte[] der, int fieldBytes)
    {
        var sequence = Asn1Sequence.GetInstance(der);
        var plain = new byte[fieldBytes * 2];
        Place(DerInteger.GetInstance(sequence[0]).PositiveValue.ToByteArrayUnsigned(), plain.AsSpan(0, fieldBytes));
        Place(DerInteger.GetInstance(sequence[1]).PositiveValue.ToByteArrayUnsigned(), plain.AsSpan(fieldBytes, fieldBytes));
        return plain;

        static void Place(byte[] value, Span<byte> slot) => value.CopyTo(slot[(slot.Length - value.Length)..]);
    }
}
