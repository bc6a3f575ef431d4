using System;
using System.Globalization;

namespace Verifik.PowerShell
{
    /// <summary>What Connect-Verifik tells the user about a one-time code: where it went and until when (UTC and local time).</summary>
    internal static class SignInText
    {
        public static string CodeSent(OneTimeCodeSent sent, DateTime nowUtc)
        {
            var text = $"Verifik sent a one-time code to {sent.Destination} {sent.ChannelText}";
            if (!(sent.ExpiresAt is DateTime expires)) return text + "; it did not say when the code expires.";
            var local = expires.ToLocalTime();
            var sameDay = local.Date == expires.Date;
            return text + string.Format(CultureInfo.InvariantCulture, "; it expires at {0:yyyy-MM-dd HH:mm:ss} UTC ({1} local time), {2}.",
                expires, local.ToString(sameDay ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Left(expires - nowUtc));
        }

        private static string Left(TimeSpan left)
        {
            if (left <= TimeSpan.Zero) return "which has already passed";
            if (left < TimeSpan.FromMinutes(1)) return "in less than a minute";
            var minutes = (int)Math.Round(left.TotalMinutes);
            return minutes == 1 ? "in about a minute" : $"in about {minutes} minutes";
        }
    }
}
