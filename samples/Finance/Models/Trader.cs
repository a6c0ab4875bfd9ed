using RedisRepo;

namespace Finance.Models;

/// <summary>A trader login: one trader per e-mail address, enforced by a unique index.</summary>
[RedisKey("finance:trader:<Username>")]
[Persistent]
public sealed class Trader
{
    public string Username { get; set; } = "";

    [Index(Unique = true)] public string Email { get; set; } = ""; // GetByEmailAsync; a second holder throws
}
