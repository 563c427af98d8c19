namespace Ca.Api.Startup;

/// <summary>
/// Where the service listens. ASP.NET Core's own settings decide (ASPNETCORE_URLS or --urls,
/// ASPNETCORE_HTTP_PORTS, ASPNETCORE_HTTPS_PORTS, Kestrel:Endpoints); only when none is given does
/// the service fall back to http://localhost:5080. The fallback lives here rather than as "Urls" in
/// appsettings.json, because a file setting would override those environment variables.
/// </summary>
internal static class ListenAddresses
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>True when any of the standard listen settings is present.</summary>
    public static bool AreConfigured(IConfiguration configuration) =>
        HasValue(configuration[WebHostDefaults.ServerUrlsKey])
        || HasValue(configuration[WebHostDefaults.HttpPortsKey])
        || HasValue(configuration[WebHostDefaults.HttpsPortsKey])
        || KestrelEndpointUrls(configuration).Any();

    /// <summary>Listens on <see cref="DefaultUrl"/> unless the configuration says where.</summary>
    public static WebApplicationBuilder UseDefaultListenAddress(this WebApplicationBuilder builder)
    {
        if (!AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// A URL at which this machine reaches the service: the first HTTP address in force (HTTPS when
    /// there is none), following Kestrel's precedence (endpoints, then URLs, then ports), with a
    /// wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) read as localhost. The default
    /// public base URL and the health probe use it.
    /// </summary>
    public static string LocalBaseUrl(IConfiguration configuration)
    {
        var addresses = Effective(configuration)
            .Select(TryParse)
            .OfType<BindingAddress>()
            .Where(a => !a.IsUnixPipe && !a.IsNamedPipe && a.Scheme.ToLowerInvariant() is "http" or "https")
            .ToList();
        var chosen = addresses.FirstOrDefault(a => a.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null)
        {
            return DefaultUrl;
        }

        var host = chosen.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" or "" ? "localhost" : chosen.Host;
        return $"{chosen.Scheme.ToLowerInvariant()}://{host}:{chosen.Port}";
    }

    private static IEnumerable<string> Effective(IConfiguration configuration)
    {
        var endpoints = KestrelEndpointUrls(configuration).ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        if (HasValue(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            return Split(configuration[WebHostDefaults.ServerUrlsKey]);
        }

        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}"))
            .ToList();
        return ports.Count > 0 ? ports : [DefaultUrl];
    }

    private static IEnumerable<string> KestrelEndpointUrls(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .Where(HasValue)
            .Select(url => url!);

    private static BindingAddress? TryParse(string address)
    {
        try
        {
            return BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool HasValue(string? value) => !string.IsNullOrWhiteSpace(value);
}
