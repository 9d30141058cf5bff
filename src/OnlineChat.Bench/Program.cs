using OnlineChat.Bench;

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
