using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace Verifik.PowerShell.Parameters
{
    /// <summary>
    /// Reads record IDs from what a cmdlet was given (Get-VerifikDocumentLiveness, Save-VerifikDocumentLivenessImage):
    /// -Id, or the pipeline object as it came. PowerShell binds a row without an Id column by value, as the text
    /// "@{RecordId=…}", so the cmdlets also bind the object itself (a hidden -InputObject) and this refuses such a row
    /// before any request, naming the columns it has. IDs are trimmed; every refusal says which input (its 1-based
    /// position among the IDs of the command) it belongs to. One instance per command invocation, pipeline thread only.
    /// </summary>
    internal sealed class InputIds
    {
        /// <summary>The properties an ID binds from, in the order PowerShell tries them (the parameter, then its aliases).</summary>
        public static readonly string[] Columns = { "Id", "_id", "DocumentLivenessId" };

        private const int ColumnsShown = 8;

        private long _position;
        private bool _requested = true;

        /// <summary>How many inputs have been read so far (the position of the last one).</summary>
        public long Count => _position;

        /// <summary>
        /// The IDs one call of ProcessRecord stands for: those in <paramref name="pipelineObject"/> when it is an object
        /// (not text, not a list), else <paramref name="bound"/> (what -Id holds).
        /// </summary>
        /// <param name="requested">The IDs go into a request path, so they must be valid there too (not "..", no lone
        /// surrogate); false when an ID only names a file (a row that brings its own ImageUrl).</param>
        public IReadOnlyList<InputId> Read(object? pipelineObject, IReadOnlyList<string?>? bound, bool requested = true)
        {
            _requested = requested;
            var row = Unwrap(pipelineObject);
            if (row == null || IsText(row) || (row is IList && !(row is IDictionary)))
            {
                if (bound == null) return new[] { Check(null, pipelineObject) };
                var ids = new InputId[bound.Count];
                for (var i = 0; i < bound.Count; i++) ids[i] = Check(bound[i], bound[i]);
                return ids;
            }
            if (row is DocumentLiveness record) return new[] { Check(record.Id, record.Id) };
            if (!TryColumn(pipelineObject!, row, out var value)) return new[] { NoIdColumn(pipelineObject!, row) };
            if (value is IEnumerable many && !IsText(value))
            {
                var ids = many.Cast<object?>().Select(v => Check(Text(v), v)).ToArray();
                return ids.Length == 0 ? new[] { Check(null, value) } : ids;
            }
            return new[] { Check(Text(value), value) };
        }

        /// <summary>One ID trimmed and checked (empty, a relative segment, a lone surrogate), with its position.</summary>
        private InputId Check(string? id, object? original)
        {
            var position = ++_position;
            var trimmed = id?.Trim();
            // The message of the ID as given ("only whitespace") when trimming leaves nothing.
            var problem = string.IsNullOrEmpty(trimmed) ? RecordPath.Validate(id) : _requested ? RecordPath.Validate(trimmed) : null;
            if (problem == null) return new InputId(position, trimmed, null);
            var message = string.Format(CultureInfo.InvariantCulture, "Input #{0}: {1} It cannot name a record; nothing was requested for it.", position,
                Printable.Escape(problem));
            return new InputId(position, null, new ErrorRecord(new ArgumentException(message), "InvalidDocumentLivenessId", ErrorCategory.InvalidArgument, original));
        }

        private InputId NoIdColumn(object pipelineObject, object row)
        {
            var position = ++_position;
            var names = ColumnNames(pipelineObject, row);
            var has = names.Count == 0 ? "it has no columns at all"
                : "it has " + string.Join(", ", names.Take(ColumnsShown).Select(Printable.Escape)) +
                  (names.Count > ColumnsShown ? string.Format(CultureInfo.InvariantCulture, " and {0} more", names.Count - ColumnsShown) : string.Empty);
            var hint = names.Count > 0
                ? string.Format(CultureInfo.InvariantCulture, " Rename the column, for example: Select-Object @{{ Name = 'Id'; Expression = {{ $_.{0} }} }}.",
                    Printable.Escape(names[0]))
                : string.Empty;
            var message = string.Format(CultureInfo.InvariantCulture,
                "Input #{0} has no Id column; {1}. An ID comes from a string or from an Id, _id or DocumentLivenessId property; " +
                "nothing was requested for it.{2}", position, has, hint);
            return new InputId(position, null, new ErrorRecord(new ArgumentException(message), "VerifikInputWithoutId", ErrorCategory.InvalidArgument, pipelineObject));
        }

        /// <summary>The value of the first ID column (property, or key of a hashtable) the object has.</summary>
        private static bool TryColumn(object pipelineObject, object row, out object? value)
        {
            if (row is IDictionary dictionary)
            {
                foreach (var column in Columns)
                {
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Key is string key && string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
                        {
                            value = Unwrap(entry.Value);
                            return true;
                        }
                    }
                }
                value = null;
                return false;
            }
            var properties = PSObject.AsPSObject(pipelineObject).Properties;
            foreach (var column in Columns)
            {
                var property = properties[column];
                if (property == null) continue;
                value = Unwrap(property.Value);
                return true;
            }
            value = null;
            return false;
        }

        private static List<string> ColumnNames(object pipelineObject, object row)
        {
            if (row is IDictionary dictionary) return dictionary.Keys.Cast<object?>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty).ToList();
            return PSObject.AsPSObject(pipelineObject).Properties.Select(p => p.Name).ToList();
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>Strings, and the scalars PowerShell turns into one (a number, a GUID): taken as the ID's text.</summary>
        private static bool IsText(object value) =>
            value is string || value is char || value is Guid || value is decimal || value.GetType().IsPrimitive;

        private static string? Text(object? value)
        {
            value = Unwrap(value);
            if (value == null) return null;
            return value as string ?? LanguagePrimitives.ConvertTo<string>(value);
        }
    }

    /// <summary>One ID read from the input: the trimmed ID, or why it cannot be one.</summary>
    internal readonly struct InputId
    {
        public InputId(long position, string? id, ErrorRecord? error)
        {
            Position = position;
            Id = id;
            Error = error;
        }

        /// <summary>1-based, among every ID the command was given.</summary>
        public long Position { get; }

        /// <summary>Trimmed and valid; null when <see cref="Error"/> is set.</summary>
        public string? Id { get; }

        public ErrorRecord? Error { get; }
    }
}
