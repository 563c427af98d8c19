namespace Ca.Core.Issuance.Linting;

/// <summary>One broken rule: its id (e.g. <c>br.7.1.4.3.cn-in-san</c>) and what exactly is wrong.</summary>
public sealed record LintFinding(string RuleId, string Message);
