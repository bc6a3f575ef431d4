// The Verifik connection is process-wide by design, so tests that connect must not run side by side.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
