using Ca.Core.Audit;
using Ca.Core.Issuance;
using Ca.Core.Profiles;

namespace Ca.Tests.Storage;

/// <summary>An issued request and its certificate as the stores receive them, for tests that exercise storage alone.</summary>
internal static class StoredSamples
{
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 10, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);

    public static (CertificateRequestRecord, IssuedCertificateRecord) Issued(string serial)
    {
        var request = new CertificateRequestRecord
        {
            Id = Guid.NewGuid(),
            Profile = "tls-server",
            CaId = "issuing-ca",
            Status = RequestStatus.Issued,
            Requester = "acc_test",
            Subject = [new SubjectAttribute("CN", "ร้าน.example.co.th")],
            Sans = [new SubjectAltName(SanType.Dns, "xn--12c1fe0br.example.co.th")],
            ValidityDays = 90,
            SubmittedAt = Now,
            DecidedAt = Now,
            DecidedBy = "system:auto-approval",
            CertificateSerial = serial,
        };
        var certificate = new IssuedCertificateRecord
        {
            IssuerId = "issuing-ca",
            SerialNumber = serial,
            Subject = "CN=ร้าน.example.co.th",
            Sans = ["xn--12c1fe0br.example.co.th"],
            Profile = "tls-server",
            NotBefore = Now.AddMinutes(-1),
            NotAfter = Now.AddDays(90),
            Der = [0x30, 0x03, 0x02, 0x01, 0x01],
            Status = CertificateStatus.Valid,
            RequestId = request.Id,
            Owner = "acc_test",
            IssuedAt = Now,
        };
        return (request, certificate);
    }

    public static AuditEvent Audit(string serial) => new(AuditActions.CertificateIssued, serial, "acc_test", "success", Now, "trace-1", "{}");
}
