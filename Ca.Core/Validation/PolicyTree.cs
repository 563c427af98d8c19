namespace Ca.Core.Validation;

/// <summary>
/// The RFC 5280 valid_policy_tree with the operations of sections 6.1.3 (d)-(e), 6.1.4 (b) and 6.1.5 (g).
/// A null <see cref="Root"/> is the RFC's "NULL" tree.
/// </summary>
internal sealed class PolicyTree
{
    private const string AnyPolicy = CertificateFacts.AnyPolicy;

    public PolicyNode? Root { get; private set; } = new(null, AnyPolicy, [AnyPolicy]);

    public bool IsNull => Root is null;

    public void MakeNull() => Root = null;

    public IReadOnlyList<PolicyNode> NodesAt(int depth)
    {
        var result = new List<PolicyNode>();
        if (Root is not null)
        {
            Collect(Root, depth, result);
        }
        return result;
    }

    /// <summary>6.1.3 (d): grows the tree by one level for certificate <paramref name="depth"/>.</summary>
    public void AddCertificatePolicies(int depth, IReadOnlyList<string> policies, bool anyPolicyAllowed)
    {
        if (Root is null)
        {
            return;
        }
        var parents = NodesAt(depth - 1);
        foreach (var policy in policies.Where(p => p != AnyPolicy).Distinct(StringComparer.Ordinal))
        {
            var matches = parents.Where(n => n.ExpectedPolicies.Contains(policy)).ToList();
            if (matches.Count > 0)
            {
                matches.ForEach(parent => _ = new PolicyNode(parent, policy, [policy]));
            }
            else if (parents.FirstOrDefault(n => n.ValidPolicy == AnyPolicy) is { } anyParent)
            {
                _ = new PolicyNode(anyParent, policy, [policy]);
            }
        }

        if (anyPolicyAllowed && policies.Contains(AnyPolicy))
        {
            foreach (var parent in parents)
            {
                foreach (var expected in parent.ExpectedPolicies.ToList())
                {
                    if (!parent.Children.Any(c => c.ValidPolicy == expected))
                    {
                        _ = new PolicyNode(parent, expected, [expected]);
                    }
                }
            }
        }

        Prune(depth);
    }

    /// <summary>6.1.4 (b): applies the mappings of certificate <paramref name="depth"/>.</summary>
    public void ApplyMappings(int depth, IReadOnlyList<(string IssuerDomain, string SubjectDomain)> mappings, bool mappingAllowed)
    {
        if (Root is null)
        {
            return;
        }
        var byIssuer = mappings
            .GroupBy(m => m.IssuerDomain, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.SubjectDomain).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var level = NodesAt(depth);

        foreach (var (issuerPolicy, subjectPolicies) in byIssuer)
        {
            var matching = level.Where(n => n.ValidPolicy == issuerPolicy).ToList();
            if (mappingAllowed)
            {
                if (matching.Count > 0)
                {
                    matching.ForEach(n => n.ExpectedPolicies = new HashSet<string>(subjectPolicies, StringComparer.Ordinal));
                }
                else if (level.FirstOrDefault(n => n.ValidPolicy == AnyPolicy) is { Parent: { } anyParent })
                {
                    _ = new PolicyNode(anyParent, issuerPolicy, subjectPolicies);
                }
            }
            else
            {
                matching.ForEach(n => n.Detach());
            }
        }

        if (!mappingAllowed)
        {
            Prune(depth);
        }
    }

    /// <summary>6.1.5 (g): intersects the tree with the user-initial-policy-set (null = anyPolicy).</summary>
    public void Intersect(int depth, IReadOnlySet<string>? initialPolicies)
    {
        if (Root is null || initialPolicies is null || initialPolicies.Contains(AnyPolicy))
        {
            return;
        }

        var validPolicyNodeSet = AllNodes().Where(n => n.Parent?.ValidPolicy == AnyPolicy).ToList();
        foreach (var node in validPolicyNodeSet.Where(n => n.ValidPolicy != AnyPolicy && !initialPolicies.Contains(n.ValidPolicy)))
        {
            node.Detach();
        }

        var survivors = AllNodes().Where(n => n.Parent?.ValidPolicy == AnyPolicy).Select(n => n.ValidPolicy).ToHashSet(StringComparer.Ordinal);
        foreach (var anyLeaf in NodesAt(depth).Where(n => n.ValidPolicy == AnyPolicy).ToList())
        {
            if (anyLeaf.Parent is { } parent)
            {
                foreach (var policy in initialPolicies.Where(p => !survivors.Contains(p)))
                {
                    _ = new PolicyNode(parent, policy, [policy]);
                }
            }
            anyLeaf.Detach();
        }

        Prune(depth);
    }

    /// <summary>
    /// The policies, in the trust anchor's policy domain, that the leaves at <paramref name="depth"/> stand for:
    /// each leaf's ancestor directly below an anyPolicy node (policy mapping changes names further down).
    /// </summary>
    public IReadOnlySet<string> PoliciesAt(int depth) =>
        NodesAt(depth).Select(AuthorityPolicyOf).ToHashSet(StringComparer.Ordinal);

    private static string AuthorityPolicyOf(PolicyNode leaf)
    {
        var node = leaf;
        while (node.Parent is { } parent && parent.ValidPolicy != AnyPolicy)
        {
            node = parent;
        }
        return node.ValidPolicy;
    }

    /// <summary>Removes childless nodes above <paramref name="depth"/>, bottom up; an empty tree becomes NULL.</summary>
    private void Prune(int depth)
    {
        for (var d = depth - 1; d >= 0 && Root is not null; d--)
        {
            foreach (var node in NodesAt(d).Where(n => n.Children.Count == 0))
            {
                if (node.Parent is null)
                {
                    Root = null;
                }
                else
                {
                    node.Detach();
                }
            }
        }
    }

    private IEnumerable<PolicyNode> AllNodes()
    {
        if (Root is null)
        {
            yield break;
        }
        var stack = new Stack<PolicyNode>([Root]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            foreach (var child in node.Children)
            {
                stack.Push(child);
            }
        }
    }

    private static void Collect(PolicyNode node, int depth, List<PolicyNode> result)
    {
        if (node.Depth == depth)
        {
            result.Add(node);
            return;
        }
        foreach (var child in node.Children)
        {
            Collect(child, depth, result);
        }
    }
}
