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
            // Only the console host reads this process's console, so only its state counts: started with -NonInteractive,
            // or without a console (a service, stdin piped in by a scheduler), it would refuse or wait forever. Other hosts
            // (VS Code's, a hosted runspace's own PSHost) read from their own UI, even inside a pwsh started -NonInteractive.
            if (host.Name != "ConsoleHost") return true;
            return !StartedNonInteractive() && Environment.UserInteractive && !Console.IsInputRedirected;
        }

        /// <summary>
        /// pwsh -NonInteractive (any abbreviation PowerShell accepts, down to -noni), among pwsh's own arguments: those after
        /// -File or -Command belong to the script.
        /// </summary>
        private static bool StartedNonInteractive()
        {
            foreach (var arg in Environment.GetCommandLineArgs())
            {
                var name = arg.TrimStart(SwitchPrefixes).ToLowerInvariant();
                if (arg.Length == name.Length) continue; // not a switch (the program, a switch's value)
                if (name.StartsWith("noni", StringComparison.Ordinal)) return true;
                if (Array.IndexOf(ScriptSwitches, name) >= 0) return false;
            }
            return false;
        }

        // '/' starts a switch only on Windows; elsewhere it starts a path.
        private static readonly char[] SwitchPrefixes = System.IO.Path.DirectorySeparatorChar == '\\' ? new[] { '-', '/' } : new[] { '-' };

        private static readonly string[] ScriptSwitches = { "f", "file", "c", "command", "cwa", "commandwithargs", "e", "ec", "encodedcommand" };
    }
}
