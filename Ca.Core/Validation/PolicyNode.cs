namespace Ca.Core.Validation;

/// <summary>A node of the RFC 5280 valid_policy_tree (qualifiers are ignored, as the RFC permits).</summary>
internal sealed class PolicyNode
{
    public PolicyNode(PolicyNode? parent, string validPolicy, IEnumerable<string> expectedPolicies)
    {
        Parent = parent;
        ValidPolicy = validPolicy;
        ExpectedPolicies = new HashSet<string>(expectedPolicies, StringComparer.Ordinal);
        Depth = parent is null ? 0 : parent.Depth + 1;
        parent?.Children.Add(this);
    }

    public PolicyNode? Parent { get; }

    public string ValidPolicy { get; }

    public HashSet<string> ExpectedPolicies { get; set; }

    public int Depth { get; }

    public List<PolicyNode> Children { get; } = [];

    public void Detach() => Parent?.Children.Remove(this);
}
