using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace Verifik.PowerShell.Bulk
{
    /// <summary>
    /// Ends the input of a command that has everything it asked for, the way Select-Object -First does: PowerShell's
    /// StopUpstreamCommandsException stops the commands before the requesting one, skips its EndProcessing, and lets
    /// the commands after it complete normally. PowerShell has no public API for this, and the exception type is
    /// internal, so it is built by reflection once (it has existed, with this constructor, since PowerShell 3). Where
    /// that fails, the caller falls back to reading the rest of its input and ignoring it: slower, never wrong.
    /// </summary>
    internal static class UpstreamStop
    {
        private static readonly ConstructorInfo? Constructor = Find();

        /// <summary>Whether <see cref="Request"/> can stop the input here.</summary>
        public static bool IsAvailable => Constructor != null;

        /// <summary>
        /// Stops <paramref name="cmdlet"/>'s upstream commands by throwing; returns (without stopping anything) when this
        /// PowerShell offers no way. Call from ProcessRecord, on the pipeline thread, after writing everything: the
        /// cmdlet's EndProcessing is not called afterwards (Dispose is).
        /// </summary>
        public static void Request(Cmdlet cmdlet)
        {
            if (Constructor == null) return;
            Exception stop;
            try
            {
                stop = (Exception)Constructor.Invoke(new object[] { cmdlet });
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is MemberAccessException || ex is InvalidCastException)
            {
                return;
            }
            throw stop;
        }

        private static ConstructorInfo? Find()
        {
            try
            {
                var type = typeof(Cmdlet).Assembly.GetType("System.Management.Automation.StopUpstreamCommandsException", throwOnError: false);
                if (type == null || !typeof(Exception).IsAssignableFrom(type)) return null;
                return type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .FirstOrDefault(c =>
                    {
                        var parameters = c.GetParameters();
                        return parameters.Length == 1 && parameters[0].ParameterType.IsAssignableFrom(typeof(Cmdlet));
                    });
            }
            catch (Exception ex) when (ex is TypeLoadException || ex is ReflectionTypeLoadException || ex is System.Security.SecurityException)
            {
                return null;
            }
        }
    }
}
