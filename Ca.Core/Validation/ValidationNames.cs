using System.Text;

namespace Ca.Core.Validation;

/// <summary>The ETSI spelling of indications and sub-indications (PASSED, HASH_FAILURE ...), the form reports are read in.</summary>
public static class ValidationNames
{
    /// <summary>PASSED, FAILED or INDETERMINATE.</summary>
    public static string ToEtsiName(this ValidationIndication indication) => Upper(indication.ToString());

    /// <summary>E.g. <c>REVOKED_NO_POE</c>, <c>NO_CERTIFICATE_CHAIN_FOUND</c>.</summary>
    public static string ToEtsiName(this ValidationSubIndication subIndication) => Upper(subIndication.ToString());

    private static string Upper(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
