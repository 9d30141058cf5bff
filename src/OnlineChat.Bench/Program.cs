using OnlineChat.Bench;
using OnlineChat.Bench.Drill;

if (args is ["drill", .. var drillArgs])
{
    if (drillArgs is ["--help"] or ["-h"])
    {
        Console.WriteLine(DrillOptions.Usage);
        return 0;
    }

    if (Parse(() => DrillOptions.Parse(drillArgs), DrillOptions.Usage) is not { } drill)
    {
        return 64;
    }

    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(drill.Duration + drill.Settle + 120));
    return await new DrillRun(drill).RunAsync(limit.Token);
}

if (Parse(() => BenchOptions.Parse(args), BenchOptions.Usage) is not { } options)
{
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

// The options, or null after saying what is wrong and how to call it (--help lands here too).
static T? Parse<T>(Func<T> parse, string usage) where T : class
{
    try
    {
        return parse();
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(usage);
        return null;
    }
}
