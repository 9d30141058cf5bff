using System.Buffers.Text;
using System.Security.Cryptography;

namespace OnlineChat.Backplane;

/// <summary>The secret a client resumes its login with: 128 random bits, URL-safe base64 (no spaces, so it fits a command line).</summary>
public static class ResumeSecret
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
