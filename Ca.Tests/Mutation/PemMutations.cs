using Ca.Core.Common;

namespace Ca.Tests.Mutation;

/// <summary>
/// Damage to the PEM armour rather than the DER inside: wrong or missing labels, broken base64 and padding,
/// odd whitespace, text around the block, a block repeated hundreds of times, a truncated block.
/// </summary>
internal static class PemMutations
{
    private static readonly string[] Labels =
        ["CERTIFICATE", "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "certificate request", "PKCS7", "X509 CRL", "PRIVATE KEY", "", "CERTIFICATE REQUEST-----", "ใบรับรอง"];

    public static string Mutate(string label, byte[] der, Mutagen m, int maxChars)
    {
        var pem = Pem.Encode(label, der);
        switch (m.Next(10))
        {
            case 0:
                var other = m.Pick(Labels);
                m.Note($"pem: label {label} → '{other}'");
                return Pem.Encode(other, der);
            case 1:
                m.Note("pem: no END line");
                return pem[..pem.IndexOf("-----END", StringComparison.Ordinal)];
            case 2:
                var at = m.Next(27, Math.Max(28, pem.Length - 30));
                var junk = m.Pick(["*", "=", "==", "-", "\u0000", "ก", "%", " = ", "\\n"]);
                m.Note($"pem: '{junk}' inserted in the base64 at {at}");
                return pem.Insert(at, junk);
            case 3:
                m.Note("pem: CRLF, tabs and blank lines");
                return pem.Replace("\n", "\r\n\t \r\n", StringComparison.Ordinal);
            case 4:
                m.Note("pem: text before and after the block");
                return "ข้อความนำ: ไม่ใช่ PEM\n" + pem + "\n-----BEGIN NOTHING-----\n";
            case 5:
                var copies = Math.Max(1, Math.Min(m.Pick([2, 30, 300, 3_000]), maxChars / pem.Length));
                m.Note($"pem: block {copies} times");
                return string.Concat(Enumerable.Repeat(pem, copies));
            case 6:
                var cut = m.Next(pem.Length);
                m.Note($"pem: cut at {cut} of {pem.Length}");
                return pem[..cut];
            case 7:
                m.Note("pem: base64 on one line, no padding");
                return $"-----BEGIN {label}-----{Convert.ToBase64String(der).TrimEnd('=')}-----END {label}-----";
            case 8:
                m.Note("pem: empty block");
                return $"-----BEGIN {label}-----\n-----END {label}-----\n";
            default:
                m.Note("pem: base64url alphabet");
                return pem.Replace('+', '-').Replace('/', '_');
        }
    }
}
