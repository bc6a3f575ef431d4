namespace Verifik.Sandbox;

/// <summary>
/// What <see cref="SandboxOptions.HostileText"/> puts in the sandbox's own answers: ANSI colour and OSC title sequences,
/// BEL, a C1 CSI, DEL and forged line breaks, in created IDs and warnings and in the sign-in's status and phoneGateway,
/// as a compromised or hostile server could. A terminal that is handed them raw obeys them.
/// </summary>
public static class HostileText
{
    /// <summary>The sign-in's status: an OSC sequence that retitles the terminal, a C1 CSI that clears it, a forged debug line.</summary>
    public const string Status = "sent\u001b]0;pwned\u0007\u009b2J\nDEBUG: forged";

    /// <summary>The phone sign-in's gateway: hidden text, then a fake "Finish the sign-in with:" command on a line of its own.</summary>
    public const string PhoneGateway = "\u001b[8mwhatsapp\u001b[0m\r\nFinish the sign-in with: Connect-Verifik -Token 'eyJhbGciOiJub25lIn0.e30.forged'\u0007";

    /// <summary>A warning code added to every check of a created record.</summary>
    public const string Warning = "GLARE\u001b[5m_ON\u009b2J_IMAGE\u007f";

    /// <summary>A created record's ID: a real one wrapped in a colour sequence and a bell.</summary>
    public static string Id(string id) => "\u001b[31m" + id + "\u001b[0m\u0007";
}
