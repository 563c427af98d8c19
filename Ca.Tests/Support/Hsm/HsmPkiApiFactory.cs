namespace Ca.Tests.Support.Hsm;

/// <summary>
/// The real service in process with its keys on a SoftHSM2 token (<c>Pki:Keys:Provider=Pkcs11</c>),
/// through its own copy of the module. Construct it only inside the <see cref="SoftHsmCollection"/>.
/// </summary>
public class HsmPkiApiFactory : PkiApiFactory
{
    public HsmPkiApiFactory(SoftHsm hsm, string token, IDictionary<string, string?>? settings = null, string? dataDirectory = null)
        : base(Settings(hsm, token, settings), dataDirectory)
    {
        hsm.UseInThisProcess();
        Hsm = hsm;
        Token = token;
    }

    public SoftHsm Hsm { get; }

    public string Token { get; }

    private static Dictionary<string, string?> Settings(SoftHsm hsm, string token, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pki:Keys:Provider"] = "Pkcs11",
            ["Pki:Keys:Pkcs11:ModulePath"] = hsm.NewModuleCopy(),
            ["Pki:Keys:Pkcs11:TokenLabel"] = token,
            ["Pki:Keys:Pkcs11:PinFile"] = hsm.PinFile,
            ["Pki:Keys:Pkcs11:ReconnectInterval"] = "00:00:00.200",
            ["Pki:Profiles:person:RequiresApproval"] = "false",
            ["Pki:Profiles:organization:RequiresApproval"] = "false",
            ["Pki:Profiles:document-signing:RequiresApproval"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
