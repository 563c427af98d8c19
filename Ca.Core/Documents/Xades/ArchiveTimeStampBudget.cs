namespace Ca.Core.Documents.Xades;

/// <summary>How many archive time-stamps one document may still have checked.</summary>
internal sealed class ArchiveTimeStampBudget(int limit)
{
    private int remaining = limit;

    /// <summary>Takes one; false once the document's allowance is spent.</summary>
    public bool TryTake()
    {
        if (remaining <= 0)
        {
            return false;
        }

        remaining--;
        return true;
    }
}
