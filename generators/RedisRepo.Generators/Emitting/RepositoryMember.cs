namespace RedisRepo.Generators.Emitting
{
    /// <summary>One generated repository member: its XML doc, its signature, and the body the class gives it.</summary>
    internal sealed class RepositoryMember
    {
        public const string CancellationDoc = "<param name=\"cancellationToken\">Stops waiting for the reply; a command already sent still completes.</param>";

        public const string CancellationParameter = Names.CancellationToken + " cancellationToken = default";

        public RepositoryMember(string doc, string signature, string body)
        {
            Doc = doc;
            Signature = signature;
            Body = body;
        }

        public string Doc { get; }

        public string Signature { get; }

        public string Body { get; }
    }
}
