using System.Text;
using System.Xml.Linq;
using Ca.Core.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Ca.Api.Portal.KeyRing;

/// <summary>
/// The other half of <see cref="KekXmlEncryptor"/>. Data protection creates decryptors by type from
/// the key file, passing the service provider, so this one finds the KEK there.
/// </summary>
internal sealed class KekXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<IKeyProtector>();
        var plaintext = protector.Unprotect(Convert.FromBase64String(encryptedElement.Value.Trim()), KekXmlEncryptor.Owner);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
