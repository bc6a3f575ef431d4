using System;

namespace Verifik
{
    // Optional values in the space of the plain value: records are held by the tens of thousands
    // ($all = Get-VerifikDocumentLiveness), and a double? takes 16 bytes where a double takes 8.
    // Each converts implicitly to and from its nullable type, so properties read as plain auto-properties.

    /// <summary>A double? in 8 bytes: the value's bits XOR a NaN pattern, so all-zero bits (the default) mean null.</summary>
    internal struct CompactDouble
    {
        private const long NullMarker = 0x7FF8_0000_0000_0BADL; // one particular NaN, never a finite value
        private long _bits;

        public static implicit operator double?(CompactDouble value) =>
            value._bits == 0 ? (double?)null : BitConverter.Int64BitsToDouble(value._bits ^ NullMarker);

        public static implicit operator CompactDouble(double? value) =>
            new CompactDouble { _bits = value.HasValue ? BitConverter.DoubleToInt64Bits(value.Value) ^ NullMarker : 0 };
    }

    /// <summary>A DateTime? in 8 bytes (kind kept), via DateTime.ToBinary; only 0001-01-01 of unspecified kind reads as null.</summary>
    internal struct CompactDate
    {
        private long _binary;

        public static implicit operator DateTime?(CompactDate value) =>
            value._binary == 0 ? (DateTime?)null : DateTime.FromBinary(value._binary);

        public static implicit operator CompactDate(DateTime? value) =>
            new CompactDate { _binary = value.HasValue ? value.Value.ToBinary() : 0 };
    }

    /// <summary>A bool? in one byte: 0 null, 1 false, 2 true.</summary>
    internal struct CompactBool
    {
        private byte _state;

        public static implicit operator bool?(CompactBool value) =>
            value._state == 0 ? (bool?)null : value._state == 2;

        public static implicit operator CompactBool(bool? value) =>
            new CompactBool { _state = value.HasValue ? (value.Value ? (byte)2 : (byte)1) : (byte)0 };
    }
}
