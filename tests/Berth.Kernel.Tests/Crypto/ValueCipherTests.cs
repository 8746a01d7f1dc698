using System.Security.Cryptography;
using System.Text;
using Berth.Kernel.Crypto;

namespace Berth.Kernel.Tests.Crypto;

public sealed class ValueCipherTests
{
    const string Record = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf|v1";
    static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("")]
    [InlineData("hunter2")]
    [InlineData("{\"username\":\"admin\",\"password\":\"päss wörd ✓\"}")]
    public void SealOpen_String_RoundTrips(string plaintext)
    {
        var cipher = new ValueCipher(Key);

        var sealedValue = cipher.Seal(plaintext, Record);

        Assert.Equal(plaintext, cipher.OpenString(sealedValue, Record));
        Assert.Equal(1 + 12 + Encoding.UTF8.GetByteCount(plaintext) + 16, sealedValue.Length);
    }

    [Fact]
    public void SealOpen_Binary_RoundTrips()
    {
        var cipher = new ValueCipher(Key);
        var bytes = RandomNumberGenerator.GetBytes(65536);

        Assert.Equal(bytes, cipher.Open(cipher.Seal(bytes, Record), Record));
    }

    [Fact]
    public void Seal_SameValueTwice_UsesFreshNoncesAndHidesThePlaintext()
    {
        var cipher = new ValueCipher(Key);

        var a = cipher.Seal("the same secret", Record);
        var b = cipher.Seal("the same secret", Record);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.AsSpan(1, 12).ToArray(), b.AsSpan(1, 12).ToArray());
        Assert.DoesNotContain("the same secret", Encoding.UTF8.GetString(a), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WrongKey_IsRefused()
    {
        var sealedValue = new ValueCipher(Key).Seal("s3cret", Record);

        Assert.ThrowsAny<CryptographicException>(() => new ValueCipher(RandomNumberGenerator.GetBytes(32)).Open(sealedValue, Record));
    }

    [Fact]
    public void Open_OtherAssociatedData_IsRefused()
    {
        var cipher = new ValueCipher(Key);
        var sealedValue = cipher.Seal("s3cret", Record);

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, Record.Replace("|v1", "|v2", StringComparison.Ordinal)));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-ZyXwVu|v1"));
    }

    [Theory]
    [InlineData(5)] // nonce
    [InlineData(14)] // ciphertext
    [InlineData(-1)] // tag
    public void Open_TamperedByte_IsRefused(int index)
    {
        var cipher = new ValueCipher(Key);
        var sealedValue = cipher.Seal("s3cret", Record);
        sealedValue[index < 0 ? sealedValue.Length + index : index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, Record));
    }

    [Fact]
    public void Open_TruncatedOrUnknownFormat_IsRefused()
    {
        var cipher = new ValueCipher(Key);
        var sealedValue = cipher.Seal("s3cret", Record);
        var otherFormat = (byte[])sealedValue.Clone();
        otherFormat[0] = 2;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue.AsSpan(0, 20), Record));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open([], Record));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(otherFormat, Record));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(64)]
    public void Constructor_KeyNot32Bytes_IsRefused(int length) =>
        Assert.Throws<ArgumentException>(() => new ValueCipher(new byte[length]));

    [Fact]
    public void Constructor_CopiesTheKey_SoLaterChangesToTheArrayDoNotMatter()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var cipher = new ValueCipher(key);
        var sealedValue = cipher.Seal("s3cret", Record);
        key[0] ^= 0xFF;

        Assert.Equal("s3cret", cipher.OpenString(sealedValue, Record));
    }
}
