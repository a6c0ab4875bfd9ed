namespace RedisRepo.Tests.Models;

/// <summary>A customer whose e-mail (unique) and city are indexed ignoring case.</summary>
[RedisKey("crm:customer:<Id>")]
[Persistent]
public sealed class Customer
{
    public string Id { get; set; } = "";

    [Index(Unique = true, IgnoreCase = true)] public string Email { get; set; } = "";

    [Index(IgnoreCase = true)] public string City { get; set; } = "";

    [Index] public string Segment { get; set; } = "";
}

public partial interface ICustomerRepository
{
    Task<IReadOnlyList<Customer>> FindByCityInAsync(IEnumerable<string> cities, CancellationToken cancellationToken = default);
}
