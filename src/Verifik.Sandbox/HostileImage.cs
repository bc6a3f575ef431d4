namespace Verifik.Sandbox;

/// <summary>Misbehaving image answers, each at a stable path on the image listener (<see cref="SandboxServer.HostileImageUrl"/>).</summary>
public enum HostileImage
{
    /// <summary>200 text/html: an error page where an image was expected.</summary>
    HtmlPage,
    /// <summary>200 image/jpeg, Content-Length and body one byte longer than the size in the URL (streamed).</summary>
    Oversized,
    /// <summary>Like <see cref="Oversized"/> but chunked: no Content-Length to refuse up front.</summary>
    OversizedChunked,
    /// <summary>302 to the sample JPEG on the other loopback host name (127.0.0.1 ⇄ localhost), same port.</summary>
    RedirectOtherHost,
    /// <summary>302 to &lt;BaseUri&gt;v2/document-liveness/&lt;name&gt; on the API listener (a token must not follow).</summary>
    RedirectToApi,
    /// <summary>302 to https://&lt;same host&gt;:&lt;port&gt;/document-liveness/&lt;name&gt; (nothing speaks TLS there).</summary>
    RedirectOtherScheme,
    /// <summary>image/jpeg with Content-Length = the size in the URL, but only half of it sent before the connection is aborted.</summary>
    Truncated,
    /// <summary>image/jpeg with Content-Length = the size in the URL; sends a first chunk, then waits until the client leaves or the server stops.</summary>
    Stall,
    /// <summary>The sample JPEG with no Content-Type header.</summary>
    NoContentType,
    /// <summary>The sample PNG as application/octet-stream.</summary>
    OctetStream,
    /// <summary>200 image/jpeg whose body is an HTML sign-in page (a gateway that labels everything an image).</summary>
    HtmlAsJpeg,
    /// <summary>The sample PNG labelled image/jpeg.</summary>
    PngAsJpeg,
    /// <summary>The sample WebP with no Content-Type header.</summary>
    NoContentTypeWebP,
}
