using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Verifik
{
    /// <summary>
    /// A read-only list of API codes (warnings, errors). PowerShell's <c>-contains</c> enumerates it,
    /// and <see cref="ToString"/> joins with ';' so <c>Export-Csv</c> writes
    /// <c>GLARE_ON_IMAGE;IMAGE_TOO_BLURRY</c> instead of <c>System.String[]</c>.
    /// </summary>
    public sealed class CodeList : ReadOnlyCollection<string>
    {
        public const string Separator = ";";

        public static readonly CodeList Empty = new CodeList(new string[0]);

        public CodeList(IList<string> items) : base(items) { }

        public static CodeList From(IEnumerable<string> items)
        {
            var list = items.ToList();
            return list.Count == 0 ? Empty : new CodeList(list);
        }

        public override string ToString() => string.Join(Separator, this);
    }
}
