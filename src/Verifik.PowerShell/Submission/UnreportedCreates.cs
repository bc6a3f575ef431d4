using System.Collections.Generic;
using System.Linq;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// The creates of one run that may have been charged while their record has not been written yet: sent and not
    /// answered, or answered and waiting for the pipeline. What Ctrl+C leaves unseen, so that the user is told. Thread-safe.
    /// </summary>
    internal sealed class UnreportedCreates
    {
        private readonly object _gate = new object();
        private readonly Dictionary<DocumentLivenessSubmission, FetchedRecord?> _pending = new Dictionary<DocumentLivenessSubmission, FetchedRecord?>();
        private readonly Dictionary<DocumentLivenessSubmission, long> _order = new Dictionary<DocumentLivenessSubmission, long>();
        private long _started;

        public void Started(DocumentLivenessSubmission submission)
        {
            lock (_gate)
            {
                _pending[submission] = null;
                _order[submission] = _started++;
            }
        }

        /// <summary>Answered with a failure: its error says what became of it.</summary>
        public void Failed(DocumentLivenessSubmission submission)
        {
            lock (_gate) Forget(submission);
        }

        /// <summary>Created; it stays until its record is written.</summary>
        public void Created(DocumentLivenessSubmission submission, FetchedRecord record)
        {
            lock (_gate) _pending[submission] = record;
        }

        public void Written(FetchedRecord record)
        {
            lock (_gate)
            {
                var done = _pending.Where(p => ReferenceEquals(p.Value, record)).Select(p => p.Key).ToList();
                foreach (var submission in done) Forget(submission);
            }
        }

        private void Forget(DocumentLivenessSubmission submission)
        {
            _pending.Remove(submission);
            _order.Remove(submission);
        }

        /// <summary>Those whose body went out (or that were created) and whose record was not written, in input order.</summary>
        public List<DocumentLivenessSubmission> MayHaveBeenCharged()
        {
            lock (_gate)
            {
                return _pending.Where(p => p.Value != null || p.Key.SentAt != null).Select(p => p.Key).OrderBy(s => _order[s]).ToList();
            }
        }
    }
}
