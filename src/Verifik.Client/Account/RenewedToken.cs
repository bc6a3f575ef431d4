namespace Verifik
{
    /// <summary>A token the API issued in exchange for the connection's (<see cref="VerifikClient.RenewTokenAsync"/>).</summary>
    public sealed class RenewedToken
    {
        internal RenewedToken(BearerToken token, string method, string path, bool revokedOthers)
        {
            Token = token;
            Method = method;
            Path = path;
            RevokedOthers = revokedOthers;
        }

        public BearerToken Token { get; }

        /// <summary>The method the API took the renewal with: GET (the docs' samples), or POST (another page's) when GET was refused.</summary>
        public string Method { get; }

        /// <summary>The path and query sent ("/v2/auth/session?origin=refresh&amp;expiresIn=1").</summary>
        public string Path { get; }

        /// <summary>Every other token of the account was expired (renew-and-revoke).</summary>
        public bool RevokedOthers { get; }
    }
}
