using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// permitted_subtrees / excluded_subtrees of RFC 5280 6.1.2 (b)-(c). The subtree algebra (DN, rfc822, DNS, URI,
/// IP) is delegated to BouncyCastle's <see cref="PkixNameConstraintValidator"/>; this type decides what to check,
/// refuses constraints that are not well-formed, and adds what literal comparison misses: a wildcard dNSName
/// ("*.example.com") stands for every name one label below, so it violates an excluded subtree any of those names
/// would fall in ("bar.example.com"), the class of CVE-2025-61727.
/// </summary>
/// <remarks>
/// Checking is names × constraints, and both come from whoever built the chain: 2,048 SANs against 4,096
/// constraints is eight million comparisons. Like Go's crypto/x509 (250,000 comparisons per verification), a path
/// whose comparisons would exceed <see cref="MaxComparisons"/> is refused instead of checked.
/// </remarks>
internal sealed class NameConstraintsState
{
    /// <summary>Most name-against-constraint comparisons one path may need (Go's crypto/x509 bound).</summary>
    public const int MaxComparisons = 250_000;

    private static readonly string OverBudget =
        $"checking the path's names against its name constraints would take more than {MaxComparisons} comparisons";

    private readonly PkixNameConstraintValidator _validator = new();
    private readonly List<string> _excludedDns = [];
    private long _constraints;
    private long _comparisons;

    /// <summary>6.1.4 (g): narrows the permitted and widens the excluded subtrees; returns why the constraints are malformed, or null.</summary>
    public string? Add(NameConstraints constraints)
    {
        var permitted = constraints.PermittedSubtreesValue is { } p ? Asn1Sequence.GetInstance(p.ToAsn1Object()) : null;
        var excluded = constraints.ExcludedSubtreesValue is { } e ? Asn1Sequence.GetInstance(e.ToAsn1Object()) : null;
        if (permitted is null && excluded is null)
        {
            return "nameConstraints has neither permitted nor excluded subtrees (RFC 5280 4.2.1.10)";
        }

        long added = 0;
        foreach (var subtree in Subtrees(permitted).Concat(Subtrees(excluded)))
        {
            if (SubtreeProblem(subtree) is { } problem)
            {
                return problem;
            }
            added++;
        }

        // Merging subtrees compares each new one with those already in force (and with each other).
        _comparisons += added * (_constraints + added);
        _constraints += added;
        if (_comparisons > MaxComparisons)
        {
            return OverBudget;
        }

        if (permitted is not null)
        {
            _validator.IntersectPermittedSubtree(permitted);
        }
        foreach (var subtree in Subtrees(excluded))
        {
            _validator.AddExcludedSubtree(subtree);
            if (subtree.Base.TagNo == GeneralName.DnsName)
            {
                _excludedDns.Add(((IAsn1String)subtree.Base.Name).GetString().TrimStart('.').ToLowerInvariant());
            }
        }
        return null;
    }

    /// <summary>6.1.3 (b)-(c): returns a violation description, or null when all names are acceptable.</summary>
    public string? Check(X509Certificate cert)
    {
        if (_constraints == 0)
        {
            return null;
        }

        var names = 1L + cert.SubjectDN.GetValueList(PkcsObjectIdentifiers.Pkcs9AtEmailAddress).Count + (CertificateFacts.GetSubjectAltNames(cert)?.GetNames().Length ?? 0);
        _comparisons += names * _constraints;
        if (_comparisons > MaxComparisons)
        {
            return OverBudget;
        }

        try
        {
            var subject = Asn1Sequence.GetInstance(cert.SubjectDN.ToAsn1Object());
            if (subject.Count > 0)
            {
                _validator.CheckPermittedDN(subject);
                _validator.CheckExcludedDN(subject);
            }

            // RFC 5280 4.2.1.10: rfc822Name constraints also apply to emailAddress attributes of the subject DN.
            foreach (var email in cert.SubjectDN.GetValueList(PkcsObjectIdentifiers.Pkcs9AtEmailAddress))
            {
                var name = new GeneralName(GeneralName.Rfc822Name, email);
                _validator.CheckPermittedName(name);
                _validator.CheckExcludedName(name);
            }

            foreach (var name in CertificateFacts.GetSubjectAltNames(cert)?.GetNames() ?? [])
            {
                _validator.CheckPermittedName(name);
                _validator.CheckExcludedName(name);
                if (name.TagNo == GeneralName.DnsName && WildcardExcluded(((IAsn1String)name.Name).GetString()) is { } excluded)
                {
                    return $"wildcard dNSName '{((IAsn1String)name.Name).GetString()}' covers the excluded subtree '{excluded}'";
                }
            }
            return null;
        }
        catch (PkixNameConstraintValidatorException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The excluded DNS subtree a wildcard name could match a name of, or null.</summary>
    private string? WildcardExcluded(string name)
    {
        if (!name.StartsWith("*.", StringComparison.Ordinal))
        {
            return null;
        }

        var parent = name[2..].ToLowerInvariant();
        return _excludedDns.FirstOrDefault(e =>
            e.EndsWith("." + parent, StringComparison.Ordinal) && !e[..^(parent.Length + 1)].Contains('.', StringComparison.Ordinal));
    }

    private static IEnumerable<GeneralSubtree> Subtrees(Asn1Sequence? sequence) =>
        sequence is null ? [] : sequence.Cast<Asn1Encodable>().Select(GeneralSubtree.GetInstance);

    /// <summary>Why a subtree is not well-formed (RFC 5280 4.2.1.10), or null.</summary>
    private static string? SubtreeProblem(GeneralSubtree subtree)
    {
        var name = subtree.Base;
        switch (name.TagNo)
        {
            case GeneralName.DnsName:
                var dns = ((IAsn1String)name.Name).GetString();
                return dns.Length > 0 && CertificateProfileRules.DnsNameProblem(dns, allowWildcard: false) is { } problem
                    ? $"nameConstraints dNSName '{dns}' {problem} (RFC 5280 4.2.1.10)"
                    : null;
            case GeneralName.IPAddress:
                var octets = Asn1OctetString.GetInstance(name.Name).GetOctets();
                return octets.Length is 8 or 32 && IsContiguousMask(octets.AsSpan(octets.Length / 2))
                    ? null
                    : "nameConstraints iPAddress is not an address and a contiguous mask of 8 or 32 octets (RFC 5280 4.2.1.10)";
            case GeneralName.Rfc822Name:
                var mail = ((IAsn1String)name.Name).GetString();
                return mail.Count(c => c == '@') > 1 || mail.Length == 0 || mail.EndsWith('@')
                    ? $"nameConstraints rfc822Name '{mail}' is not a mailbox, host or domain (RFC 5280 4.2.1.10)"
                    : null;
            default:
                return null;
        }
    }

    private static bool IsContiguousMask(ReadOnlySpan<byte> mask)
    {
        var seenZero = false;
        foreach (var b in mask)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var one = (b >> bit & 1) == 1;
                if (one && seenZero)
                {
                    return false;
                }
                seenZero |= !one;
            }
        }
        return true;
    }
}
