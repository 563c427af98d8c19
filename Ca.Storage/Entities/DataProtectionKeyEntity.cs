namespace Ca.Storage.Entities;

/// <summary>
/// One key of the portal's cookie and token key ring (ASP.NET Core Data Protection's XML), in the database
/// so that every instance reads and writes the same ring and a session begun on one is honoured by all.
/// </summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }
    public string FriendlyName { get; set; } = string.Empty;
    public string Xml { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
}
