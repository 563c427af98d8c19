using Ca.Tests.Support;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Conformance.Rfc5280;

/// <summary>
/// The co-judge: <c>openssl verify -x509_strict</c> on the same files, at the same time, with
/// <c>-crl_check_all</c> when the case carries CRLs. Purpose is left unset, as Ca.Core's default is no EKU requirement.
/// </summary>
internal static class OpenSslVerifier
{
    public static (bool Valid, string Output) Verify(ConformanceChain chain)
    {
        using var openssl = new OpenSslCli();
        var anchors = openssl.Write("anchors.pem", string.Concat(chain.Anchors.Select(a => a.Pem)));
        var target = openssl.Write("target.pem", chain.Target.Pem);
        var arguments = new List<string>
        {
            "verify", "-x509_strict", "-attime", chain.Time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-CAfile", anchors,
        };
        if (chain.Intermediates.Count > 0)
        {
            arguments.AddRange(["-untrusted", openssl.Write("untrusted.pem", string.Concat(chain.Intermediates.Select(i => i.Pem)))]);
        }

        if (chain.Crls.Count > 0)
        {
            var crls = string.Concat(chain.Crls.Select(c => Ca.Core.Common.Pem.Encode("X509 CRL", c.GetEncoded())));
            arguments.AddRange(["-crl_check_all", "-CRLfile", openssl.Write("crls.pem", crls)]);
        }

        arguments.Add(target);
        var result = openssl.Run([.. arguments]);
        return (result.ExitCode == 0 && result.StandardOutput.Contains(": OK", StringComparison.Ordinal), result.Output.Trim());
    }
}
