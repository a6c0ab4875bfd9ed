namespace RedisRepo.Generators.Emitting
{
    /// <summary>Fully qualified names of the runtime and framework types generated code uses.</summary>
    internal static class Names
    {
        public const string Task = "global::System.Threading.Tasks.Task";
        public const string CancellationToken = "global::System.Threading.CancellationToken";
        public const string IEnumerable = "global::System.Collections.Generic.IEnumerable";
        public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
        public const string IAsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
        public const string List = "global::System.Collections.Generic.List";
        public const string HashSet = "global::System.Collections.Generic.HashSet";
        public const string Dictionary = "global::System.Collections.Generic.Dictionary";
        public const string TimeSpan = "global::System.TimeSpan";
        public const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
        public const string Context = "global::RedisRepo.RedisRepoContext";
        public const string PageRequest = "global::RedisRepo.PageRequest";
        public const string ResultPage = "global::RedisRepo.ResultPage";
        public const string RedisQuery = "global::RedisRepo.Storage.RedisQuery";
        public const string QueryCondition = "global::RedisRepo.Storage.QueryCondition";
        public const string EntityStore = "global::RedisRepo.Storage.EntityStore";
        public const string RedisModel = "global::RedisRepo.Storage.RedisModel";
        public const string TtlPolicy = "global::RedisRepo.Storage.TtlPolicy";
        public const string Expiry = "global::RedisRepo.Storage.Expiry";
        public const string KeyPartRule = "global::RedisRepo.Storage.KeyPartRule";
        public const string CodecPrimitives = "global::RedisRepo.Codecs.CodecPrimitives";
        public const string Formatters = "global::MessagePack.Formatters";
        public const string Writer = "global::MessagePack.MessagePackWriter";
        public const string Reader = "global::MessagePack.MessagePackReader";
        public const string Options = "global::MessagePack.MessagePackSerializerOptions";
        public const string ServiceCollection = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
        public const string ServiceCollectionExtensions = "global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions";
        public const string ServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";

        /// <summary>
        /// What every generated class carries besides [GeneratedCode]: the debugger steps over it and
        /// coverage tools leave it out (neither attribute applies to interfaces).
        /// </summary>
        public const string GeneratedClass =
            "[global::System.Diagnostics.DebuggerNonUserCode]\n[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]";

        /// <summary>The [GeneratedCode] attribute every generated type carries.</summary>
        public static readonly string GeneratedCode =
            $"[global::System.CodeDom.Compiler.GeneratedCode(\"RedisRepo.Generators\", \"{typeof(Names).Assembly.GetName().Version!.ToString(3)}\")]";
    }
}
