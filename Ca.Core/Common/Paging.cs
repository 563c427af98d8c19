namespace Ca.Core.Common;

/// <summary>
/// The paging rules every listing shares: 1-based <c>page</c>, <c>pageSize</c> from 1 to
/// <see cref="MaxPageSize"/>, and a row offset that fits the stores' arithmetic, so <c>?page=2147483647</c>
/// is refused instead of wrapping around to page 1. Failures name the field at fault.
/// </summary>
public static class Paging
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Throws a 400 <see cref="CaException"/> (<c>invalid-paging</c>) naming <c>page</c> or <c>pageSize</c>.</summary>
    public static void Validate(int page, int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw CaException.BadRequest("invalid-paging", $"pageSize must be between 1 and {MaxPageSize}.", "pageSize");
        }

        if (page < 1)
        {
            throw CaException.BadRequest("invalid-paging", "page must be at least 1.", "page");
        }

        if (page > MaxPage(pageSize))
        {
            throw CaException.BadRequest("invalid-paging", $"page must be at most {MaxPage(pageSize)} with pageSize {pageSize}.", "page");
        }
    }

    /// <summary>Rows to skip for a validated page; overflow is an error, never a wrap to page 1.</summary>
    public static int Offset(int page, int pageSize) => checked((page - 1) * pageSize);

    /// <summary>The last page whose offset still fits an <see cref="int"/>.</summary>
    public static int MaxPage(int pageSize) => (int)Math.Min(int.MaxValue, (long)int.MaxValue / pageSize + 1);
}
