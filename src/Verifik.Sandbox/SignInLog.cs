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

    /// <summary>Every secret above, for "never appears in the output" assertions.</summary>
    public IReadOnlyList<string> Secrets => [.. Tokens, .. OtpHashes];

    /// <summary>A fresh token for <paramref name="clientId"/>, valid 30 days; accepted from now on.</summary>
    internal string IssueToken(string clientId)
    {
        // The jti makes two sign-ins of one account give different tokens.
        var token = SandboxDefaults.MakeToken(clientId, DateTimeOffset.UtcNow.AddDays(30), Guid.NewGuid().ToString("N"));
        _clientOfToken[token] = clientId;
        lock (_tokens) _tokens.Add(token);
        return token;
    }

    /// <summary>A random "$2b$10$" + 53 characters, shaped like the bcrypt hash the live API sends.</summary>
    internal string NewOtpHash()
    {
        var hash = "$2b$10$" + RandomNumberGenerator.GetString(HashAlphabet, 53);
        lock (_otpHashes) _otpHashes.Add(hash);
        return hash;
    }

    internal bool TryGetClientId(string token, out string clientId) => _clientOfToken.TryGetValue(token, out clientId!);
}
