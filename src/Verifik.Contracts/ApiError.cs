namespace Verifik
{
    /// <summary>
    /// The API's own account of a failure, whichever documented body carried it: its code
    /// (e.g. <c>NotFound</c>, <c>MissingParameter</c>) and its sentence. Read by <c>ApiErrorReader</c>.
    /// </summary>
    public sealed class ApiError
    {
        public ApiError(string? code, string? message) { Code = code; Message = message; }

        public string? Code { get; }
        public string? Message { get; }

        public override string ToString() =>
            Message != null && Code != null ? Message + " (" + Code + ")" : Message ?? Code ?? string.Empty;
    }
}
