using System.Text.Json;
using System.Text.Json.Serialization;
using Ca.Core.Issuance;
using Ca.Storage.Entities;

namespace Ca.Storage.Stores;

internal static class IssuanceMapping
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static CertificateRequestEntity ToEntity(CertificateRequestRecord r) => new()
    {
        Id = r.Id,
        Profile = r.Profile,
        CaId = r.CaId,
        Status = r.Status.ToString(),
        Requester = r.Requester,
        SubmittedBy = r.SubmittedBy,
        CsrDer = r.CsrDer,
        SubjectJson = JsonSerializer.Serialize(r.Subject, Json),
        SansJson = JsonSerializer.Serialize(r.Sans, Json),
        ValidityDays = r.ValidityDays,
        KeyAlgorithm = r.KeyAlgorithm,
        SubmittedAt = r.SubmittedAt.UtcDateTime,
        DecidedAt = r.DecidedAt?.UtcDateTime,
        DecidedBy = r.DecidedBy,
        DecisionReason = r.DecisionReason,
        CertificateSerial = r.CertificateSerial,
    };

    public static void CopyDecision(CertificateRequestRecord from, CertificateRequestEntity to)
    {
        to.Status = from.Status.ToString();
        to.DecidedAt = from.DecidedAt?.UtcDateTime;
        to.DecidedBy = from.DecidedBy;
        to.DecisionReason = from.DecisionReason;
        to.CertificateSerial = from.CertificateSerial;
    }

    public static CertificateRequestRecord ToRecord(CertificateRequestEntity e) => new()
    {
        Id = e.Id,
        Profile = e.Profile,
        CaId = e.CaId,
        Status = Enum.Parse<RequestStatus>(e.Status),
        Requester = e.Requester,
        SubmittedBy = e.SubmittedBy,
        CsrDer = e.CsrDer,
        Subject = JsonSerializer.Deserialize<List<SubjectAttribute>>(e.SubjectJson, Json) ?? [],
        Sans = JsonSerializer.Deserialize<List<SubjectAltName>>(e.SansJson, Json) ?? [],
        ValidityDays = e.ValidityDays,
        KeyAlgorithm = e.KeyAlgorithm,
        SubmittedAt = StoredTime.Utc(e.SubmittedAt),
        DecidedAt = e.DecidedAt is { } d ? StoredTime.Utc(d) : null,
        DecidedBy = e.DecidedBy,
        DecisionReason = e.DecisionReason,
        CertificateSerial = e.CertificateSerial,
    };

    public static CertificateEntity ToEntity(IssuedCertificateRecord c) => new()
    {
        IssuerId = c.IssuerId,
        SerialNumber = c.SerialNumber,
        Subject = c.Subject,
        Sans = string.Join('\n', c.Sans),
        Profile = c.Profile,
        NotBefore = c.NotBefore.UtcDateTime,
        NotAfter = c.NotAfter.UtcDateTime,
        Der = c.Der,
        Status = c.Status.ToString(),
        RequestId = c.RequestId,
        Owner = c.Owner,
        IssuedAt = c.IssuedAt.UtcDateTime,
        RevokedAt = c.RevokedAt?.UtcDateTime,
        RevocationReason = c.RevocationReason,
        InvalidityDate = c.InvalidityDate?.UtcDateTime,
    };

    public static IssuedCertificateRecord ToRecord(CertificateEntity e) => new()
    {
        IssuerId = e.IssuerId,
        SerialNumber = e.SerialNumber,
        Subject = e.Subject,
        Sans = e.Sans.Length == 0 ? [] : e.Sans.Split('\n'),
        Profile = e.Profile,
        NotBefore = StoredTime.Utc(e.NotBefore),
        NotAfter = StoredTime.Utc(e.NotAfter),
        Der = e.Der,
        Status = Enum.Parse<CertificateStatus>(e.Status),
        RequestId = e.RequestId,
        Owner = e.Owner,
        IssuedAt = StoredTime.Utc(e.IssuedAt),
        RevokedAt = e.RevokedAt is { } r ? StoredTime.Utc(r) : null,
        RevocationReason = e.RevocationReason,
        InvalidityDate = e.InvalidityDate is { } i ? StoredTime.Utc(i) : null,
    };
}
