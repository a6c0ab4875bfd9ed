using RedisRepo;

namespace Finance.Models;

/// <summary>An audit record: how long it lives is decided by the archive job, not by a TTL.</summary>
#pragma warning disable RR1002 // no TTL decision: the nightly archive job moves and deletes these entries
[RedisKey("finance:audit:<Id>")]
public sealed class AuditEntry
#pragma warning restore RR1002
{
    public string Id { get; set; } = "";

    public string Action { get; set; } = "";
}
