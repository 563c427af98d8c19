using System.Xml.Linq;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Storage.Stores;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Ca.Api.Portal.People;

/// <summary>
/// Keeps the portal's Data Protection keys (session cookies, antiforgery and one-time tokens) in the
/// database: several instances behind one proxy share one key ring, so a person signed in through one is
/// signed in on all, and a backup carries the ring with the rest. Data Protection calls this synchronously
/// and rarely (start-up, key rollover every 90 days), so blocking on the store is acceptable here.
/// </summary>
internal sealed class DatabaseXmlRepository(DataProtectionKeyStore store, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        var now = clock.GetUtcNow();
        var audit = AuditEvent.Succeeded(now, AuditActions.PortalKeyCreated, friendlyName, CallerContext.System("portal-keys"), new { purpose = "portal sessions and tokens" });
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), now, audit, CancellationToken.None).GetAwaiter().GetResult();
    }
}
