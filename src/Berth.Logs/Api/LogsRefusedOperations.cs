using Berth.Kernel;

namespace Berth.Logs.Api;

/// <summary>
/// What Berth has no destination for — subscription filters, export tasks, data protection, anomaly detection,
/// deliveries, cross-account destinations, KMS keys — refused with the error AWS gives for a destination it cannot
/// use, naming why, and never stored. Describe and List calls answer with empty lists (there never are any); calls
/// naming one that would exist are ResourceNotFoundException.
/// </summary>
public static class LogsRefusedOperations
{
    const string NoDestination = "Berth has no destination for {0}: it keeps log events in its own store and delivers them nowhere else.";

    public static void Register(Kernel.Protocol.ServiceOperations ops, ILogStore store, LogsAccess a)
    {
        var j = LogsGroupJson.Default;

        async Task RequireGroup(string? group, CancellationToken ct)
        {
            LogNames.RequireGroupName(group);
            if (await store.GetGroupAsync(group!, ct) is null)
                throw AwsException.ResourceNotFound("The specified log group does not exist.");
        }

        void Refuse(string name, string what, string code = "InvalidParameterException") =>
            ops.Add(name, j.RefusedRequest, j.NoContent, (_, _) => throw new AwsException(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, NoDestination, what)));

        void RefuseForGroup(string name, string what) =>
            ops.Add(name, j.RefusedRequest, j.NoContent, async (r, ct) =>
            {
                await RequireGroup(GroupName(r), ct);
                throw AwsException.InvalidParameter(string.Format(System.Globalization.CultureInfo.InvariantCulture, NoDestination, what));
            }, access: r => a.Group(name, GroupName(r)));

        void Missing(string name, string what) =>
            ops.Add(name, j.RefusedRequest, j.NoContent, (_, _) => throw AwsException.ResourceNotFound($"The specified {what} does not exist."));

        void Empty(string name, Func<EmptyListResponse> answer, bool forGroup = false) =>
            ops.Add(name, j.RefusedRequest, j.EmptyListResponse, async (r, ct) =>
            {
                if (forGroup)
                    await RequireGroup(GroupName(r), ct);
                return answer();
            });

        // Subscription filters (and the destinations other accounts subscribe through).
        RefuseForGroup("PutSubscriptionFilter", "subscription filters (Kinesis, Firehose, Lambda or a destination)");
        Empty("DescribeSubscriptionFilters", () => new() { SubscriptionFilters = [] }, forGroup: true);
        ops.Add("DeleteSubscriptionFilter", j.RefusedRequest, j.NoContent, async (r, ct) =>
        {
            await RequireGroup(r.LogGroupName, ct);
            throw AwsException.ResourceNotFound("The specified subscription filter does not exist.");
        }, access: r => a.Group("DeleteSubscriptionFilter", r.LogGroupName));
        Refuse("PutDestination", "subscription destinations");
        Empty("DescribeDestinations", () => new() { Destinations = [] });
        Missing("DeleteDestination", "destination");
        Refuse("PutDestinationPolicy", "subscription destinations");

        // Export to S3.
        RefuseForGroup("CreateExportTask", "export tasks (S3)");
        Empty("DescribeExportTasks", () => new() { ExportTasks = [] });
        Missing("CancelExportTask", "export task");

        // Data protection (masking) policies.
        RefuseForGroup("PutDataProtectionPolicy", "data protection policies (finding and masking data needs a findings destination)");
        ops.Add("GetDataProtectionPolicy", j.RefusedRequest, j.EmptyListResponse, async (r, ct) =>
        {
            await RequireGroup(GroupName(r), ct);
            return new EmptyListResponse { LogGroupIdentifier = r.LogGroupIdentifier };
        }, access: r => a.Group("GetDataProtectionPolicy", GroupName(r)));
        Missing("DeleteDataProtectionPolicy", "data protection policy");

        // Anomaly detection.
        Refuse("CreateLogAnomalyDetector", "anomaly detectors (their findings)");
        Empty("ListLogAnomalyDetectors", () => new() { AnomalyDetectors = [] });
        Missing("GetLogAnomalyDetector", "anomaly detector");
        Missing("UpdateLogAnomalyDetector", "anomaly detector");
        Missing("DeleteLogAnomalyDetector", "anomaly detector");
        Empty("ListAnomalies", () => new() { Anomalies = [] });
        Missing("UpdateAnomaly", "anomaly detector");

        // Vended-log deliveries (their model's errors have no InvalidParameterException: ValidationException).
        Refuse("PutDeliverySource", "delivery sources", "ValidationException");
        Refuse("PutDeliveryDestination", "delivery destinations", "ValidationException");
        Refuse("CreateDelivery", "deliveries", "ValidationException");
        Empty("DescribeDeliveries", () => new() { Deliveries = [] });
        Empty("DescribeDeliverySources", () => new() { DeliverySources = [] });
        Empty("DescribeDeliveryDestinations", () => new() { DeliveryDestinations = [] });
        Missing("GetDelivery", "delivery");
        Missing("GetDeliverySource", "delivery source");
        Missing("GetDeliveryDestination", "delivery destination");
        Missing("DeleteDelivery", "delivery");
        Missing("DeleteDeliverySource", "delivery source");
        Missing("DeleteDeliveryDestination", "delivery destination");

        // KMS keys for a group's events.
        ops.Add("AssociateKmsKey", j.RefusedRequest, j.NoContent, (_, _) =>
            throw AwsException.InvalidParameter("AssociateKmsKey is not supported: Berth has no KMS keys to encrypt log events with."));
        ops.Add("DisassociateKmsKey", j.RefusedRequest, j.NoContent, (_, _) =>
            throw AwsException.InvalidParameter("DisassociateKmsKey: no log group in Berth has a KMS key."));
    }

    static string? GroupName(RefusedRequest r)
    {
        var id = r.LogGroupName ?? r.LogGroupIdentifier;
        if (id is not null && id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = id.Split(':');
            return parts.Length >= 7 && parts[5] == "log-group" ? parts[6] : id;
        }
        return id;
    }
}
