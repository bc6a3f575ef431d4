using System.Runtime.InteropServices;
using Verifik.Sandbox;

// The program is a thin shell over SandboxServer, which tests use in-process.
CommandLine cl;
try
{
    cl = CommandLine.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (cl.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

SandboxServer server;
try
{
    // Validate the address before anything else, so a non-loopback --urls fails fast with exit code 2.
    server = await SandboxServer.StartAsync(cl.Options, cl.Url, seed: cl.Seed, cdnUrl: cl.CdnUrl);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (IOException e)
{
    Console.Error.WriteLine($"Cannot listen on {cl.Url} (images: {cl.CdnUrl}): {e.Message}");
    return 1;
}

await using (server)
{
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void OnSignal(PosixSignalContext ctx)
    {
        ctx.Cancel = true; // we stop ourselves, cleanly
        stop.TrySetResult();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

    Console.WriteLine($"Verifik sandbox listening on {server.BaseUri}");
    Console.WriteLine($"Token: {server.Options.Token}");
    Console.WriteLine($"One-time code: {server.Options.OneTimeCode}");
    Console.WriteLine($"Images (CDN) on {server.CdnBaseUri}");
    await stop.Task;
    Console.WriteLine("Stopping.");
}
return 0;
