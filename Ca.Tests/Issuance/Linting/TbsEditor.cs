using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Issuance.Linting;

/// <summary>
/// Edits a TBSCertificate field by field at the ASN.1 level, so each lint rule can be shown a
/// certificate that breaks exactly it, including shapes no generator would produce.
/// </summary>
public sealed class TbsEditor
{
    private const int Serial = 1, Signature = 2, Issuer = 3, Validity = 4, Subject = 5, PublicKey = 6;
    private readonly List<Asn1Encodable> fields;
    private readonly List<Asn1Encodable> extensions;

    public TbsEditor(X509Certificate certificate)
    {
        fields = Asn1Sequence.GetInstance(certificate.CertificateStructure.TbsCertificate.ToAsn1Object()).Cast<Asn1Encodable>().ToList();
        var tagged = fields.OfType<Asn1TaggedObject>().Single(t => t.TagNo == 3);
        extensions = Asn1Sequence.GetInstance(tagged.GetExplicitBaseObject()).Cast<Asn1Encodable>().ToList();
        fields.Remove(tagged);
    }

    public TbsEditor Version(int version) => Set(0, new DerTaggedObject(true, 0, DerInteger.ValueOf(version)));

    public TbsEditor SerialNumber(BigInteger value) => Set(Serial, new DerInteger(value));

    public TbsEditor SignatureAlgorithm(DerObjectIdentifier oid) => Set(Signature, new AlgorithmIdentifier(oid));

    public TbsEditor IssuerName(X509Name name) => Set(Issuer, name);

    public TbsEditor SubjectName(params (DerObjectIdentifier Type, Asn1Encodable Value)[] attributes) =>
        Set(Subject, new DerSequence(attributes.Select(a => (Asn1Encodable)new DerSet(new DerSequence(a.Type, a.Value))).ToArray()));

    public TbsEditor Dates(Time notBefore, Time notAfter) => Set(Validity, new DerSequence(notBefore, notAfter));

    public TbsEditor Dates(DateTime notBefore, DateTime notAfter) => Dates(new Time(notBefore), new Time(notAfter));

    public DateTime NotBefore => Time.GetInstance(Asn1Sequence.GetInstance(fields[Validity])[0]).ToDateTime();

    public TbsEditor SubjectPublicKey(SubjectPublicKeyInfo info) => Set(PublicKey, info);

    public TbsEditor Field(int index, Asn1Encodable value) => Set(index, value);

    public TbsEditor IssuerUniqueId()
    {
        fields.Add(new DerTaggedObject(false, 1, new DerBitString([1, 2, 3])));
        return this;
    }

    public TbsEditor Without(DerObjectIdentifier oid)
    {
        extensions.RemoveAll(e => Oid(e).Equals(oid));
        return this;
    }

    /// <summary>Replaces (or adds) an extension.</summary>
    public TbsEditor With(DerObjectIdentifier oid, bool critical, Asn1Encodable value)
    {
        var encoded = critical
            ? new DerSequence(oid, DerBoolean.True, new DerOctetString(value.GetDerEncoded()))
            : new DerSequence(oid, new DerOctetString(value.GetDerEncoded()));
        var index = extensions.FindIndex(e => Oid(e).Equals(oid));
        if (index >= 0)
        {
            extensions[index] = encoded;
        }
        else
        {
            extensions.Add(encoded);
        }

        return this;
    }

    /// <summary>Marks an existing extension critical or not, value unchanged.</summary>
    public TbsEditor Critical(DerObjectIdentifier oid, bool critical)
    {
        var existing = Asn1Sequence.GetInstance(extensions.Single(e => Oid(e).Equals(oid)));
        var value = Asn1OctetString.GetInstance(existing[existing.Count - 1]).GetOctets();
        return With(oid, critical, Asn1Object.FromByteArray(value));
    }

    public TbsEditor Duplicate(DerObjectIdentifier oid)
    {
        extensions.Add(extensions.First(e => Oid(e).Equals(oid)));
        return this;
    }

    public byte[] Encode()
    {
        var all = new List<Asn1Encodable>(fields) { new DerTaggedObject(true, 3, new DerSequence(extensions.ToArray())) };
        return new DerSequence(all.ToArray()).GetDerEncoded();
    }

    private TbsEditor Set(int index, Asn1Encodable value)
    {
        fields[index] = value;
        return this;
    }

    private static DerObjectIdentifier Oid(Asn1Encodable extension) => DerObjectIdentifier.GetInstance(Asn1Sequence.GetInstance(extension)[0]);
}
