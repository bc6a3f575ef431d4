using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Verifik.Sandbox;

/// <summary>
/// What the sign-in endpoints handed out: access tokens (accepted as bearer tokens from then on) and the bcrypt-looking
/// hashes the phone step sends. Test-only: no-leak tests search output for exactly these secrets; never print them.
/// </summary>
public sealed class SignInLog
{
    private const string HashAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, string> _clientOfToken = new(StringComparer.Ordinal);
    private readonly List<string> _tokens = new();
    private readonly List<string> _otpHashes = new();

    /// <summary>Access tokens issued by confirms, oldest first.</summary>
    public IReadOnlyList<string> Tokens
    {
        get { lock (_tokens) return _tokens.ToArray(); }
    }

    /// <summary>The "otp" hashes sent by phone-login answers, oldest first.</summary>
    public IReadOnlyList<string> OtpHashes
    {
        get { lock (_otpHashes) return _otpHashes.ToArray(); }
    }

    /// <summary>
    /// The account secrets GET /v2/clients/me sends (its "otp" hash and "JWTPhrase", as the documented sample does), one
    /// pair per client, made when the account is first asked for.
    /// </summary>
    public IReadOnlyList<string> AccountSecrets
    {
        get { lock (_accountSecrets) return _accountSecrets.Values.SelectMany(p => new[] { p.OtpHash, p.JwtPhrase }).ToArray(); }
    }

    /// <summary>Every secret above, for "never appears in the output" assertions.</summary>
    public IReadOnlyList<string> Secrets => [.. Tokens, .. OtpHashes, .. AccountSecrets];

    private readonly Dictionary<string, (string OtpHash, string JwtPhrase)> _accountSecrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    /// <summary>A fresh token for <paramref name="clientId"/>, valid 30 days (or <paramref name="lifetime"/>); accepted from now on.</summary>
    internal string IssueToken(string clientId, TimeSpan? lifetime = null)
    {
        // The jti makes two sign-ins of one account give different tokens; a signature of its own, as a real token has, gives
        // each a hint of its own (the last four characters).
        var token = SandboxDefaults.MakeToken(clientId, DateTimeOffset.UtcNow.Add(lifetime ?? TimeSpan.FromDays(30)), Guid.NewGuid().ToString("N"));
        token = token[..(token.LastIndexOf('.') + 1)] + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _clientOfToken[token] = clientId;
        lock (_tokens) _tokens.Add(token);
        return token;
    }

    /// <summary>The account's otp hash and JWTPhrase, the same on every call for one client.</summary>
    internal (string OtpHash, string JwtPhrase) AccountSecretsOf(string clientId)
    {
        lock (_accountSecrets)
        {
            if (!_accountSecrets.TryGetValue(clientId, out var pair))
            {
                pair = ("$2a$10$" + RandomNumberGenerator.GetString(HashAlphabet, 53), "jwt-" + RandomNumberGenerator.GetHexString(24, lowercase: true));
                _accountSecrets[clientId] = pair;
            }
            return pair;
        }
    }

    /// <summary>
    /// Expires every token of <paramref name="clientId"/> but <paramref name="keep"/>: those issued here and
    /// <paramref name="startupToken"/> when it is that client's (renew-and-revoke).
    /// </summary>
    internal void RevokeAllBut(string clientId, string keep, string startupToken, string startupClientId)
    {
        foreach (var (token, client) in _clientOfToken)
        {
            if (client == clientId && token != keep) _revoked[token] = true;
        }
        if (startupClientId == clientId && startupToken != keep) _revoked[startupToken] = true;
    }

    internal bool IsRevoked(string token) => _revoked.ContainsKey(token);

    /// <summary>A random "$2b$10$" + 53 characters, shaped like the bcrypt hash the live API sends.</summary>
    internal string NewOtpHash()
    {
        var hash = "$2b$10$" + RandomNumberGenerator.GetString(HashAlphabet, 53);
        lock (_otpHashes) _otpHashes.Add(hash);
        return hash;
    }

    internal bool TryGetClientId(string token, out string clientId) => _clientOfToken.TryGetValue(token, out clientId!);
}
