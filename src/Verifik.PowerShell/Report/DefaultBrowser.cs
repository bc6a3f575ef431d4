using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Verifik.PowerShell.Report
{
    /// <summary>
    /// -Show: the page in the default browser, the way the desktop opens a file (Windows' shell, macOS' open, xdg-open on
    /// Linux). Only where there is a desktop: on a Linux or BSD box without DISPLAY or WAYLAND_DISPLAY (a runbook, SSH)
    /// xdg-open would fall back to a text browser that takes over the console, so nothing is started there.
    /// </summary>
    internal static class DefaultBrowser
    {
        /// <summary>Starts the browser without waiting for it; null when started, else why not (for a warning).</summary>
        public static string? Open(string path)
        {
            ProcessStartInfo start;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                start = new ProcessStartInfo(path) { UseShellExecute = true };
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                start = Quiet("open", path);
            }
            else
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
                {
                    return "there is no desktop session here (neither DISPLAY nor WAYLAND_DISPLAY is set)";
                }
                start = Quiet("xdg-open", path);
            }
            try
            {
                using var process = Process.Start(start);
                return null;
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is FileNotFoundException)
            {
                return $"'{start.FileName}' could not be started: {ex.Message}";
            }
        }

        /// <summary>A helper program whose chatter must not reach the console.</summary>
        private static ProcessStartInfo Quiet(string program, string path)
        {
            var start = new ProcessStartInfo(program, Quote(path))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            return start;
        }

        /// <summary>One argument, quoted by the rules ProcessStartInfo.Arguments is parsed with on every OS.</summary>
        private static string Quote(string value)
        {
            var escaped = Regex.Replace(value, @"(\\*)""", @"$1$1\""");
            return "\"" + Regex.Replace(escaped, @"(\\+)$", "$1$1") + "\"";
        }
    }
}
