using Berth.TestSupport;

namespace Berth.Ecr.Tests;

public sealed class LifecyclePolicyTests
{
    const string Constraint = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: ";
    const string Expire = """{"type":"expire"}""";
    const string CountAny = """{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1}""";

    /// <summary>A policy of the given rules, padded with spaces to the 100 characters ECR requires at least.</summary>
    internal static string Policy(params string[] rules) => Pad($$"""{"rules":[{{string.Join(",", rules)}}]}""");

    internal static string Rule(int priority, string selection, string action = Expire) =>
        $$"""{"rulePriority":{{priority}},"description":"rule {{priority}}","selection":{{selection}},"action":{{action}}}""";

    static string Pad(string text) => text.Length >= LifecyclePolicy.MinLength ? text : text + new string(' ', LifecyclePolicy.MinLength - text.Length);

    static void Refused(string? text, string fragment) =>
        AwsAssert.Refused(() => LifecyclePolicy.Parse(text), "InvalidParameterException", Constraint, fragment);

    [Fact]
    public void Parse_FullPolicy_KeepsEveryFieldInPriorityOrder()
    {
        var policy = LifecyclePolicy.Parse(Policy(
            Rule(20, """{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14}"""),
            Rule(10, """{"tagStatus":"tagged","tagPrefixList":["prod","v"],"tagPatternList":["*-rc*"],"countType":"imageCountMoreThan","countNumber":5}"""),
            Rule(30, CountAny)));

        Assert.Equal([10, 20, 30], policy.Rules.Select(r => r.RulePriority));
        var tagged = policy.Rules[0];
        Assert.Equal("rule 10", tagged.Description);
        Assert.Equal(LifecycleTagStatus.Tagged, tagged.TagStatus);
        Assert.Equal(["prod", "v"], tagged.TagPrefixList);
        Assert.Equal(["*-rc*"], tagged.TagPatternList);
        Assert.Equal(LifecycleCountType.ImageCountMoreThan, tagged.CountType);
        Assert.Equal(5, tagged.CountNumber);
        Assert.Equal(LifecycleTagStatus.Untagged, policy.Rules[1].TagStatus);
        Assert.Equal(LifecycleCountType.SinceImagePushed, policy.Rules[1].CountType);
        Assert.Equal(14, policy.Rules[1].CountNumber);
        Assert.Equal(LifecycleTagStatus.Any, policy.Rules[2].TagStatus);
    }

    [Fact]
    public void Parse_OptionalMembers_MayBeLeftOut()
    {
        var text = Pad("""{"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPatternList":["*"],"storageClass":"standard","countType":"imageCountMoreThan","countNumber":3},"action":{"type":"expire"}}]}""");

        var rule = Assert.Single(LifecyclePolicy.Parse(text).Rules);

        Assert.Null(rule.Description);
        Assert.Empty(rule.TagPrefixList);
        Assert.Equal(["*"], rule.TagPatternList);
    }

    [Theory]
    [InlineData(null, "Member must not be null")]
    [InlineData("", "Member must not be null")]
    [InlineData("   ", "Member must not be null")]
    [InlineData("""{"rules":[]}""", "greater than or equal to 100")]
    public void Parse_MissingOrShortText_IsRefused(string? text, string fragment) => Refused(text, fragment);

    [Fact]
    public void Parse_TooLongText_IsRefused() =>
        Refused(Policy(Rule(1, CountAny)) + new string(' ', LifecyclePolicy.MaxLength), "less than or equal to 30720");

    [Theory]
    [InlineData("""{"rules":[ """, "not valid JSON")]
    [InlineData("""{"rules":[],}""", "not valid JSON")]
    [InlineData("""["rules"]""", "the policy must be a JSON object")]
    [InlineData("""{"rules":[],"version":1}""", "not allowed by the schema: [\"version\"]")]
    [InlineData("""{}""", "missing required properties ([\"rules\"])")]
    [InlineData("""{"rules":{}}""", "'rules' must be an array")]
    [InlineData("""{"rules":[]}""", "between 1 and 50 rules (got 0)")]
    [InlineData("""{"rules":[1]}""", "rules[0] must be a JSON object (got number)")]
    public void Parse_BadDocument_IsRefused(string text, string fragment) => Refused(Pad(text), fragment);

    [Fact]
    public void Parse_MoreThanFiftyRules_IsRefused() =>
        Refused(Policy(Enumerable.Range(1, 51).Select(i => Rule(i, """{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1}""")).ToArray()),
            "between 1 and 50 rules (got 51)");

    [Theory]
    [InlineData("""{"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rules[0]: object has missing required properties ([\"rulePriority\"])")]
    [InlineData("""{"rulePriority":1,"action":{"type":"expire"}}""", "missing required properties ([\"selection\"])")]
    [InlineData("""{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1}}""", "missing required properties ([\"action\"])")]
    [InlineData("""{"rulePriority":0,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rules[0].rulePriority must be at least 1 (got 0)")]
    [InlineData("""{"rulePriority":-3,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rulePriority must be at least 1 (got -3)")]
    [InlineData("""{"rulePriority":1.5,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rulePriority must be an integer (got 1.5)")]
    [InlineData("""{"rulePriority":"1","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rulePriority must be an integer (got '1')")]
    [InlineData("""{"rulePriority":1,"description":5,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rules[0].description must be a string")]
    [InlineData("""{"rulePriority":1,"name":"x","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}""", "rules[0]: object instance has properties which are not allowed by the schema: [\"name\"]")]
    public void Parse_BadRule_IsRefused(string rule, string fragment) => Refused(Policy(rule), fragment);

    [Theory]
    [InlineData("""[]""", "rules[0].action must be a JSON object")]
    [InlineData("""{}""", "rules[0].action: object has missing required properties ([\"type\"])")]
    [InlineData("""{"type":"delete"}""", "rules[0].action.type 'delete' is not a valid enum value (one of [expire])")]
    [InlineData("""{"type":"EXPIRE"}""", "action.type 'EXPIRE' is not a valid enum value")]
    [InlineData("""{"type":"transition","targetStorageClass":"archive"}""", "'transition' (archive storage) is not supported by Berth")]
    [InlineData("""{"type":"expire","targetStorageClass":"archive"}""", "targetStorageClass is only allowed with action type 'transition'")]
    [InlineData("""{"type":"expire","when":"now"}""", "rules[0].action: object instance has properties which are not allowed by the schema: [\"when\"]")]
    public void Parse_BadAction_IsRefused(string action, string fragment) => Refused(Policy(Rule(1, CountAny, action)), fragment);

    [Theory]
    [InlineData("""5""", "rules[0].selection must be a JSON object")]
    [InlineData("""{"countType":"imageCountMoreThan","countNumber":1}""", "selection: object has missing required properties ([\"tagStatus\"])")]
    [InlineData("""{"tagStatus":"any","countNumber":1}""", "missing required properties ([\"countType\"])")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan"}""", "missing required properties ([\"countNumber\"])")]
    [InlineData("""{"tagStatus":"TAGGED","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagStatus 'TAGGED' is not a valid enum value (one of [tagged, untagged, any])")]
    [InlineData("""{"tagStatus":null,"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagStatus null is not a valid enum value")]
    [InlineData("""{"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":1}""", "tagPrefixList or tagPatternList is required when tagStatus is 'tagged'")]
    [InlineData("""{"tagStatus":"tagged","tagPrefixList":[],"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagPrefixList must not be empty")]
    [InlineData("""{"tagStatus":"tagged","tagPatternList":[],"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagPatternList must not be empty")]
    [InlineData("""{"tagStatus":"tagged","tagPrefixList":"prod","countType":"imageCountMoreThan","countNumber":1}""", "selection.tagPrefixList must be an array of strings")]
    [InlineData("""{"tagStatus":"tagged","tagPrefixList":["prod",""],"countType":"imageCountMoreThan","countNumber":1}""", "tagPrefixList entries must be non-empty strings (got '')")]
    [InlineData("""{"tagStatus":"tagged","tagPatternList":[7],"countType":"imageCountMoreThan","countNumber":1}""", "tagPatternList entries must be non-empty strings (got 7)")]
    [InlineData("""{"tagStatus":"tagged","tagPatternList":["a*b*c*d*e*f"],"countType":"imageCountMoreThan","countNumber":1}""", "tagPatternList entry 'a*b*c*d*e*f' has more than 4 wildcards")]
    [InlineData("""{"tagStatus":"untagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagPrefixList can only be specified when tagStatus is 'tagged' (got 'untagged')")]
    [InlineData("""{"tagStatus":"any","tagPatternList":["v*"],"countType":"imageCountMoreThan","countNumber":1}""", "selection.tagPatternList can only be specified when tagStatus is 'tagged' (got 'any')")]
    [InlineData("""{"tagStatus":"any","storageClass":"archive","countType":"imageCountMoreThan","countNumber":1}""", "selection.storageClass 'archive' is not supported by Berth")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountLessThan","countNumber":1}""", "countType 'imageCountLessThan' is not a valid enum value (one of [imageCountMoreThan, sinceImagePushed])")]
    [InlineData("""{"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":1}""", "countType 'sinceImagePulled' is not supported by Berth")]
    [InlineData("""{"tagStatus":"any","countType":"sinceImagePushed","countNumber":7}""", "selection.countUnit is required when countType is 'sinceImagePushed'")]
    [InlineData("""{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"hours","countNumber":7}""", "selection.countUnit 'hours' is not a valid enum value (one of [days])")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan","countUnit":"days","countNumber":7}""", "countUnit can only be specified when countType is 'sinceImagePushed'")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":0}""", "selection.countNumber must be at least 1 (got 0)")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":"5"}""", "selection.countNumber must be an integer (got '5')")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":99999999999}""", "selection.countNumber must be an integer (got 99999999999)")]
    [InlineData("""{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1,"tagFilter":"x"}""", "selection: object instance has properties which are not allowed by the schema: [\"tagFilter\"]")]
    public void Parse_BadSelection_IsRefused(string selection, string fragment) => Refused(Policy(Rule(1, selection)), fragment);

    [Fact]
    public void Parse_DuplicatePriority_IsRefused() =>
        Refused(Policy(
                Rule(3, """{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1}"""),
                Rule(3, """{"tagStatus":"tagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":1}""")),
            "rulePriority 3 is used by more than one rule");

    [Fact]
    public void Parse_AnyRuleNotLast_IsRefused() =>
        Refused(Policy(
                Rule(1, CountAny),
                Rule(2, """{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1}""")),
            "the rule with tagStatus 'any' (rulePriority 1) must have the highest rulePriority, but rulePriority 2 is higher");

    [Fact]
    public void Parse_TwoAnyRules_IsRefused() =>
        Refused(Policy(Rule(1, CountAny), Rule(2, CountAny)), "tagStatus 'any' (rulePriority 1) must have the highest rulePriority");

    [Fact]
    public void Parse_AnyRuleLastButListedFirst_IsAccepted()
    {
        var policy = LifecyclePolicy.Parse(Policy(
            Rule(9, CountAny),
            Rule(2, """{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1}""")));

        Assert.Equal(LifecycleTagStatus.Any, policy.Rules[^1].TagStatus);
    }
}
