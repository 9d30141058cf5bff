namespace OnlineChat.Bench;

/// <summary>CPU time and resident memory of server processes, read from /proc (Linux).</summary>
public static class ProcessStats
{
    // USER_HZ: /proc reports CPU time in these ticks; 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime of the process, all threads, in seconds; 0 when it cannot be read.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resident set size in KiB; 0 when it cannot be read.</summary>
    public static long RssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static double TotalCpuSeconds(IEnumerable<int> pids) => pids.Sum(CpuSeconds);

    public static long TotalRssKiB(IEnumerable<int> pids) => pids.Sum(RssKiB);
}
