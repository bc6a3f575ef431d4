using System.Collections.Generic;
using System.Management.Automation;

namespace Verifik.PowerShell.Requests
{
    /// <summary>
    /// Builds what Invoke-VerifikRequest writes from a <see cref="JsonTree"/> value: every JSON object a PSCustomObject
    /// (never a hashtable, so the pipeline, Select-Object and Export-Csv treat it as a record), arrays as object[], the
    /// rest as the tree has them. Members whose names differ only in case (PowerShell's properties do not) keep the last
    /// value, as JSON.parse does.
    /// </summary>
    internal static class ResponseObject
    {
        public static object? From(object? value)
        {
            switch (value)
            {
                case JsonMembers members:
                    var obj = new PSObject();
                    foreach (var member in members)
                    {
                        var converted = From(member.Value);
                        if (obj.Properties[member.Key] is PSPropertyInfo existing) existing.Value = converted;
                        else obj.Properties.Add(new PSNoteProperty(member.Key, converted));
                    }
                    return obj;
                case object?[] items:
                    var list = new object?[items.Length];
                    for (var i = 0; i < items.Length; i++) list[i] = From(items[i]);
                    return list;
                default:
                    return value;
            }
        }

        /// <summary>The items of a list page, each as <see cref="From"/> makes it.</summary>
        public static IEnumerable<object?> Items(IReadOnlyList<object?> items)
        {
            foreach (var item in items) yield return From(item);
        }
    }
}
