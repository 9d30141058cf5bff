using OnlineChat.Gateway;

// Before the host is built: building it already starts thread-pool workers, and workers started above the
// limit would linger until they idle out.
var workers = WorkerThreadLimit.Configured(args);
if (!WorkerThreadLimit.Apply(workers))
{
    throw new InvalidOperationException($"Gateway:WorkerThreads={workers} was refused by the runtime.");
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGatewayAdmin();

app.Run();
