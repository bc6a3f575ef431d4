using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// Makes an error record safe to show, whoever built it: PowerShell shows ErrorDetails.Message when it is set, else
    /// the exception's message, and its NormalView shows CategoryInfo.TargetName (the TargetObject as text). Where either
    /// holds a control character (an ID or a server's text as it came), the shown text is escaped (<see cref="Printable"/>);
    /// the exception and TargetObject keep the values as they came, for scripts.
    /// </summary>
    internal static class ErrorDisplay
    {
        public static ErrorRecord Escaped(ErrorRecord record)
        {
            var details = record.ErrorDetails;
            var message = details?.Message is string shown && shown.Length > 0 ? shown : record.Exception?.Message;
            var escaped = Printable.Escape(message);
            var action = details?.RecommendedAction;
            var escapedAction = Printable.Escape(action);
            if (!ReferenceEquals(escaped, message ?? string.Empty) || !ReferenceEquals(escapedAction, action ?? string.Empty))
            {
                record.ErrorDetails = new ErrorDetails(escaped) { RecommendedAction = escapedAction };
            }
            var target = record.CategoryInfo.TargetName;
            var escapedTarget = Printable.Escape(target);
            if (!ReferenceEquals(escapedTarget, target ?? string.Empty)) record.CategoryInfo.TargetName = escapedTarget;
            return record;
        }
    }
}
