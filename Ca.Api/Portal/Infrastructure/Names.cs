using Ca.Core.Accounts;
using Ca.Core.People;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>Turns actor ids (organizations, people) into the names people recognise, for officers' and auditors' pages.</summary>
public sealed class Names(AccountService accounts, IPersonStore people)
{
    /// <summary>"Name (id)" for an organization or person id; the id alone when it is neither (a system job).</summary>
    public async Task<string> DescribeAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "–";
        }

        if (id.StartsWith("per_", StringComparison.Ordinal))
        {
            return await people.FindAsync(id, cancellationToken) is { } person ? $"{person.DisplayName} ({person.UserName})" : id;
        }

        if (id.StartsWith("acc_", StringComparison.Ordinal))
        {
            var all = await accounts.ListAsync(cancellationToken);
            return all.FirstOrDefault(a => a.Id == id) is { } account ? account.Name : id;
        }

        return id;
    }
}
