using System.Collections.Generic;

namespace Verifik
{
    /// <summary>One answer of a generic listing (<see cref="ResourceLister"/>): its items as <see cref="JsonTree"/> values.</summary>
    public sealed class ResourcePage
    {
        internal ResourcePage(IReadOnlyList<object?> items, bool isList, ResourceResponse response, IReadOnlyList<string> dropped)
        {
            Items = items;
            IsList = isList;
            Response = response;
            DroppedSecrets = dropped;
        }

        /// <summary>The page's items; for an answer that is no list, that one answer.</summary>
        public IReadOnlyList<object?> Items { get; }

        /// <summary>False when the answer was not one of the documented list envelopes (it is then the only item).</summary>
        public bool IsList { get; }

        public ResourceResponse Response { get; }

        /// <summary>Names of the secret members left out of the items (see <see cref="SecretFields"/>).</summary>
        public IReadOnlyList<string> DroppedSecrets { get; }
    }
}
