using System.Security.Claims;
using System.Threading.RateLimiting;
using Ca.Api.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace Ca.Api.Startup;

/// <summary>
/// Token buckets: per account once authenticated, per IP otherwise; OCSP/TSA in their own policy
/// (unlimited by default). Refusals are 429 problems with Retry-After.
/// </summary>
internal static class RateLimiting
{
    public const string ProtocolPolicy = "protocol";

    public static IServiceCollection AddPkiRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ProtocolPolicy)
                {
                    return RateLimitPartition.GetNoLimiter("protocol");
                }

                var account = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                return account is not null
                    ? RateLimitPartition.GetTokenBucketLimiter("acct:" + account, _ => Bucket(limits.AccountBurst, limits.AccountPerSecond))
                    : RateLimitPartition.GetTokenBucketLimiter("ip:" + context.Connection.RemoteIpAddress, _ => Bucket(limits.AnonymousBurst, limits.AnonymousPerSecond));
            });
            options.AddPolicy(ProtocolPolicy, context => limits.ProtocolPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter("protocol")
                : RateLimitPartition.GetTokenBucketLimiter("proto:" + context.Connection.RemoteIpAddress, _ => Bucket(limits.ProtocolPerSecond * 2, limits.ProtocolPerSecond)));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds(context.Lease).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemResponse.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "Slow down and retry after the time in Retry-After.");
            };
        });
        return services;
    }

    /// <summary>When the bucket will hold a token again, as the limiter computed it; at least one second.</summary>
    private static long RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)) : 1;

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
