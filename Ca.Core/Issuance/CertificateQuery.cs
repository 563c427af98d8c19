namespace Ca.Core.Issuance;

/// <summary>Filters and paging for listing certificates.</summary>
public sealed record CertificateQuery
{
    /// <summary>Only this revocation state.</summary>
    public CertificateStatus? Status { get; init; }

    /// <summary>Only certificates already expired at <see cref="AsOf"/> (true) or not yet (false).</summary>
    public bool? Expired { get; init; }

    /// <summary>The instant "expired" is judged at.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Only this profile.</summary>
    public string? Profile { get; init; }

    /// <summary>Subject contains this text (case-insensitive for ASCII).</summary>
    public string? SubjectContains { get; init; }

    /// <summary>Only certificates whose notAfter is before this instant.</summary>
    public DateTimeOffset? ExpiringBefore { get; init; }

    /// <summary>Only this issuing CA.</summary>
    public string? IssuerId { get; init; }

    /// <summary>Only certificates this account owns.</summary>
    public string? Owner { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Page size (1-500).</summary>
    public int PageSize { get; init; } = 50;
}

/// <summary>One page of results.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The page.</param>
/// <param name="Total">Matching items overall.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Page size.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
