using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Accounts: registering the name in use, and logging in to one. Passwords are kept only as ASP.NET Core
/// Identity's PasswordHasher makes them (PBKDF2 with HMAC-SHA512, 100,000 iterations, a random 128-bit salt
/// per password, versioned so the format can move on): a maintained implementation, part of the shared
/// framework, instead of hashing by hand.
/// </summary>
public sealed class AccountService(
    ChatDirectory directory, UserReleaser releaser, ChatBus bus, ModeratorPolicy moderators, IOptions<PresenceOptions> options,
    TimeProvider time, ILogger<AccountService> logger)
{
    private static readonly TimeSpan s_registrationWindow = TimeSpan.FromHours(1);
    private readonly int _registrationsPerAddress = options.Value.RegistrationsPerAddressPerHour;
    private readonly int _maxGroups = options.Value.MaxGroupsPerUser;

    private static readonly PasswordHasher<string> s_hasher = new();

    // Verified when the account does not exist, so that a wrong name costs as long as a wrong password.
    private static readonly string s_decoy = s_hasher.HashPassword("", "not a password of anyone's");

    /// <summary>
    /// Makes the name <paramref name="token"/> holds an account, counted against the client's <paramref name="address"/>.
    /// A name Presence:Moderators lists comes with its badge, as a login to it would: the registering login
    /// holds the account from now on, and may moderate already.
    /// </summary>
    public async Task<(bool Done, string? Refusal, string? Badge)> RegisterAsync(string name, string token, string password, string address)
    {
        if (Passwords.Validate(password) is { } reason)
        {
            return (false, ChatText.Error(reason), null);
        }

        var (outcome, retryAfter) = await directory.RegisterAccountAsync(
            name, token, s_hasher.HashPassword(name, password), time.GetUtcNow(), address, _registrationsPerAddress, s_registrationWindow);
        if (outcome == AccountOutcome.Ok)
        {
            PresenceLog.AccountRegistered(logger, name);
        }

        return outcome switch
        {
            AccountOutcome.Ok => (true, null, moderators.IsModerator(name) ? moderators.Badge : null),
            AccountOutcome.AlreadyRegistered => (false, ChatText.AlreadyRegistered, null),
            AccountOutcome.TooManyRegistrations => (false, ChatText.Error(ChatText.TooManyRegistrations(_registrationsPerAddress, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes)))), null),
            _ => (false, ChatText.SessionEnded, null),
        };
    }

    /// <summary>
    /// Gives <paramref name="account"/> a new password: the user's own account, or anyone's for a moderator (a
    /// student who forgot theirs). Failed logins counted against the account are forgotten (those counted
    /// against an address stay). A login of the account that is open goes on. Returns the account's name, or
    /// why not as the line the client reads (see <see cref="ChatText.Refusal"/>).
    /// </summary>
    public async Task<(string? Account, string? Refusal)> SetPasswordAsync(string user, string token, string account, string password)
    {
        if (Passwords.Validate(password) is { } reason)
        {
            return (null, ChatText.Error(reason));
        }

        // Or one moderator could take over another's account, and with it the role. Asked by anyone else, the
        // answer is the directory's "only a moderator", which does not tell who the moderators are.
        if (!string.Equals(account, user, StringComparison.OrdinalIgnoreCase) && moderators.IsModerator(user) && moderators.IsModerator(account))
        {
            return (null, ChatText.ModeratorsOwnPassword);
        }

        var (outcome, name) = await directory.SetPasswordAsync(user, token, account, s_hasher.HashPassword(account, password), moderators.IsModerator(user));
        if (outcome != AccountOutcome.Ok)
        {
            var refusal = outcome switch
            {
                AccountOutcome.NotAnAccount => ChatText.NotLoggedIn,
                AccountOutcome.NotModerator => ChatText.NotModerator,
                AccountOutcome.NoSuchAccount => ChatText.NoSuchAccount(account),
                _ => ChatText.SessionEnded,
            };
            return (null, refusal);
        }

        await directory.ClearLoginFailuresAsync(name!);
        PresenceLog.PasswordSet(logger, name!, user);
        return (name, null);
    }

    /// <summary>
    /// The operator's reset (presence's /admin endpoint, the dashboard's "Reset a password" command): any
    /// account, a moderator's too, gets a new generated password, and the failed logins counted against it are
    /// forgotten. Returns the account's name and the password to hand on, or null when there is no such account.
    /// </summary>
    public async Task<(string Account, string Password)?> ResetByOperatorAsync(string account)
    {
        var password = Passwords.Generate();
        if (await directory.ResetPasswordAsync(account, s_hasher.HashPassword(account, password)) is not { } name)
        {
            return null;
        }

        await directory.ClearLoginFailuresAsync(name);
        PresenceLog.PasswordSet(logger, name, "the operator");
        return (name, password);
    }

    /// <summary>
    /// Checks the password (after the throttle), then gives the login <paramref name="token"/>, now known as
    /// <paramref name="currentName"/>, the account's name: the old name is released as on a logout, a login
    /// of the account elsewhere is told and closed, and everybody else sees the account come online.
    /// </summary>
    public async Task<LoginOutcome> LogInAsync(string name, string password, string token, string currentName, string address, bool resumable = false)
    {
        var now = time.GetUtcNow();
        var wait = Max(
            LoginThrottle.WaitBefore(await directory.LoginFailuresAsync("account", name), now.ToUnixTimeMilliseconds()),
            LoginThrottle.WaitBefore(await directory.LoginFailuresAsync("address", address), now.ToUnixTimeMilliseconds()));
        if (wait > TimeSpan.Zero)
        {
            return LoginOutcome.Refused(ChatText.LoginsSlowedDown((int)Math.Ceiling(wait.TotalSeconds)), throttled: true);
        }

        var account = await directory.FindAccountAsync(name);
        var verified = s_hasher.VerifyHashedPassword(account?.Name ?? "", account?.PasswordHash ?? s_decoy, password);
        if (account is null || verified == PasswordVerificationResult.Failed)
        {
            await directory.RecordLoginFailureAsync(name, address, now, LoginThrottle.Remembered);
            PresenceLog.LoginFailed(logger, name, address);
            return LoginOutcome.Refused(ChatText.WrongPassword, throttled: false);
        }

        await directory.ClearLoginFailuresAsync(name);
        var badge = moderators.IsModerator(account.Name) ? moderators.Badge : null;
        if (string.Equals(currentName, account.Name, StringComparison.Ordinal))
        {
            return LoginOutcome.LoggedIn(account.Name, badge, null, null, await SecretAsync(account.Name));
        }

        // The account's name first, the old name after: a gateway's lease renewal between the two must count
        // at least as many of its users in the directory as it has connected, or it puts the old name back
        // as a ghost and tells the user the directory had lost track of them (GatewayLease).
        var (done, replaced, seen, at) = await directory.LogInAsync(account.Name, token);
        if (!done)
        {
            return LoginOutcome.Refused(ChatText.SessionEnded.TrimEnd('\n'), throttled: false);
        }

        // The guest's groups are the account's now (the same person); what did not move, the release takes away.
        var carried = await directory.CarryGroupsAsync(currentName, account.Name, token, _maxGroups);
        await releaser.ReleaseAsync(currentName, token);
        if (replaced is not null)
        {
            // The older login ends on its gateway; the account was online all along, so nobody is told it left or came.
            await bus.PublishControlAsync(new ChatEvent
            {
                Kind = ChatEventKind.SessionEnded, User = account.Name, Token = replaced, Text = ChatText.LoggedInElsewhere,
            });
        }
        else
        {
            await bus.PublishToAllAsync(Notices.Online(account.Name) with { ExceptLogin = token });
        }

        await TellCarriedAsync(carried, currentName, account.Name, token);
        PresenceLog.LoggedIn(logger, account.Name, token, replaced);
        return LoginOutcome.LoggedIn(account.Name, badge, seen, at, await SecretAsync(account.Name),
            [.. carried.Where(g => g.Joined).Select(g => g.Group)]);

        // A resumable login keeps being one under its new name, with a secret of its own.
        async Task<string?> SecretAsync(string accountName)
        {
            var secret = resumable ? ResumeSecret.Create() : null;
            return secret is not null && await directory.MakeResumableAsync(accountName, token, secret) ? secret : null;
        }
    }

    /// <summary>
    /// Each carried group's members (the one logging in too, so it learns its groups came along) read that the
    /// account joined, or (where it was a member already) that the guest left, and who owns the group now. That
    /// the guest left is not for the login itself (<paramref name="token"/>): it is still there, as the account.
    /// </summary>
    private async Task TellCarriedAsync(IReadOnlyList<CarriedGroup> carried, string guest, string accountName, string token)
    {
        foreach (var group in carried)
        {
            string[] online = [.. group.Members.Where(m => m.Token is not null).Select(m => m.User)];
            await bus.PublishToUsersAsync(online, group.Joined
                ? Notices.About(ChatEventKind.GroupJoined, accountName, group.Group)
                : Notices.About(ChatEventKind.GroupLeft, guest, group.Group) with { ExceptLogin = token });
            if (group.Owns)
            {
                await bus.PublishToUsersAsync(online, Notices.About(ChatEventKind.GroupOwnerChanged, accountName, group.Group));
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>A login's result: the account's name and a moderator's badge, or why not.</summary>
public sealed record LoginOutcome(string? Name, string? Error, bool Throttled, string? Badge = null, LogId? Seen = null, LogId? At = null, string? ResumeSecret = null, IReadOnlyList<string>? JoinedGroups = null)
{
    public static LoginOutcome LoggedIn(string name, string? badge, LogId? seen, LogId? at, string? secret, IReadOnlyList<string>? joinedGroups = null) =>
        new(name, null, false, badge, seen, at, secret, joinedGroups);

    public static LoginOutcome Refused(string error, bool throttled) => new(null, error, throttled);
}
