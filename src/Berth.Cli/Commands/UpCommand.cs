using System.CommandLine;
using System.Diagnostics;

namespace Berth.Cli.Commands;

/// <summary><c>berth up</c>: start berthd in the background (as <c>make up</c> does once it is built) and wait until it answers.</summary>
static class UpCommand
{
    public static Command Create()
    {
        var cmd = new Command("up", "Start the Berth server (berthd) in the background and wait until it answers");
        cmd.Examples("berth up", "BERTH_PORT=4600 BERTH_DATA_DIR=/srv/berth berth up");
        cmd.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var health = $"{CliSettings.LocalEndpoint}/healthz";
            if (await AnswersAsync(http, health, ct))
            {
                Console.WriteLine($"Berth is already running at {CliSettings.LocalEndpoint}");
                return 0;
            }
            var berthd = new[]
            {
                Path.Combine(AppContext.BaseDirectory, "..", "berthd", "berthd"),
                Path.Combine(AppContext.BaseDirectory, "berthd"),
            }.Select(Path.GetFullPath).FirstOrDefault(File.Exists)
                ?? throw new CliException("berthd was not found next to berth; build it with `make up`.");
            Directory.CreateDirectory(CliSettings.DataDirectory);
            var log = Path.Combine(CliSettings.DataDirectory, "berthd.log");
            var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec \"$0\" >>\"$1\" 2>&1 </dev/null & echo $! > \"$2\"", berthd, log, Path.Combine(CliSettings.DataDirectory, "berthd.pid")])
            {
                UseShellExecute = false,
            };
            start.Environment["BERTH_DATA_DIR"] = CliSettings.DataDirectory;
            using (var p = Process.Start(start)!)
                await p.WaitForExitAsync(ct);
            for (var i = 0; i < 240; i++)
            {
                if (await AnswersAsync(http, health, ct))
                {
                    Console.WriteLine($"Berth is running at {CliSettings.LocalEndpoint} (log: {log})");
                    return 0;
                }
                await Task.Delay(250, ct);
            }
            throw new CliException($"berthd did not answer within a minute; see {log}");
        });
        return cmd;
    }

    static async Task<bool> AnswersAsync(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            using var r = await http.GetAsync(url, ct);
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
