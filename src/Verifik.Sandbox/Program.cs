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
    // One line, not Kestrel's stack trace: the message names the address that could not be bound.
    Console.Error.WriteLine($"The sandbox cannot start: {e.Message.TrimEnd('.')}. Stop what uses that port, or choose another " +
        "with --urls (--cdn-url for the image listener); port 0 picks a free one.");
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
