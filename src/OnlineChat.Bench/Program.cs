using OnlineChat.Bench;
using OnlineChat.Bench.Drill;

if (args is ["drill", .. var drillArgs])
{
    DrillOptions drill;
    try
    {
        drill = DrillOptions.Parse(drillArgs);
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(DrillOptions.Usage);
        return 64;
    }

    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(drill.Duration + drill.Settle + 120));
    return await new DrillRun(drill).RunAsync(limit.Token);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 64;
}

using var cap = new CancellationTokenSource(options.Cap);
try
{
    return await new BenchRun(options).RunAsync(cap.Token);
}
catch (OperationCanceledException) when (cap.IsCancellationRequested)
{
    Console.Error.WriteLine($"The run hit --max-time ({options.Cap.TotalSeconds:0} s).");
    return 1;
}
