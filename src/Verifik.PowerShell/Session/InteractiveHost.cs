using System;
using System.Management.Automation.Host;

namespace Verifik.PowerShell
{
    /// <summary>Whether the host can ask its user for something (a token, a one-time code) instead of failing.</summary>
    internal static class InteractiveHost
    {
        public static bool CanPrompt(PSHost? host)
        {
            if (host?.UI == null) return false;
            // The engine's own hosts (PowerShell.Create(), remoting servers, jobs) cannot read keys.
            if (host.Name == "Default Host" || host.Name == "ServerRemoteHost") return false;
            foreach (var arg in Environment.GetCommandLineArgs())
            {
                if (arg.StartsWith("-noni", StringComparison.OrdinalIgnoreCase)) return false;
            }
            // Only the console host reads this process's console: without one (a service, stdin piped in by a scheduler)
            // it would wait forever. Other hosts (VS Code's, a test host) read from their own UI.
            if (host.Name == "ConsoleHost" && (!Environment.UserInteractive || Console.IsInputRedirected)) return false;
            return true;
        }
    }
}
