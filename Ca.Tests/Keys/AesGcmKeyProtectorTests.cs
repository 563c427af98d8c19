using System.Security.Cryptography;
using Ca.Core.Keys;

namespace Ca.Tests.Keys;

public sealed class AesGcmKeyProtectorTests
{
    private static readonly byte[] Kek = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Protect_ThenUnprotectForSameOwner_ReturnsThePlaintext()
    {
        var protector = new AesGcmKeyProtector(Kek);
        var secret = RandomNumberGenerator.GetBytes(121);

        var sealedKey = protector.Protect(secret, "issuing-ca");

        Assert.Equal(secret, protector.Unprotect(sealedKey, "issuing-ca"));
        Assert.DoesNotContain(secret[..16].ToArray(), SlidingWindows(sealedKey, 16));
    }

    [Fact]
    public void Unprotect_ForAnotherOwner_Fails()
    {
        var protector = new AesGcmKeyProtector(Kek);
        var sealedKey = protector.Protect([1, 2, 3], "issuing-ca");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedKey, "root-ca"));
    }

    [Fact]
    public void Unprotect_WithOneBitFlipped_Fails()
    {
        var protector = new AesGcmKeyProtector(Kek);
        var sealedKey = protector.Protect([1, 2, 3, 4], "root-ca");
        sealedKey[^1] ^= 0x80;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedKey, "root-ca"));
    }

    [Fact]
    public void Unprotect_UnderAnotherKek_Fails()
    {
        var sealedKey = new AesGcmKeyProtector(Kek).Protect([9, 9, 9], "root-ca");

        Assert.ThrowsAny<CryptographicException>(() => new AesGcmKeyProtector(new byte[32]).Unprotect(sealedKey, "root-ca"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void FromBase64_BadConfiguration_FailsWithAClearMessage(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AesGcmKeyProtector.FromBase64(configured));

        Assert.Contains("Pki:KeyEncryptionKey", error.Message);
    }

    private static IEnumerable<byte[]> SlidingWindows(byte[] data, int size) =>
        Enumerable.Range(0, data.Length - size + 1).Select(i => data.AsSpan(i, size).ToArray());
}
