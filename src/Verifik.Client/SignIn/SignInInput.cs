using System;
using System.Globalization;

namespace Verifik
{
    /// <summary>
    /// Checks what a user types to sign in, before anything is sent: an e-mail address like <c>ana@example.com</c>, a
    /// country calling code like <c>+57</c>, and a national phone number of digits (spaces and dashes between them are
    /// ignored). Each check returns why the value is refused, in words, or null when it is fine.
    /// </summary>
    public static class SignInInput
    {
        private const int MaxEmailLength = 254;
        private const int MinPhoneDigits = 4;
        private const int MaxPhoneDigits = 15; // E.164

        public static string? EmailProblem(string? email)
        {
            var value = (email ?? string.Empty).Trim();
            var shown = "'" + value + "'";
            if (value.Length == 0) return "The e-mail address is empty.";
            if (value.Length > MaxEmailLength) return $"The e-mail address is longer than {MaxEmailLength} characters.";
            foreach (var ch in value)
            {
                if (char.IsWhiteSpace(ch) || char.IsControl(ch)) return $"{shown} is not an e-mail address: it contains a space or a control character.";
            }
            var at = value.IndexOf('@');
            if (at < 0) return $"{shown} is not an e-mail address: it has no '@'. Give one like ana@example.com.";
            if (value.IndexOf('@', at + 1) >= 0) return $"{shown} is not an e-mail address: it has more than one '@'.";
            var local = value.Substring(0, at);
            var domain = value.Substring(at + 1);
            if (local.Length == 0) return $"{shown} is not an e-mail address: nothing comes before the '@'.";
            if (local.Length > 64) return $"{shown} is not an e-mail address: the part before the '@' is longer than 64 characters.";
            foreach (var ch in local)
            {
                if (!IsLocalCharacter(ch)) return $"{shown} is not an e-mail address: '{ch}' is not allowed before the '@'.";
            }
            if (local[0] == '.' || local[local.Length - 1] == '.' || local.Contains(".."))
                return $"{shown} is not an e-mail address: the part before the '@' cannot start or end with a dot, or have two dots in a row.";
            return DomainProblem(shown, domain);
        }

        /// <summary>"+" and 1 to 4 digits, as <c>+57</c> or <c>+1</c>.</summary>
        public static string? CountryCodeProblem(string? countryCode)
        {
            var value = (countryCode ?? string.Empty).Trim();
            var fine = value.Length >= 2 && value.Length <= 5 && value[0] == '+' && value[1] != '0' && AllDigits(value, 1);
            return fine ? null : $"'{value}' is not a country calling code: give '+' and 1 to 4 digits, like +57 or +1.";
        }

        public static string? PhoneProblem(string? phone)
        {
            var value = (phone ?? string.Empty).Trim();
            var shown = "'" + value + "'";
            if (value.Length == 0) return "The phone number is empty.";
            if (value[0] == '+')
                return $"{shown} starts with '+': give the country code with -CountryCode (like +57) and only the national number here (like 3001234567).";
            var digits = 0;
            foreach (var ch in value)
            {
                if (IsDigit(ch)) digits++;
                else if (ch != ' ' && ch != '-') return $"{shown} is not a phone number: '{ch}' is not a digit (only digits are allowed; spaces and dashes between them are ignored).";
            }
            if (!IsDigit(value[0]) || !IsDigit(value[value.Length - 1]))
                return $"{shown} is not a phone number: it must start and end with a digit (spaces and dashes may only come between digits).";
            if (digits < MinPhoneDigits || digits > MaxPhoneDigits)
                return $"{shown} is not a phone number: it has {digits} digits, and a phone number has {MinPhoneDigits} to {MaxPhoneDigits}.";
            if (Digits(value)[0] == '0')
                return $"{shown} starts with 0: give the number as it is dialled from abroad, after the country code, without the leading 0.";
            return null;
        }

        /// <summary>The national number as the API takes it (a JSON number). Call only for a phone <see cref="PhoneProblem"/> accepts.</summary>
        public static long PhoneNumber(string phone) => long.Parse(Digits(phone), NumberStyles.None, CultureInfo.InvariantCulture);

        /// <summary>The country code and number as shown in messages: "+57 3001234567".</summary>
        public static string DescribePhone(string countryCode, string phone) => countryCode.Trim() + " " + Digits(phone);

        private static string? DomainProblem(string shown, string domain)
        {
            if (domain.Length == 0) return $"{shown} is not an e-mail address: nothing comes after the '@'.";
            var labels = domain.Split('.');
            if (labels.Length < 2) return $"{shown} is not an e-mail address: the domain '{domain}' has no dot (like example.com).";
            foreach (var label in labels)
            {
                if (label.Length == 0 || label.Length > 63) return $"{shown} is not an e-mail address: the domain '{domain}' has an empty or overlong part.";
                if (label[0] == '-' || label[label.Length - 1] == '-') return $"{shown} is not an e-mail address: a part of the domain '{domain}' starts or ends with '-'.";
                foreach (var ch in label)
                {
                    if (!char.IsLetterOrDigit(ch) && ch != '-') return $"{shown} is not an e-mail address: '{ch}' is not allowed in the domain.";
                }
            }
            var top = labels[labels.Length - 1];
            var topFine = top.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || (top.Length >= 2 && AllLetters(top));
            return topFine ? null : $"{shown} is not an e-mail address: '{top}' is not a top-level domain (like com or co).";
        }

        // RFC 5322 "atext" and the dot; letters beyond ASCII for internationalised addresses.
        private static bool IsLocalCharacter(char ch) =>
            char.IsLetterOrDigit(ch) || ch == '.' || "!#$%&'*+/=?^_`{|}~-".IndexOf(ch) >= 0;

        private static bool IsDigit(char ch) => ch >= '0' && ch <= '9';

        private static bool AllDigits(string value, int from)
        {
            for (var i = from; i < value.Length; i++)
            {
                if (!IsDigit(value[i])) return false;
            }
            return true;
        }

        private static bool AllLetters(string value)
        {
            foreach (var ch in value)
            {
                if (!char.IsLetter(ch)) return false;
            }
            return true;
        }

        private static string Digits(string phone)
        {
            var digits = new System.Text.StringBuilder(phone.Length);
            foreach (var ch in phone)
            {
                if (IsDigit(ch)) digits.Append(ch);
            }
            return digits.ToString();
        }
    }
}
