using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

internal enum ApiRouteKind { Other, Get, List, Create, EmailLogin, EmailConfirm, PhoneLogin, PhoneConfirm, Account, Renew, Revoke, BiometricList, BiometricGet }

/// <summary>What a /v2 request is, from its method and decoded path segments.</summary>
internal sealed record ApiRoute(ApiRouteKind Kind, string? Id)
{
    private const string Resource = "document-liveness";

    public bool IsSignIn => Kind is ApiRouteKind.EmailLogin or ApiRouteKind.EmailConfirm or ApiRouteKind.PhoneLogin or ApiRouteKind.PhoneConfirm;

    /// <summary>For fault matching; null for an unknown /v2 path.</summary>
    public FaultOperation? Operation => Kind switch
    {
        ApiRouteKind.Get => FaultOperation.Get,
        ApiRouteKind.List => FaultOperation.List,
        ApiRouteKind.Create => FaultOperation.Create,
        ApiRouteKind.Other or ApiRouteKind.Account or ApiRouteKind.Renew or ApiRouteKind.Revoke
            or ApiRouteKind.BiometricList or ApiRouteKind.BiometricGet => null, // only faults not scoped to an operation
        _ => FaultOperation.SignIn,
    };

    /// <param name="segments">Decoded segments; segments[0] is "v2". A trailing "/" shows as a last empty segment.</param>
    public static ApiRoute Parse(string method, IReadOnlyList<string> segments)
    {
        var rest = segments.Count > 1 && segments[^1].Length == 0 ? segments.Count - 1 : segments.Count; // ignore one trailing "/"
        if (segments.Count >= 2 && segments[1] == Resource)
        {
            if (rest == 2) return new(HttpMethods.IsPost(method) ? ApiRouteKind.Create : ApiRouteKind.List, null);
            if (segments.Count == 3 && segments[2].Length > 0) return new(ApiRouteKind.Get, segments[2]);
        }
        if (segments.Count >= 3 && segments[1] == "projects" && (rest == 3 || (rest == 4 && segments[3] == "confirm")))
        {
            var confirm = rest == 4;
            switch (segments[2])
            {
                case "email-login": return new(confirm ? ApiRouteKind.EmailConfirm : ApiRouteKind.EmailLogin, null);
                case "phone-login": return new(confirm ? ApiRouteKind.PhoneConfirm : ApiRouteKind.PhoneLogin, null);
            }
        }
        return Parse(segments, rest) ?? new(ApiRouteKind.Other, null);
    }

    /// <summary>The routes beyond document liveness and sign-in: the account, its tokens, biometric validations.</summary>
    private static ApiRoute? Parse(IReadOnlyList<string> segments, int rest)
    {
        if (rest == 3 && segments[1] == "clients" && segments[2] == "me") return new(ApiRouteKind.Account, null);
        if (rest == 3 && segments[1] == "auth" && segments[2] == "session") return new(ApiRouteKind.Renew, null);
        if (rest == 3 && segments[1] == "auth" && segments[2] == "renew-and-revoke") return new(ApiRouteKind.Revoke, null);
        if (segments.Count >= 2 && segments[1] == "biometric-validations")
        {
            if (rest == 2) return new(ApiRouteKind.BiometricList, null);
            if (segments.Count == 3 && segments[2].Length > 0) return new(ApiRouteKind.BiometricGet, segments[2]);
        }
        return null;
    }
}
