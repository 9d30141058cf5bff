using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class PasswordsTests
{
    [Fact]
    public void A_generated_password_is_valid_sixteen_characters_without_look_alikes_and_new_each_time()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => Passwords.Generate()).ToList();
        Assert.All(passwords, p =>
        {
            Assert.Null(Passwords.Validate(p));
            Assert.Equal(16, p.Length);
            Assert.DoesNotContain(p, c => c is 'l' or '1' or 'o' or '0' || !char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }
}
