namespace Verifik.Sandbox;

/// <summary>
/// A project the sign-in endpoints know, by e-mail address or by country code and phone number.
/// Tokens issued for it carry <paramref name="ClientId"/>.
/// </summary>
/// <param name="Phone">The national number, as the API takes it (a JSON number).</param>
public sealed record SandboxAccount(string ClientId, string? Email = null, string? CountryCode = null, long? Phone = null)
{
    public static SandboxAccount WithEmail(string email, string clientId) => new(clientId, Email: email);

    public static SandboxAccount WithPhone(string countryCode, long phone, string clientId) =>
        new(clientId, CountryCode: countryCode, Phone: phone);

    internal bool HasEmail(string email) => Email is not null && string.Equals(Email, email, StringComparison.OrdinalIgnoreCase);

    // "+57" and "57" name the same country.
    internal bool HasPhone(string countryCode, long phone) =>
        Phone == phone && CountryCode is not null
        && string.Equals(CountryCode.Trim().TrimStart('+'), countryCode.Trim().TrimStart('+'), StringComparison.Ordinal);
}
