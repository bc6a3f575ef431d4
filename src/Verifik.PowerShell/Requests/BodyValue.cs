using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Security;

namespace Verifik.PowerShell.Requests
{
    /// <summary>
    /// Turns -Body (a hashtable, a [pscustomobject], arrays of them, plain values) into plain .NET values for the client's
    /// JSON writer and query builder, which know nothing of PowerShell: a PSCustomObject's properties become an ordered
    /// dictionary, PSObject wrappers are removed, other objects stay values (written as their text).
    /// </summary>
    internal static class BodyValue
    {
        private const int MaxDepth = 64;

        /// <exception cref="ArgumentException">Deeper than 64 levels (an object that refers to itself, say) or a SecureString.</exception>
        public static object? Plain(object? value) => Plain(value, 0);

        private static object? Plain(object? value, int depth)
        {
            if (depth > MaxDepth) throw new ArgumentException($"-Body nests deeper than {MaxDepth} levels (does an object refer to itself?).");
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var members = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in pso.Properties)
                    {
                        if (p.MemberType == PSMemberTypes.NoteProperty || p.MemberType == PSMemberTypes.Property) members[p.Name] = Plain(p.Value, depth + 1);
                    }
                    return members;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null: return null;
                case SecureString _:
                    throw new ArgumentException("-Body holds a SecureString; it is never revealed into a request body. Convert only what the API must receive.");
                case string _: return value;
                case IDictionary dictionary:
                    var copy = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in dictionary) copy[entry.Key is PSObject k ? k.BaseObject : entry.Key] = Plain(entry.Value, depth + 1);
                    return copy;
                case byte[] _: return value;
                case IEnumerable sequence:
                    var items = new List<object?>();
                    foreach (var item in sequence) items.Add(Plain(item, depth + 1));
                    return items;
                default: return value;
            }
        }
    }
}
