using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;
using Berth.Ecs.Tests.Support;
using Berth.Kernel;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>Which role a task runs with, its ARN, and the role references ECS refuses.</summary>
public sealed class TaskRolesTests
{
    [Fact]
    public void Of_OverrideWinsOverTheDefinition()
    {
        var td = Defs.Task();
        td.TaskRoleArn = "arn:aws:iam::123456789012:role/def";

        Assert.Equal("arn:aws:iam::123456789012:role/def", TaskRoles.Of(td, null));
        Assert.Equal("arn:aws:iam::123456789012:role/def", TaskRoles.Of(td, new TaskOverride { TaskRoleArn = "" }));
        Assert.Equal("arn:aws:iam::123456789012:role/run", TaskRoles.Of(td, new TaskOverride { TaskRoleArn = "arn:aws:iam::123456789012:role/run" }));
    }

    [Fact]
    public void Of_NoRoleAnywhere_Null()
    {
        var td = Defs.Task();
        td.TaskRoleArn = "";

        Assert.Null(TaskRoles.Of(td, new TaskOverride()));
    }

    [Theory]
    [InlineData("app", "arn:aws:iam::123456789012:role/app")]
    [InlineData("arn:aws:iam::123456789012:role/path/app", "arn:aws:iam::123456789012:role/path/app")]
    [InlineData("arn:aws:iam::210987654321:role/app", "arn:aws:iam::210987654321:role/app")]
    public void ArnOf_ShortNameIsARoleOfThisAccount(string reference, string expected) =>
        Assert.Equal(expected, TaskRoles.ArnOf(reference, "123456789012"));

    [Theory]
    [InlineData("app")]
    [InlineData("my-app_role+=,.@")]
    [InlineData("arn:aws:iam::123456789012:role/app")]
    [InlineData("arn:aws:iam::123456789012:role/service-role/app")]
    [InlineData("arn:aws:iam::123456789012:role/a/b/c/app")]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_RoleNamesAndRoleArns_Accepted(string? reference) => TaskRoles.Validate(reference);

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/alice")]
    [InlineData("arn:aws:cloudformation:us-east-1:123456789012:stack/s/1")]
    [InlineData("arn:aws:iam::12345:role/app")]
    [InlineData("arn:aws:iam::123456789012:role/")]
    [InlineData("role with spaces")]
    [InlineData("rôle")]
    [InlineData("REPLACE_ME_ECS_TASK_ROLE_ARN:x")]
    public void Validate_NotARole_ClientExceptionRoleIsNotValid(string reference)
    {
        var e = Assert.Throws<AwsException>(() => TaskRoles.Validate(reference));

        Assert.Equal(("ClientException", "Role is not valid"), (e.Code, e.Message));
    }

    [Fact]
    public void Validate_NameLongerThan64_Refused() =>
        Assert.Throws<AwsException>(() => TaskRoles.Validate(new string('a', 65)));

    [Fact]
    public void UnableToAssume_IsEcsWording() =>
        Assert.Equal(
            "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/app' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.",
            TaskRoles.UnableToAssume("arn:aws:iam::123456789012:role/app"));
}

/// <summary>RegisterTaskDefinition's check of taskRoleArn.</summary>
public sealed class TaskDefinitionTaskRoleTests
{
    [Fact]
    public void Normalize_TaskRoleArnOfAUser_RoleIsNotValid()
    {
        var td = Defs.Task();
        td.TaskRoleArn = "arn:aws:iam::123456789012:user/alice";

        var e = Assert.Throws<AwsException>(() => Berth.Ecs.Validation.TaskDefinitionValidator.Normalize(td));

        Assert.Equal(("ClientException", "Role is not valid"), (e.Code, e.Message));
    }

    [Fact]
    public void Normalize_TaskRoleArnOfARole_KeptAsGiven()
    {
        var td = Defs.Task();
        td.TaskRoleArn = "arn:aws:iam::123456789012:role/app";

        Assert.Equal("arn:aws:iam::123456789012:role/app", Berth.Ecs.Validation.TaskDefinitionValidator.Normalize(td).TaskRoleArn);
    }
}
