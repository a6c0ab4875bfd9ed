using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>One index of a model as the scripts see it: its kind, its slot name (key suffix) and its key.</summary>
/// <param name="Kind">One of the <c>Slot*</c> kinds of <see cref="Scripts.ScriptProtocol"/>.</param>
/// <param name="Index">The index's name, as the model declares it.</param>
/// <param name="Name">The slot name: the key's suffix under the meta prefix, e.g. <c>eq:Ticker</c>.</param>
/// <param name="Key">The index key.</param>
internal sealed record IndexSlot(string Kind, string Index, string Name, RedisKey Key);
