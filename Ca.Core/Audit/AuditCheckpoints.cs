using System.Globalization;
using System.Text;
using System.Text.Json;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Audit;

/// <summary>
/// Signed checkpoints of the audit chain: periodically the head (sequence and hash) is signed with an
/// issuing CA key and appended as a record. A chain rebuilt wholesale by someone with database access
/// (every hash recomputed) still fails, because they cannot forge the CA's signature over the old head.
/// </summary>
public sealed class AuditCheckpoints
{
    private readonly IAuditLog log;
    private readonly AuthorityRegistry authorities;
    private readonly HierarchyOptions hierarchy;
    private readonly TimeProvider clock;

    /// <summary>Creates the checkpoint writer/verifier.</summary>
    public AuditCheckpoints(IAuditLog log, AuthorityRegistry authorities, IOptions<HierarchyOptions> hierarchy, TimeProvider clock)
    {
        this.log = log;
        this.authorities = authorities;
        this.hierarchy = hierarchy.Value;
        this.clock = clock;
    }

    /// <summary>Signs the current head and appends the checkpoint; returns false when the log is empty.</summary>
    public async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var head = await log.HeadAsync(cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return false;
        }

        var authority = await authorities.FindAsync(hierarchy.DefaultIssuingCaId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Default issuing CA '{hierarchy.DefaultIssuingCaId}' not found.");
        var calculator = authority.Key.SignatureFactory.CreateCalculator();
        var payload = Payload(head.Sequence, head.Hash);
        calculator.Stream.Write(payload);
        var signature = calculator.GetResult().Collect();
        var details = JsonSerializer.Serialize(new CheckpointDetails(head.Sequence, head.Hash, authority.Id, Convert.ToBase64String(signature)));
        await log.AppendAsync([new AuditEvent(AuditActions.AuditCheckpoint, head.Sequence.ToString(CultureInfo.InvariantCulture), "system:audit-checkpoint", "success", clock.GetUtcNow(), null, details)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Checks a checkpoint record against the records it vouches for: the signature verifies with the
    /// CA certificate and the signed hash is the hash actually stored at that sequence.
    /// </summary>
    public async Task<bool> VerifyAsync(AuditRecord checkpoint, IReadOnlyDictionary<long, string> hashesBySequence, CancellationToken cancellationToken)
    {
        try
        {
            var details = JsonSerializer.Deserialize<CheckpointDetails>(checkpoint.Event.Details ?? string.Empty);
            if (details is null || !hashesBySequence.TryGetValue(details.Sequence, out var stored) || stored != details.Hash)
            {
                return false;
            }

            var authority = await authorities.FindAsync(details.CaId, cancellationToken).ConfigureAwait(false);
            if (authority is null)
            {
                return false;
            }

            var verifier = new NativeVerifierFactoryProvider(authority.Certificate.CertificateStructure.SubjectPublicKeyInfo)
                .CreateVerifierFactory(AlgorithmIdentifier.GetInstance(authority.Key.SignatureFactory.AlgorithmDetails)).CreateCalculator();
            verifier.Stream.Write(Payload(details.Sequence, details.Hash));
            return verifier.GetResult().IsVerified(Convert.FromBase64String(details.Signature));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static byte[] Payload(long sequence, string hash) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"pkiservice-audit-checkpoint|{sequence}|{hash}"));

    private sealed record CheckpointDetails(long Sequence, string Hash, string CaId, string Signature);
}
