namespace RedisRepo;

/// <summary>
/// What <c>RebuildIndexesAsync</c> did. It never writes an entity's payload and never deletes an
/// index before the new entries exist, so it can be stopped at any point without losing anything;
/// entities it could not index are listed in <see cref="Skipped"/>, not fatal.
/// </summary>
public sealed class IndexRebuildResult
{
    /// <summary>Creates the result.</summary>
    public IndexRebuildResult(string model, long reindexed, long changedMeanwhile, long orphansRemoved, IReadOnlyList<IndexRebuildSkip> skipped)
    {
        Model = model;
        Reindexed = reindexed;
        ChangedMeanwhile = changedMeanwhile;
        OrphansRemoved = orphansRemoved;
        Skipped = skipped;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>Entities whose record and index entries were brought in line with their payload.</summary>
    public long Reindexed { get; }

    /// <summary>Entities saved or deleted by someone else while the rebuild read them: left to that writer, who indexed them.</summary>
    public long ChangedMeanwhile { get; }

    /// <summary>Index entries, ids and records removed because no entity backs them.</summary>
    public long OrphansRemoved { get; }

    /// <summary>Keys the rebuild left as they were: unreadable or foreign values, unique conflicts.</summary>
    public IReadOnlyList<IndexRebuildSkip> Skipped { get; }
}

/// <summary>A key <c>RebuildIndexesAsync</c> could not index, and why.</summary>
/// <param name="Model">The model's type name.</param>
/// <param name="Key">The Redis key.</param>
/// <param name="Reason">Why it was left as it was.</param>
public sealed record IndexRebuildSkip(string Model, string Key, string Reason);
