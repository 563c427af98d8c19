using System.Text;
using System.Xml.Linq;
using Ca.Core.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Ca.Api.Portal.KeyRing;

/// <summary>
/// Encrypts the secret parts of the portal's data-protection keys (the keys behind session cookies,
/// antiforgery tokens and password-reset links) with the same key protection that wraps CA keys:
/// AES-256-GCM under the KEK. A copied key-ring folder or database table is then useless without the
/// KEK, and every instance holding the KEK can read a shared ring.
/// </summary>
internal sealed class KekXmlEncryptor(IKeyProtector protector) : IXmlEncryptor
{
    /// <summary>Bound into the ciphertext, so a key-ring blob cannot be passed off as any other wrapped secret.</summary>
    internal const string Owner = "portal-data-protection";

    internal static readonly XName EncryptedElement = "kekEncrypted";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(EncryptedElement,
            new XComment(" The data-protection key, AES-256-GCM under Pki:KeyEncryptionKey. "),
            Convert.ToBase64String(protector.Protect(plaintext, Owner)));
        return new EncryptedXmlInfo(element, typeof(KekXmlDecryptor));
    }
}
