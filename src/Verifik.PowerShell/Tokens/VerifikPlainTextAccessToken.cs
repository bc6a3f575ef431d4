namespace Verifik.PowerShell
{
    /// <summary>A connection's token as plain text (Get-VerifikAccessToken -AsPlainText). Its default views show only the hint.</summary>
    public sealed class VerifikPlainTextAccessToken : VerifikAccessTokenInfo
    {
        internal VerifikPlainTextAccessToken(System.Uri baseUri, BearerToken described, string token) : base(baseUri, described)
        {
            Token = token;
        }

        public string Token { get; }
    }
}
