using System;
using System.Globalization;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What Connect-Verifik tells the user about a one-time code: where it went and until when (UTC and local time), why
    /// it asks again, why a -Code is refused. Server text in it is escaped (Printable), so it cannot forge a line.
    /// </summary>
    internal static class SignInText
    {
        private const int MaxShown = 64;

        public static string CodeSent(OneTimeCodeSent sent, DateTime nowUtc)
        {
            var text = $"Verifik sent a one-time code to {sent.Destination} {sent.ChannelText}";
            if (!(sent.ExpiresAt is DateTime expires)) return text + "; it did not say when the code expires.";
            var local = expires.ToLocalTime();
            var sameDay = local.Date == expires.Date;
            return text + string.Format(CultureInfo.InvariantCulture, "; it expires at {0:yyyy-MM-dd HH:mm:ss} UTC ({1} local time), {2}.",
                expires, local.ToString(sameDay ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Left(expires - nowUtc));
        }

        /// <summary>Whether a refused code may be typed again: the code has not expired (or the API did not say when it does).</summary>
        public static bool StillValid(OneTimeCodeSent sent, DateTime nowUtc) => !(sent.ExpiresAt is DateTime expires) || expires > nowUtc;

        /// <summary>Written before the prompt comes again.</summary>
        public static string TryAgain(VerifikApiException refused, int triesLeft, OneTimeCodeSent sent) =>
            $"Verifik refused the code (HTTP {refused.StatusCode}{(refused.ApiError == null ? string.Empty : ": " + Printable.Escape(refused.ApiError.ToString()))}). " +
            $"Type it again: {triesLeft} {(triesLeft == 1 ? "try" : "tries")} left" +
            (sent.ExpiresAt is DateTime expires ? string.Format(CultureInfo.InvariantCulture, ", until {0:HH:mm:ss} UTC.", expires) : ".");

        /// <summary>Why a -Code that came as a number is refused; its length, never its digits.</summary>
        public static string NotQuoted(SecretArgument seen) =>
            (seen.IsWholeNumber
                ? $"The one-time code given with -Code reached Connect-Verifik as a number of {seen.NumberLength} digits, and Verifik's codes have " +
                  $"{VerifikSignIn.DocumentedCodeDigits}: PowerShell drops the leading zeros of a number unless it is typed right after -Code " +
                  "(from a variable, in parentheses or splatted, they are gone)."
                : "The one-time code given with -Code reached Connect-Verifik as a number that is not a plain run of digits.") +
            " Give the code as text, in quotes: -Code '012345'. Nothing was sent.";

        /// <summary>A server's value for a -Debug line: escaped, and cut short.</summary>
        public static string Shown(string value)
        {
            var escaped = Printable.Escape(value);
            return escaped.Length <= MaxShown ? escaped : escaped.Substring(0, MaxShown) + "…";
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
