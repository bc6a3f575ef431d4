using System;
using System.Collections.Generic;

namespace Verifik
{
    /// <summary>A 2xx answer to a <see cref="ResourceRequest"/>: status, headers and body (empty when it went to a file).</summary>
    public sealed class ResourceResponse
    {
        internal ResourceResponse(int statusCode, string? mediaType, byte[] body, IReadOnlyDictionary<string, string[]> headers, DateTime sentAt)
        {
            StatusCode = statusCode;
            MediaType = mediaType;
            Body = body;
            Headers = headers;
            SentAt = sentAt;
        }

        public int StatusCode { get; }

        /// <summary>The Content-Type's media type ("application/json"), or null.</summary>
        public string? MediaType { get; }

        public byte[] Body { get; }

        /// <summary>Response and content headers, by name without case.</summary>
        public IReadOnlyDictionary<string, string[]> Headers { get; }

        /// <summary>When the attempt that got this answer was sent (UTC).</summary>
        public DateTime SentAt { get; }

        /// <summary>JSON, by its type or for want of one (the API sends JSON without saying so at times).</summary>
        public bool IsJson => MediaType == null || MediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Text a person can read as it is (text/*, XML, JavaScript); not an image or other bytes.</summary>
        public bool IsText => MediaType != null && (MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || MediaType.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0 || MediaType.IndexOf("javascript", StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
