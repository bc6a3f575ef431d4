using System.Globalization;
using System.Security.Cryptography;

namespace Verifik.Sandbox;

/// <summary>New 24-hex-digit ids shaped like the live API's (MongoDB ObjectId: seconds, process random, counter).</summary>
internal static class ObjectIds
{
    private static readonly string ProcessPart = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    private static int _counter = RandomNumberGenerator.GetInt32(0x1000000);

    public static string New()
    {
        var seconds = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var count = Interlocked.Increment(ref _counter) & 0xFFFFFF;
        return seconds.ToString("x8", CultureInfo.InvariantCulture) + ProcessPart + count.ToString("x6", CultureInfo.InvariantCulture);
    }
}
