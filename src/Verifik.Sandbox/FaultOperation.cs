namespace Verifik.Sandbox;

/// <summary>Which requests a <see cref="FaultRule"/> applies to (<see cref="FaultRule.Operations"/>).</summary>
[Flags]
public enum FaultOperation
{
    /// <summary>GET /v2/document-liveness/{id} (any method on that path).</summary>
    Get = 1,
    /// <summary>The list endpoint, /v2/document-liveness, except POST.</summary>
    List = 2,
    /// <summary>POST /v2/document-liveness.</summary>
    Create = 4,
    /// <summary>The four /v2/projects/…-login endpoints.</summary>
    SignIn = 8,
    /// <summary>Any request to the image (CDN) listener. Only rules that name it get it.</summary>
    Image = 16,
}
