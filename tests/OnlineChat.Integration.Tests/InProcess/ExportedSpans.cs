using System.Collections.ObjectModel;
using System.Diagnostics;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The spans OpenTelemetry's in-memory exporter hands over, safe to read while it is still adding:
/// the exporter calls <c>Add</c> from its own thread without any lock of ours, so a plain list copied
/// by a test at the same moment can throw ("Destination array was not long enough").
/// </summary>
internal sealed class ExportedSpans : Collection<Activity>
{
    private readonly Lock _gate = new();

    public List<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_gate)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (_gate)
        {
            base.ClearItems();
        }
    }
}
