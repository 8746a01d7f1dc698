using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class ListenerOperations
{
    public static void Register(ServiceOperations ops, ListenerService service)
    {
        ops.AddHandWrittenQuery("CreateListener", async (q, ct) =>
        {
            var listener = await service.CreateAsync(new CreateListenerRequest
            {
                LoadBalancerArn = q.String("LoadBalancerArn"),
                Protocol = q.String("Protocol"),
                Port = q.Int("Port"),
                SslPolicy = q.String("SslPolicy"),
                CertificateCount = q.Members("Certificates")?.Count ?? 0,
                DefaultActions = ElbInput.Actions(q, "DefaultActions"),
                Tags = ElbInput.Tags(q),
            }, ct);
            return w => w.List("Listeners", [listener], x => ElbXml.Listener(w, x));
        });
        ops.AddHandWrittenQuery("DescribeListeners", async (q, ct) =>
        {
            var (found, next) = await service.DescribeAsync(q.String("LoadBalancerArn"), q.Strings("ListenerArns"), q.String("Marker"), q.Int("PageSize"), ct);
            return w =>
            {
                w.List("Listeners", found, x => ElbXml.Listener(w, x));
                w.Value("NextMarker", next);
            };
        });
        ops.AddHandWrittenQuery("ModifyListener", async (q, ct) =>
        {
            var listener = await service.ModifyAsync(new ModifyListenerRequest
            {
                ListenerArn = q.String("ListenerArn"),
                Protocol = q.String("Protocol"),
                Port = q.Int("Port"),
                SslPolicy = q.String("SslPolicy"),
                CertificateCount = q.Members("Certificates")?.Count ?? 0,
                DefaultActions = ElbInput.Actions(q, "DefaultActions"),
            }, ct);
            return w => w.List("Listeners", [listener], x => ElbXml.Listener(w, x));
        });
        ops.AddHandWrittenQuery("DeleteListener", async (q, ct) =>
        {
            await service.DeleteAsync(q.String("ListenerArn"), ct);
            return ElbOperations.Empty;
        });
    }
}
