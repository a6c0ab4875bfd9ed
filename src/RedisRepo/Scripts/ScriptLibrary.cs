namespace RedisRepo.Scripts;

/// <summary>Every script RedisRepo sends, for loading ahead of use and for the contract tests.</summary>
internal static class ScriptLibrary
{
    public static IReadOnlyList<RedisScript> All { get; } =
    [
        WriteScript.Script,
        CountLiveScript.Script,
        LiveIdsScript.Script,
        ScanIdsScript.Script,
        IndexIdsScript.Script,
        TouchScript.Script,
        ExpiredIdsScript.Script,
        PurgeScript.Script,
        RepairScript.Script,
        ReindexScript.Script,
        ReleaseLockScript.Script,
        ClaimScript.Script,
        ClaimCheckScript.Script,
        ReleaseClaimScript.Script,
        EvictionPolicyScript.Script,
        QueryScript.Script,
        IdsPageScript.Script,
    ];
}
