using StackExchange.Redis;

namespace RedisRepo;

/// <summary>Members of <see cref="RedisRepoOptions"/> kept outside the type so that it stays bindable from configuration.</summary>
public static class RedisRepoOptionsExtensions
{
    extension(RedisRepoOptions options)
    {
        /// <summary>
        /// An existing connection to share; RedisRepo does not dispose it. The same as
        /// <see cref="RedisRepoOptions.UseConnection"/> and <see cref="RedisRepoOptions.GetConnection"/>
        /// (an extension property, so that configuration binders never see an <see cref="IConnectionMultiplexer"/>).
        /// </summary>
        public IConnectionMultiplexer? Connection
        {
            get => options.GetConnection();
            set => options.UseConnection(value);
        }
    }
}
