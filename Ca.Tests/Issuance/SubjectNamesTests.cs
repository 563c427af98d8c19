using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Issuance;

public sealed class SubjectNamesTests
{
    private static readonly CertificateProfile Organization = BuiltInProfiles.All["organization"];

    [Fact]
    public void Encode_ThaiOrganisation_UsesUtf8StringAndPrintableCountryInCanonicalOrder()
    {
        var subject = SubjectNames.Validate(SubjectNames.FromRequest(new Dictionary<string, string>
        {
            ["CN"] = "บริษัท ตัวอย่าง จำกัด",
            ["O"] = "บริษัท ตัวอย่าง จำกัด",
            ["c"] = "TH",
        }), Organization);

        var name = SubjectNames.Encode(subject);
        var rdns = Asn1Sequence.GetInstance(name.ToAsn1Object());

        Assert.Equal(["C", "O", "CN"], subject.Select(a => a.Type));
        Assert.IsType<DerPrintableString>(AttributeValue(rdns, 0));
        Assert.IsType<DerUtf8String>(AttributeValue(rdns, 1));
        Assert.Equal("บริษัท ตัวอย่าง จำกัด", ((DerUtf8String)AttributeValue(rdns, 2)).GetString());
    }

    [Fact]
    public void Encode_ValueStartingWithHash_IsKeptLiterally()
    {
        var subject = SubjectNames.Validate(SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = "#1 Shop", ["O"] = "x", ["C"] = "TH" }), Organization);

        Assert.Equal("#1 Shop", ((DerUtf8String)AttributeValue(Asn1Sequence.GetInstance(SubjectNames.Encode(subject).ToAsn1Object()), 2)).GetString());
    }

    [Theory]
    [InlineData("CN", "", "invalid-subject-attribute")]
    [InlineData("C", "Thailand", "invalid-subject-attribute")]
    [InlineData("serialNumber", "เลขที่", "invalid-subject-attribute")]
    [InlineData("title", "Director", "subject-attribute-not-allowed")]
    public void Validate_ValueTheProfileOrEncodingForbids_IsRefused(string attribute, string value, string code)
    {
        var fields = new Dictionary<string, string> { ["CN"] = "x", ["O"] = "y", ["C"] = "TH", [attribute] = value };

        var error = Assert.Throws<CaException>(() => SubjectNames.Validate(SubjectNames.FromRequest(fields), Organization));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Validate_MissingRequiredAttribute_NamesIt()
    {
        var error = Assert.Throws<CaException>(() => SubjectNames.Validate(SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = "x", ["C"] = "TH" }), Organization));

        Assert.Equal("subject.O", error.Field);
    }

    private static Asn1Encodable AttributeValue(Asn1Sequence rdns, int index) =>
        Asn1Sequence.GetInstance(Asn1Set.GetInstance(rdns[index])[0])[1];
}
