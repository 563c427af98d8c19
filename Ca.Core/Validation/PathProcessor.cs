using System.Globalization;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// One run of RFC 5280 6.1.2-6.1.5 over a single path. Holds the working state variables, so an instance must
/// not be reused.
/// </summary>
internal sealed class PathProcessor
{
    /// <summary>The index failures of the trust anchor's own certificate are reported at.</summary>
    public const int AnchorIndex = -1;

    private readonly ValidationTrustAnchor _anchor;
    private readonly IReadOnlyList<X509Certificate> _chain;
    private readonly PathValidationSettings _settings;
    private readonly DateTime _time;
    private readonly int _n;

    private readonly PolicyTree _policyTree = new();
    private readonly NameConstraintsState _nameConstraints = new();
    private readonly List<AsymmetricKeyParameter> _issuerKeys = [];
    private int _explicitPolicy;
    private int _inhibitAnyPolicy;
    private int _policyMapping;
    private int _maxPathLength;
    private AsymmetricKeyParameter _workingKey;
    private X509Name _workingIssuerName;

    public PathProcessor(ValidationTrustAnchor anchor, IReadOnlyList<X509Certificate> chain, PathValidationSettings settings)
    {
        _anchor = anchor;
        _chain = chain;
        _settings = settings;
        // Certificate times have whole seconds (RFC 5280 4.1.2.5); the validation time is floored to a whole second so
        // that a certificate is valid through the whole second its notAfter names, and not in the second before notBefore.
        var time = settings.ValidationTime.UtcDateTime;
        _time = time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
        _n = chain.Count;

        // 6.1.2 initialization.
        _explicitPolicy = settings.InitialExplicitPolicy ? 0 : _n + 1;
        _inhibitAnyPolicy = settings.InitialAnyPolicyInhibit ? 0 : _n + 1;
        _policyMapping = settings.InitialPolicyMappingInhibit ? 0 : _n + 1;
        _maxPathLength = settings.MaxPathLength is { } max ? Math.Min(max, _n) : _n;
        _workingKey = anchor.PublicKey;
        _workingIssuerName = anchor.Subject;
    }

    public PathProcessingOutcome Run()
    {
        if (ProcessAnchor() is { } anchorFailure)
        {
            return new PathProcessingOutcome(anchorFailure, _issuerKeys);
        }

        for (var index = 0; index < _n; index++)
        {
            var cert = _chain[index];
            var isLast = index == _n - 1;
            var failure = ProcessCertificate(index, cert, isLast)
                ?? (isLast ? WrapUp(index, cert) : PrepareNext(index, cert));
            if (failure is not null)
            {
                return new PathProcessingOutcome(failure, _issuerKeys);
            }
        }

        var authorityPolicies = _policyTree.PoliciesAt(_n);
        _policyTree.Intersect(_n, _settings.InitialPolicySet);
        if (_explicitPolicy <= 0 && _policyTree.IsNull)
        {
            return new PathProcessingOutcome(
                PathValidationResult.Fail(PathValidationFailure.PolicyViolation, _n - 1, "no policy in the initial policy set is valid for the path and an explicit policy is required"),
                _issuerKeys);
        }

        var result = new PathValidationResult
        {
            Failure = PathValidationFailure.None,
            AuthorityConstrainedPolicies = authorityPolicies,
            UserConstrainedPolicies = _policyTree.PoliciesAt(_n),
            WorkingPublicKey = _workingKey,
        };
        return new PathProcessingOutcome(result, _issuerKeys);
    }

    /// <summary>
    /// The trust anchor's own certificate, when the anchor is one: RFC 5280 6.2 lets a relying party use the
    /// constraints of the anchor's certificate as path inputs, and like Go, rustls-webpki and BoringSSL we do. The
    /// anchor must be valid at the validation time, a well-formed CA certificate (critical basicConstraints cA,
    /// keyCertSign when keyUsage is present, no unknown critical extension), and its nameConstraints and
    /// pathLenConstraint bind the whole path. Failures are reported at index -1.
    /// </summary>
    private PathValidationResult? ProcessAnchor()
    {
        if (_anchor.Certificate is not { } root)
        {
            return null;
        }

        if (CheckValidity(AnchorIndex, root) is { } validity)
        {
            return validity with { Message = $"trust anchor: {validity.Message}" };
        }
        if (CertificateFacts.UnprocessedCriticalExtensions(root).FirstOrDefault() is { } oid)
        {
            return Fail(PathValidationFailure.UnknownCriticalExtension, AnchorIndex, $"trust anchor has unrecognised critical extension {oid}");
        }

        var basicConstraints = CertificateFacts.GetBasicConstraints(root);
        if (basicConstraints is null || !basicConstraints.IsCA())
        {
            return Fail(PathValidationFailure.BasicConstraintsViolation, AnchorIndex, "trust anchor certificate is not a CA: basicConstraints cA is not set (RFC 5280 4.2.1.9)");
        }
        if (!CertificateFacts.AllowsCertSign(root))
        {
            return Fail(PathValidationFailure.KeyUsageViolation, AnchorIndex, "trust anchor certificate is a CA whose keyUsage lacks keyCertSign (RFC 5280 4.2.1.3)");
        }
        if (CertificateProfileRules.FirstViolation(root, usedAsIssuer: true, _settings.RequireCriticalConstraints) is { } profile)
        {
            return Fail(PathValidationFailure.ProfileViolation, AnchorIndex, $"trust anchor: {profile}");
        }

        if (CertificateFacts.GetNameConstraints(root) is { } nameConstraints && _nameConstraints.Add(nameConstraints) is { } malformed)
        {
            return Fail(PathValidationFailure.NameConstraintsViolation, AnchorIndex, $"trust anchor: {malformed}");
        }
        if (basicConstraints.PathLenConstraint is { } pathLen)
        {
            _maxPathLength = Math.Min(_maxPathLength, pathLen.IntValueExact);
        }
        return null;
    }

    /// <summary>RFC 5280 6.1.3 (a)(2): the validity period includes notBefore and notAfter.</summary>
    private PathValidationResult? CheckValidity(int index, X509Certificate cert)
    {
        if (_time < cert.NotBefore.ToUniversalTime())
        {
            return Fail(PathValidationFailure.NotYetValid, index, string.Create(CultureInfo.InvariantCulture, $"not valid before {cert.NotBefore:O}"));
        }
        if (_time > cert.NotAfter.ToUniversalTime())
        {
            return Fail(PathValidationFailure.Expired, index, string.Create(CultureInfo.InvariantCulture, $"expired on {cert.NotAfter:O}"));
        }
        return null;
    }

    /// <summary>6.1.3: checks every certificate (signature, validity, chaining, names, policies).</summary>
    private PathValidationResult? ProcessCertificate(int index, X509Certificate cert, bool isLast)
    {
        _issuerKeys.Add(_workingKey);

        if (!cert.IssuerDN.Equivalent(_workingIssuerName, true))
        {
            return Fail(PathValidationFailure.NameChainingFailed, index, $"issuer '{cert.IssuerDN}' does not match the previous subject '{_workingIssuerName}'");
        }

        var (signatureFailure, signatureMessage) = SignatureChecks.Verify(cert, _workingKey);
        if (signatureFailure != PathValidationFailure.None)
        {
            return Fail(signatureFailure, index, signatureMessage!);
        }

        if (CheckValidity(index, cert) is { } validity)
        {
            return validity;
        }
        if (CertificateProfileRules.FirstViolation(cert, usedAsIssuer: !isLast, _settings.RequireCriticalConstraints) is { } profile)
        {
            return Fail(PathValidationFailure.ProfileViolation, index, profile);
        }

        var selfIssued = CertificateFacts.IsSelfIssued(cert);
        if ((isLast || !selfIssued) && _nameConstraints.Check(cert) is { } violation)
        {
            return Fail(PathValidationFailure.NameConstraintsViolation, index, violation);
        }

        var depth = index + 1;
        if (CertificateFacts.GetPolicies(cert) is { } policies)
        {
            var anyPolicyAllowed = _inhibitAnyPolicy > 0 || (!isLast && selfIssued);
            _policyTree.AddCertificatePolicies(depth, policies, anyPolicyAllowed);
        }
        else
        {
            _policyTree.MakeNull();
        }

        if (_explicitPolicy <= 0 && _policyTree.IsNull)
        {
            return Fail(PathValidationFailure.PolicyViolation, index, "an explicit policy is required but the valid policy tree is empty");
        }
        return null;
    }

    /// <summary>6.1.4: derives the state for the next certificate from an intermediate CA certificate.</summary>
    private PathValidationResult? PrepareNext(int index, X509Certificate cert)
    {
        var depth = index + 1;
        var selfIssued = CertificateFacts.IsSelfIssued(cert);

        if (CertificateFacts.GetPolicyMappings(cert) is { } mappings)
        {
            if (mappings.Any(m => m.IssuerDomain == CertificateFacts.AnyPolicy || m.SubjectDomain == CertificateFacts.AnyPolicy))
            {
                return Fail(PathValidationFailure.PolicyViolation, index, "policy mappings must not map to or from anyPolicy");
            }
            _policyTree.ApplyMappings(depth, mappings, _policyMapping > 0);
        }

        _workingIssuerName = cert.SubjectDN;
        _workingKey = SignatureChecks.InheritParameters(cert.GetPublicKey(), _workingKey);

        if (CertificateFacts.GetNameConstraints(cert) is { } nameConstraints)
        {
            if (_nameConstraints.Add(nameConstraints) is { } malformed)
            {
                return Fail(PathValidationFailure.NameConstraintsViolation, index, malformed);
            }
        }

        if (!selfIssued)
        {
            _explicitPolicy = Math.Max(0, _explicitPolicy - 1);
            _policyMapping = Math.Max(0, _policyMapping - 1);
            _inhibitAnyPolicy = Math.Max(0, _inhibitAnyPolicy - 1);
        }

        var (requireExplicit, inhibitMapping) = CertificateFacts.GetPolicyConstraints(cert);
        if (requireExplicit is { } r)
        {
            _explicitPolicy = Math.Min(_explicitPolicy, r);
        }
        if (inhibitMapping is { } m)
        {
            _policyMapping = Math.Min(_policyMapping, m);
        }
        if (CertificateFacts.GetInhibitAnyPolicy(cert) is { } skip)
        {
            _inhibitAnyPolicy = Math.Min(_inhibitAnyPolicy, skip);
        }

        var basicConstraints = CertificateFacts.GetBasicConstraints(cert);
        if (basicConstraints is null || !basicConstraints.IsCA())
        {
            return Fail(PathValidationFailure.BasicConstraintsViolation, index, "intermediate certificate is not a CA (basicConstraints cA is not set)");
        }

        if (!selfIssued)
        {
            if (_maxPathLength <= 0)
            {
                return Fail(PathValidationFailure.PathLengthExceeded, index, "pathLenConstraint exceeded");
            }
            _maxPathLength--;
        }
        if (basicConstraints.PathLenConstraint is { } pathLen)
        {
            _maxPathLength = Math.Min(_maxPathLength, pathLen.IntValueExact);
        }

        if (!CertificateFacts.AllowsCertSign(cert))
        {
            return Fail(PathValidationFailure.KeyUsageViolation, index, "CA certificate key usage does not include keyCertSign");
        }

        return CheckCriticalExtensions(index, cert);
    }

    /// <summary>6.1.5 (a)-(f) plus the relying party's EKU requirement for the end-entity certificate.</summary>
    private PathValidationResult? WrapUp(int index, X509Certificate cert)
    {
        _explicitPolicy = Math.Max(0, _explicitPolicy - 1);
        if (CertificateFacts.GetPolicyConstraints(cert).RequireExplicitPolicy == 0)
        {
            _explicitPolicy = 0;
        }
        _workingKey = SignatureChecks.InheritParameters(cert.GetPublicKey(), _workingKey);

        if (CheckCriticalExtensions(index, cert) is { } failure)
        {
            return failure;
        }

        var required = _settings.RequiredExtendedKeyUsages;
        if (required is { Count: > 0 })
        {
            var present = CertificateFacts.GetExtendedKeyUsages(cert);
            if (present is null)
            {
                return Fail(PathValidationFailure.ExtendedKeyUsageViolation, index, "end-entity certificate has no extended key usage extension");
            }
            if (!present.Contains(CertificateFacts.AnyExtendedKeyUsage) && required.FirstOrDefault(eku => !present.Contains(eku)) is { } missing)
            {
                return Fail(PathValidationFailure.ExtendedKeyUsageViolation, index, $"end-entity certificate lacks extended key usage {missing}");
            }
        }
        return null;
    }

    private static PathValidationResult? CheckCriticalExtensions(int index, X509Certificate cert) =>
        CertificateFacts.UnprocessedCriticalExtensions(cert).FirstOrDefault() is { } oid
            ? Fail(PathValidationFailure.UnknownCriticalExtension, index, $"unrecognised critical extension {oid}")
            : null;

    private static PathValidationResult Fail(PathValidationFailure failure, int index, string message) =>
        PathValidationResult.Fail(failure, index, message);
}
