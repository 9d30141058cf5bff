using OnlineChat.Presence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPresence();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPresenceEndpoints();
app.MapPresenceAdmin();

app.Run();
