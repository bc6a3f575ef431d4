namespace Verifik.Sandbox;

/// <summary>Turns one 64-bit seed into many well-spread deterministic values (synthetic records, create scores).</summary>
internal static class HashMix
{
    /// <summary>A value in [0,1) from the seed and a slot number.</summary>
    public static double Unit(ulong h, int slot) => (Mix(h + (ulong)slot) >> 11) * (1.0 / (1UL << 53));

    // SplitMix64 finaliser: cheap, well-spread, deterministic.
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
