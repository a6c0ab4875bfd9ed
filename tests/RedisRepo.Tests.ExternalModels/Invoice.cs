using RedisRepo;

namespace RedisRepo.Tests.ExternalModels;

[RedisKey("billing:invoice:<Number>")]
[Persistent]
public sealed class Invoice
{
    public long Number { get; set; }

    public decimal Amount { get; set; }
}
