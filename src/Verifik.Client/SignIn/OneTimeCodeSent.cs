using System;

namespace Verifik
{
    /// <summary>
    /// The answer to step 1 of a sign-in: where the one-time code went and until when it is valid. Deliberately
    /// nothing else: the phone answer's "otp" field (a bcrypt hash of the code) is never read.
    /// </summary>
    public sealed class OneTimeCodeSent
    {
        public OneTimeCodeSent(string destination, string channel, string? status, DateTime? expiresAt)
        {
            Destination = destination;
            Channel = channel;
            Status = status;
            ExpiresAt = expiresAt;
        }

        /// <summary>The e-mail address, or the country code and number ("+57 3001234567").</summary>
        public string Destination { get; }

        /// <summary>"email", or the phone gateway the API named ("whatsapp", "sms"), or "phone" when it named none.</summary>
        public string Channel { get; }

        /// <summary>The API's status ("sent"), when it gave one.</summary>
        public string? Status { get; }

        /// <summary>UTC; null when the API did not say.</summary>
        public DateTime? ExpiresAt { get; }

        /// <summary>
        /// "by e-mail", "by WhatsApp", "by SMS", "by phone"; another gateway by its name only when that is a plain name
        /// (letters, digits, '-', '_', at most 32): it is the server's text, shown beside the command that finishes the
        /// sign-in, so nothing else of it may read as part of the message.
        /// </summary>
        public string ChannelText
        {
            get
            {
                switch (Channel.ToLowerInvariant())
                {
                    case "email": return "by e-mail";
                    case "whatsapp": return "by WhatsApp";
                    case "sms": return "by SMS";
                    case "phone": return "by phone";
                    default: return IsPlainName(Channel) ? "by " + Channel : "by phone";
                }
            }
        }

        private static bool IsPlainName(string name)
        {
            if (name.Length == 0 || name.Length > 32) return false;
            foreach (var ch in name)
            {
                if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_')) return false;
            }
            return true;
        }
    }
}
