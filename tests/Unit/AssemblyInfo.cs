// Sandbox servers are cheap, but 2-core CI machines get flaky under many Kestrel hosts at once; parallel
// test classes (the xunit default) are fine because every HTTP test owns its own server on port 0.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 2)]
