using Ca.Core.Keys;
using Ca.Core.Profiles;

namespace Ca.Tests.Profiles;

public sealed class ProfileCatalogTests
{
    [Fact]
    public void Catalog_WithoutConfiguration_HasTheFiveBuiltIns()
    {
        var catalog = new ProfileCatalog((IReadOnlyDictionary<string, ProfileOptions>?)null);

        Assert.Equal(["document-signing", "organization", "person", "tls-client", "tls-server"], catalog.All.Select(p => p.Name));
        Assert.Equal(200, catalog.Find("tls-server")!.MaxValidityDays);
    }

    [Fact]
    public void Catalog_WithOverride_ReplacesOnlyTheSetFields()
    {
        var catalog = new ProfileCatalog(new Dictionary<string, ProfileOptions>
        {
            ["organization"] = new() { RequiresApproval = false, AllowedKeyAlgorithms = ["ECDSA-P384"] },
        });

        var organization = catalog.Find("organization")!;
        Assert.False(organization.RequiresApproval);
        Assert.Equal([KeyAlgorithm.EcdsaP384], organization.AllowedKeyAlgorithms);
        Assert.Equal(BuiltInProfiles.All["organization"].RequiredSubjectAttributes, organization.RequiredSubjectAttributes);
    }

    [Fact]
    public void Catalog_NewProfileFromConfiguration_IsAvailable()
    {
        var catalog = new ProfileCatalog(new Dictionary<string, ProfileOptions>
        {
            ["code-signing"] = new()
            {
                AllowedKeyAlgorithms = ["RSA-3072"],
                KeyUsages = ["digitalSignature"],
                ExtendedKeyUsages = ["codeSigning"],
                MaxValidityDays = 365,
                AllowedSubjectAttributes = ["CN", "O", "C"],
                RequiredSubjectAttributes = ["CN", "O"],
            },
        });

        Assert.Equal(365, catalog.Find("code-signing")!.DefaultValidityDays);
    }

    [Theory]
    [InlineData("DefaultValidityDays")]
    [InlineData("KeyUsage")]
    [InlineData("Eku")]
    [InlineData("Attribute")]
    public void Catalog_ProfileThatCouldNeverIssue_FailsAtStart(string fault)
    {
        var options = fault switch
        {
            "DefaultValidityDays" => new ProfileOptions { DefaultValidityDays = 500 },
            "KeyUsage" => new ProfileOptions { KeyUsages = ["teleportation"] },
            "Eku" => new ProfileOptions { ExtendedKeyUsages = ["mindReading"] },
            _ => new ProfileOptions { AllowedSubjectAttributes = ["CN", "favouriteColour"] },
        };

        var error = Assert.Throws<InvalidOperationException>(() => new ProfileCatalog(new Dictionary<string, ProfileOptions> { ["tls-server"] = options }));

        Assert.Contains("tls-server", error.Message);
    }
}
