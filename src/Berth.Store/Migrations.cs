using Microsoft.Data.Sqlite;

namespace Berth.Store;

/// <summary>Ordered schema steps; each runs once, in a transaction, and is recorded in <c>schema_version</c>.</summary>
static class Migrations
{
    static string ResourceTable(string name) => $"""
        CREATE TABLE {name} (
            id TEXT PRIMARY KEY,
            scope TEXT,
            name TEXT,
            status TEXT,
            sort INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX ix_{name}_scope ON {name}(scope, status);
        CREATE INDEX ix_{name}_name ON {name}(name, sort);
        """;

    static readonly string[] Steps =
    [
        ResourceTable("clusters") + ResourceTable("task_definitions") + ResourceTable("tasks") + ResourceTable("idempotency"),
        """
        CREATE TABLE log_groups (
            name TEXT PRIMARY KEY,
            created INTEGER NOT NULL,
            retention_days INTEGER
        );
        CREATE TABLE log_streams (
            grp TEXT NOT NULL REFERENCES log_groups(name) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            first_event INTEGER,
            last_event INTEGER,
            last_ingestion INTEGER,
            stored_bytes INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (grp, name)
        );
        CREATE TABLE log_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            grp TEXT NOT NULL,
            stream TEXT NOT NULL,
            ts INTEGER NOT NULL,
            ingestion INTEGER NOT NULL,
            message TEXT NOT NULL,
            FOREIGN KEY (grp, stream) REFERENCES log_streams(grp, name) ON DELETE CASCADE
        );
        CREATE INDEX ix_log_events_group_ts ON log_events(grp, ts, id);
        CREATE INDEX ix_log_events_stream_ts ON log_events(grp, stream, ts, id);
        """,
        ResourceTable("tags"),
        ResourceTable("repositories") + ResourceTable("images"),
        ResourceTable("services") + ResourceTable("load_balancers") + ResourceTable("target_groups")
            + ResourceTable("listeners") + ResourceTable("listener_rules"),
        ResourceTable("alarms") + ResourceTable("scalable_targets") + ResourceTable("scaling_policies")
            + ResourceTable("scheduled_actions") + ResourceTable("scaling_activities"),
        // CloudWatch metrics: one row per series, raw statistic sets per point; and the alarms' history.
        """
        CREATE TABLE metric_series (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace TEXT NOT NULL,
            metric_name TEXT NOT NULL,
            canonical TEXT NOT NULL UNIQUE,
            dimensions TEXT NOT NULL,
            last_point INTEGER NOT NULL
        );
        CREATE INDEX ix_metric_series_name ON metric_series(namespace, metric_name);
        CREATE TABLE metric_points (
            series INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
            ts INTEGER NOT NULL,
            count REAL NOT NULL,
            sum REAL NOT NULL,
            min REAL NOT NULL,
            max REAL NOT NULL,
            unit TEXT NOT NULL
        );
        CREATE INDEX ix_metric_points_series_ts ON metric_points(series, ts);
        CREATE INDEX ix_metric_points_ts ON metric_points(ts);
        """ + ResourceTable("alarm_history"),
        // IAM: users, roles, customer managed policies, access keys and policy attachments.
        ResourceTable("iam_users") + ResourceTable("iam_roles") + ResourceTable("iam_policies") + ResourceTable("iam_access_keys")
            + ResourceTable("iam_policy_attachments"),
        // Secrets Manager and SSM Parameter Store: values are stored encrypted (ValueCipher), one row per version.
        ResourceTable("secrets") + ResourceTable("secret_versions") + ResourceTable("parameters") + ResourceTable("parameter_versions"),
        // STS sessions (AssumeRole, GetSessionToken, services' role sessions): secret and token sealed (ValueCipher).
        ResourceTable("sts_sessions"),
        // EC2 networking: VPCs, subnets, security groups (rules inside), network interfaces, and the unique keys they hold.
        ResourceTable("ec2_vpcs") + ResourceTable("ec2_subnets") + ResourceTable("ec2_security_groups") + ResourceTable("ec2_network_interfaces")
            + ResourceTable("ec2_keys"),
        // Cloud Map: namespaces, services, instances and the operations that changed them.
        ResourceTable("sd_namespaces") + ResourceTable("sd_services") + ResourceTable("sd_instances") + ResourceTable("sd_operations"),
        // ECS account settings (PutAccountSetting, PutAccountSettingDefault).
        ResourceTable("ecs_account_settings"),
        // CloudWatch Logs metric filters (by group and name).
        ResourceTable("log_metric_filters"),
    ];

    public static void Apply(SqliteConnection conn)
    {
        SqliteDatabase.Exec(conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var tx = conn.BeginTransaction();
        using var read = conn.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var v = current; v < Steps.Length; v++)
        {
            SqliteDatabase.Exec(conn, Steps[v], tx);
            SqliteDatabase.Exec(conn, $"INSERT INTO schema_version VALUES ({v + 1})", tx);
        }
        tx.Commit();
    }
}
