using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Microsoft.Data.Sqlite;

namespace BenchTool;

/// <summary>
/// Fixtures for bench/load.sh. Not part of the service and not a test project.
/// <list type="bullet">
/// <item><c>csrs COUNT OUT.jsonl</c>: client-generated P-256 CSRs, one tls-server request body per line.</item>
/// <item><c>seed DB KEK COUNT [REVOKED_PER_MILLE] [CA_ID]</c>: signs COUNT real certificates with the
/// service's own issuing CA (key decrypted with the KEK) and inserts them straight into the SQLite
/// Certificates table (no request rows, no audit records: a benchmark fixture, never production data).</item>
/// <item><c>serials DB COUNT OUT.txt</c>: a random sample of "serial status" lines from the database.</item>
/// <item><c>hsm-issue MODULE TOKEN PIN_FILE [SECONDS]</c>: certificate signing with the CA key in software
/// vs on a PKCS#11 token (<see cref="HsmIssuanceBench"/>; bench/hsm-issue.sh makes the SoftHSM2 token).</item>
/// </list>
/// </summary>
internal static class Program
{
    private const string SqliteDateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static async Task<int> Main(string[] args)
    {
        try
        {
            switch (args.FirstOrDefault())
            {
                case "csrs" when args.Length == 3:
                    MakeCsrs(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
                    return 0;
                case "seed" when args.Length >= 4:
                    await SeedAsync(
                        args[1],
                        args[2],
                        int.Parse(args[3], CultureInfo.InvariantCulture),
                        args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100,
                        args.Length > 5 ? args[5] : "issuing-ca").ConfigureAwait(false);
                    return 0;
                case "crl" when args.Length == 2:
                    BuildCrl(int.Parse(args[1], CultureInfo.InvariantCulture));
                    return 0;
                case "serials" when args.Length == 4:
                    SampleSerials(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
                    return 0;
                case "ocsp-requests" when args.Length == 4:
                    MakeOcspRequests(args[1], args[2], args[3]);
                    return 0;
                case "hsm-issue" when args.Length is 4 or 5:
                    await HsmIssuanceBench.RunAsync(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5).ConfigureAwait(false);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync("usage: BenchTool csrs COUNT OUT.jsonl | crl ENTRIES | seed DB KEK_BASE64 COUNT [REVOKED_PER_MILLE] [CA_ID] | serials DB COUNT OUT.txt | ocsp-requests ISSUER.der SERIALS.txt OUT.txt | hsm-issue PKCS11_MODULE TOKEN_LABEL PIN_FILE [SECONDS]").ConfigureAwait(false);
                    return 2;
            }
        }
        catch (Exception e) when (e is IOException or SqliteException or InvalidOperationException or FormatException or CryptographicException or KeyUnavailableException)
        {
            await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>P-256 CSRs made the way a client would (its own key, CN repeated as a DNS SAN).</summary>
    private static void MakeCsrs(int count, string path)
    {
        var lines = new string[count];
        Parallel.For(0, count, i =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var host = $"host-{i}.bench.example.co.th";
            var request = new CertificateRequest($"CN={host}, O=Bench, L=Bangkok, C=TH", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(host);
            request.CertificateExtensions.Add(san.Build());
            lines[i] = JsonSerializer.Serialize(new Dictionary<string, string> { ["profile"] = "tls-server", ["csr"] = request.CreateSigningRequestPem() });
        });
        File.WriteAllLines(path, lines);
        Console.WriteLine($"wrote {count} CSR request bodies to {path}");
    }

    private static async Task SeedAsync(string database, string kek, int count, int revokedPerMille, string caId)
    {
        var stopwatch = Stopwatch.StartNew();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");

        var record = LoadAuthority(connection, caId);
        var registry = new AuthorityRegistry(new SingleAuthorityStore(record), AesGcmKeyProtector.FromBase64(kek));
        var issuer = await registry.FindAsync(caId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"CA {caId} not found.");
        var profile = BuiltInProfiles.All["tls-server"];
        var urls = new PublicUrls("http://127.0.0.1:5080");
        using var subscriber = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(subscriber.ExportSubjectPublicKeyInfo());
        var now = DateTimeOffset.UtcNow;
        var notBefore = now.AddMinutes(-5);
        var notAfter = now.AddDays(90);

        // Producers sign on every core; one consumer inserts in large transactions.
        var rows = Channel.CreateBounded<Row>(new BoundedChannelOptions(20_000) { SingleReader = true });
        var next = -1;
        var producers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var host = $"seed-{i}.bench.example.co.th";
                var subjectAttributes = SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = host, ["O"] = "Bench", ["L"] = "Bangkok", ["C"] = "TH" });
                var sans = new[] { SubjectAltNames.Parse(host, "sans") };
                var serial = SerialNumber.NewRandom();
                var certificate = LeafCertificateBuilder.Build(
                    new LeafCertificateBuilder.Template(issuer, profile, SubjectNames.Encode(subjectAttributes), publicKey, KeyAlgorithm.EcdsaP256, sans, serial, notBefore, notAfter),
                    urls);
                var revoked = revokedPerMille > 0 && i % 1000 < revokedPerMille;
                await rows.Writer.WriteAsync(new Row(serial.Hex, SubjectNames.Display(subjectAttributes), host, certificate.GetEncoded(), revoked)).ConfigureAwait(false);
            }
        })).ToArray();
        var closer = Task.WhenAll(producers).ContinueWith(t => rows.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        var inserted = 0;
        var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Certificates (IssuerId, SerialNumber, Subject, Sans, Profile, NotBefore, NotAfter, Der, Status, RequestId, Owner, IssuedAt, RevokedAt, RevocationReason, InvalidityDate)
            VALUES ($issuer, $serial, $subject, $sans, 'tls-server', $nb, $na, $der, $status, NULL, 'bench:seed', $issued, $revokedAt, $reason, NULL)
            """;
        var pIssuer = insert.Parameters.Add("$issuer", SqliteType.Text);
        var pSerial = insert.Parameters.Add("$serial", SqliteType.Text);
        var pSubject = insert.Parameters.Add("$subject", SqliteType.Text);
        var pSans = insert.Parameters.Add("$sans", SqliteType.Text);
        var pNb = insert.Parameters.Add("$nb", SqliteType.Text);
        var pNa = insert.Parameters.Add("$na", SqliteType.Text);
        var pDer = insert.Parameters.Add("$der", SqliteType.Blob);
        var pStatus = insert.Parameters.Add("$status", SqliteType.Text);
        var pIssued = insert.Parameters.Add("$issued", SqliteType.Text);
        var pRevokedAt = insert.Parameters.Add("$revokedAt", SqliteType.Text);
        var pReason = insert.Parameters.Add("$reason", SqliteType.Integer);
        insert.Transaction = transaction;
        insert.Prepare();
        pIssuer.Value = caId;
        pNb.Value = notBefore.UtcDateTime.ToString(SqliteDateFormat, CultureInfo.InvariantCulture);
        pNa.Value = notAfter.UtcDateTime.ToString(SqliteDateFormat, CultureInfo.InvariantCulture);
        pIssued.Value = now.UtcDateTime.ToString(SqliteDateFormat, CultureInfo.InvariantCulture);
        var revokedAt = now.UtcDateTime.ToString(SqliteDateFormat, CultureInfo.InvariantCulture);

        await foreach (var row in rows.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            pSerial.Value = row.Serial;
            pSubject.Value = row.Subject;
            pSans.Value = row.Sans;
            pDer.Value = row.Der;
            pStatus.Value = row.Revoked ? nameof(CertificateStatus.Revoked) : nameof(CertificateStatus.Valid);
            pRevokedAt.Value = row.Revoked ? revokedAt : DBNull.Value;
            pReason.Value = row.Revoked ? 1 : DBNull.Value; // keyCompromise
            insert.ExecuteNonQuery();
            if (++inserted % 50_000 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                Console.WriteLine($"  {inserted:N0} rows, {stopwatch.Elapsed.TotalSeconds:F0} s");
            }
        }

        transaction.Commit();
        transaction.Dispose();
        await closer.ConfigureAwait(false);
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"seeded {inserted:N0} signed certificates ({revokedPerMille}/1000 revoked) into {database} in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Builds one full CRL of ENTRIES revoked serials with a fresh P-256 CA and prints its build time,
    /// size and the process's peak resident memory (VmHWM), for the 1M-entry target (&lt; 10 s, &lt; 1 GB).
    /// Entry records are made first (as the revocation store would hand them over); the peak includes them.
    /// </summary>
    private static void BuildCrl(int count)
    {
        var protector = new AesGcmKeyProtector(RandomNumberGenerator.GetBytes(32));
        using var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var now = DateTimeOffset.UtcNow;
        var certificate = AuthorityCertificateBuilder.BuildRoot(new Org.BouncyCastle.Asn1.X509.X509Name("C=TH, O=Bench, CN=Bench CRL CA"), key, now.AddMinutes(-5), now.AddYears(1));
        var record = new AuthorityRecord("crl-ca", "crl-ca", null, certificate.GetEncoded(), protector.Protect(key.ExportPkcs8(), "crl-ca"), key.Algorithm, AuthorityStatus.Active, now);
        var authority = new AuthorityRegistry(new SingleAuthorityStore(record), protector).FindAsync("crl-ca", CancellationToken.None).GetAwaiter().GetResult()!;
        var entries = new Ca.Core.Revocation.CrlEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = i % 10 == 0
                ? new Ca.Core.Revocation.CrlEntry(SerialNumber.NewRandom(), now.AddSeconds(-i), Ca.Core.Revocation.RevocationReason.KeyCompromise, now.AddDays(-1))
                : new Ca.Core.Revocation.CrlEntry(SerialNumber.NewRandom(), now.AddSeconds(-i), Ca.Core.Revocation.RevocationReason.Unspecified);
        }

        var before = PeakResidentMegabytes();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var stopwatch = Stopwatch.StartNew();
        var der = Ca.Core.Revocation.CrlBuilder.Build(authority, new Ca.Core.Revocation.CrlRequest(1, now, now.AddDays(7), entries));
        stopwatch.Stop();
        Console.WriteLine($"crl entries={count} seconds={stopwatch.Elapsed.TotalSeconds:F2} bytes={der.Length} peak_rss_mb_before_build={before} peak_rss_mb={PeakResidentMegabytes()} gc_allocated_mb={GC.GetTotalAllocatedBytes() / (1024 * 1024)} build_allocated_mb={(GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024)}");
    }

    private static long PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// One OCSP request (SHA-1 CertID, no nonce: the cacheable RFC 5019 form) per sampled serial, as
    /// "URL-escaped-base64 hex-DER status" lines for the GET and POST forms of bench/wrk/ocsp.lua.
    /// </summary>
    private static void MakeOcspRequests(string issuerDerPath, string serialsPath, string path)
    {
        var issuer = new Org.BouncyCastle.X509.X509Certificate(File.ReadAllBytes(issuerDerPath));
        var text = new StringBuilder();
        foreach (var line in File.ReadLines(serialsPath).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ');
            var id = new Org.BouncyCastle.Ocsp.CertificateID(Org.BouncyCastle.Ocsp.CertificateID.DigestSha1, issuer, new Org.BouncyCastle.Math.BigInteger(parts[0], 16));
            var generator = new Org.BouncyCastle.Ocsp.OcspReqGenerator();
            generator.AddRequest(id);
            var der = generator.Generate().GetEncoded();
            text.Append(Uri.EscapeDataString(Convert.ToBase64String(der))).Append(' ').Append(Convert.ToHexString(der)).Append(' ').Append(parts.Length > 1 ? parts[1] : "?").Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A random sample of serials (with their status) for lookup and OCSP load.</summary>
    private static void SampleSerials(string database, int count, string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT SerialNumber, Status FROM Certificates WHERE Id IN (SELECT Id FROM Certificates ORDER BY random() LIMIT $n)";
        command.Parameters.AddWithValue("$n", count);
        var text = new StringBuilder();
        var lines = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                text.Append(reader.GetString(0)).Append(' ').Append(reader.GetString(1)).Append('\n');
                lines++;
            }
        }

        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"wrote {lines} serials to {path}");
    }

    private static AuthorityRecord LoadAuthority(SqliteConnection connection, string caId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Name, ParentId, CertificateDer, ProtectedKey, KeyAlgorithm, Status, CreatedAt FROM Authorities WHERE Id = $id";
        command.Parameters.AddWithValue("$id", caId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"No CA '{caId}' in the database; start the service once first.");
        }

        return new AuthorityRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            (byte[])reader[3],
            (byte[])reader[4],
            KeyAlgorithmNames.Parse(reader.GetString(5)),
            Enum.Parse<AuthorityStatus>(reader.GetString(6)),
            DateTimeOffset.UtcNow);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Row(string Serial, string Subject, string Sans, byte[] Der, bool Revoked);

    internal sealed class SingleAuthorityStore(AuthorityRecord record) : IAuthorityStore
    {
        public Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AuthorityRecord>>([record]);

        public Task<AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(id == record.Id ? record : null);

        public Task AddAsync(AuthorityRecord authority, Ca.Core.Audit.AuditEvent audit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RevokeAsync(string id, int reason, DateTimeOffset at, Ca.Core.Audit.AuditEvent audit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
