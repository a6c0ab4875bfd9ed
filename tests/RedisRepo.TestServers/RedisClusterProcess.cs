using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace RedisRepo.Testing;

/// <summary>
/// A throwaway Redis Cluster on loopback: one <see cref="RedisServerProcess"/> per node (each with
/// its own port, cluster bus port and temporary directory), joined with
/// <c>redis-cli --cluster create</c>. Ready when every node says so (cluster state, slot map,
/// replication links), not after a guessed sleep. Disposing it stops every node and removes their
/// directories.
/// </summary>
public sealed partial class RedisClusterProcess : IDisposable
{
    private const int SlotCount = 16384;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<int, RedisServerProcess> _nodes;
    private readonly Dictionary<int, string> _ids = [];
    private readonly int _primaries;
    private readonly int _replicasPerPrimary;
    private bool _disposed;

    private RedisClusterProcess(List<RedisServerProcess> nodes, int primaries, int replicasPerPrimary)
    {
        _nodes = nodes.ToDictionary(node => node.Port);
        _primaries = primaries;
        _replicasPerPrimary = replicasPerPrimary;
        Ports = nodes.Select(node => node.Port).ToArray();
        Configuration = string.Join(',', Ports.Select(port => $"127.0.0.1:{port}")) + ",abortConnect=false,connectTimeout=5000";
    }

    /// <summary>The loopback ports of every node (client ports, not cluster bus ports), in creation order.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>A StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration { get; }

    /// <summary>The full path of <c>redis-cli</c> (next to redis-server, else on PATH), or null.</summary>
    public static string? FindCli()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (Path.GetDirectoryName(RedisServerProcess.FindExecutable()) is { } serverDirectory)
        {
            directories = directories.Prepend(serverDirectory);
        }

        return directories.Select(directory => Path.Combine(directory, "redis-cli")).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Starts <paramref name="primaries"/> × (1 + <paramref name="replicasPerPrimary"/>) nodes, creates the
    /// cluster and waits until it is healthy (see <see cref="WaitUntilHealthyAsync"/>).
    /// </summary>
    /// <param name="primaries">Primaries sharing the 16384 slots; redis-cli needs at least 3.</param>
    /// <param name="replicasPerPrimary">Replicas of each primary.</param>
    /// <exception cref="InvalidOperationException">redis-server or redis-cli is missing, a node did not start or the create failed; the message has their output.</exception>
    /// <exception cref="TimeoutException">The cluster was not healthy within 60 s; the message has the last problem seen and every node's CLUSTER NODES.</exception>
    public static RedisClusterProcess Start(int primaries = 3, int replicasPerPrimary = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(primaries, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(replicasPerPrimary);
        string cli = FindCli()
            ?? throw new InvalidOperationException("redis-cli is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server, which brings redis-tools) or set REDIS_CLUSTER_URL.");

        var nodes = new List<RedisServerProcess>();
        try
        {
            for (int i = 0; i < primaries * (1 + replicasPerPrimary); i++)
            {
                nodes.Add(StartNode());
            }

            var cluster = new RedisClusterProcess(nodes, primaries, replicasPerPrimary);
            cluster.Create(cli);
            cluster.WaitUntilHealthyAsync(StartTimeout).GetAwaiter().GetResult();
            foreach ((int port, ClusterNode myself) in cluster.Roles())
            {
                cluster._ids[port] = myself.Id; // kept in nodes.conf: the same after a restart
            }

            return cluster;
        }
        catch
        {
            nodes.ForEach(node => node.Dispose());
            throw;
        }
    }

    /// <summary>The node on <paramref name="port"/>, to <see cref="RedisServerProcess.Kill"/> or <see cref="RedisServerProcess.Restart"/> it.</summary>
    /// <exception cref="ArgumentException">No node of this cluster listens on the port.</exception>
    public RedisServerProcess Node(int port) =>
        _nodes.TryGetValue(port, out RedisServerProcess? node)
            ? node
            : throw new ArgumentException($"No node of this cluster listens on port {port}; the nodes are {string.Join(", ", Ports)}.", nameof(port));

    /// <summary>The ports of the nodes that own slots now, asking each node for its own role (a failover changes them); a node that does not answer is left out.</summary>
    public IReadOnlyList<int> PrimaryPorts() => Roles().Where(role => role.Value.IsPrimary).Select(role => role.Key).Order().ToArray();

    /// <summary>The ports of the nodes that are replicas now, asking each node for its own role; a node that does not answer is left out.</summary>
    public IReadOnlyList<int> ReplicaPorts() => Roles().Where(role => role.Value.IsReplica).Select(role => role.Key).Order().ToArray();

    /// <summary>
    /// Waits until the cluster is whole again: every node that is not ignored answers, reports
    /// <c>cluster_state:ok</c>, knows every node and sees none of the others (bar ignored ones) as failing; every
    /// node's CLUSTER NODES and CLUSTER SLOTS agree that all 16384 slots belong to the same primaries (as many
    /// as the cluster was started with), none of them failing; every other node is a replica whose
    /// <c>INFO replication</c> shows <c>master_link_status:up</c> to one of those primaries; and, when no node
    /// is ignored, every primary has the replicas it was started with.
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="ignoring">Ports of nodes that are down on purpose (killed and not restarted): they are not asked, may not own slots, and the others may see them as failed.</param>
    /// <exception cref="TimeoutException">The cluster was not healthy in time; the message has the last problem seen and every node's CLUSTER NODES.</exception>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, params int[] ignoring)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (int port in ignoring)
        {
            Node(port); // fails on a port that is not a node
        }

        int[] live = Ports.Except(ignoring).ToArray();
        if (live.Length == 0)
        {
            throw new ArgumentException("Every node is ignored: there is nothing to wait for.", nameof(ignoring));
        }

        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Dictionary<int, NodeView> views = live.ToDictionary(port => port, Observe);
            if (Problem(views, ignoring) is not { } problem)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"The Redis cluster on ports {string.Join(", ", Ports)} was not healthy within {timeout.TotalSeconds:0.#} s" +
                    (ignoring.Length > 0 ? $" (ignoring {string.Join(", ", ignoring)})" : "") +
                    $". Last problem: {problem}\n{Describe(views)}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ShutDownNodes();
        foreach (RedisServerProcess node in _nodes.Values)
        {
            node.Dispose();
        }
    }

    /// <summary>
    /// Asks every node to exit at once (SHUTDOWN NOSAVE NOW FORCE) before the nodes are disposed one by one:
    /// killing six process trees takes about 170 ms, and vstest kills the test host about 100 ms into
    /// ProcessExit, which left nodes running. CLUSTER MYID is checked first, so a port that another
    /// server took after a node was killed is left alone.
    /// </summary>
    private void ShutDownNodes()
    {
        var exiting = new List<RespConnection>();
        foreach ((int port, string id) in _ids)
        {
            RespConnection? connection = null;
            try
            {
                connection = new RespConnection(port);
                if (connection.Command("CLUSTER", "MYID") as string == id)
                {
                    connection.Send("SHUTDOWN", "NOSAVE", "NOW", "FORCE");
                    exiting.Add(connection);
                    connection = null;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
            {
                // Down already (killed by a test); disposing the node below makes sure.
            }
            finally
            {
                connection?.Dispose();
            }
        }

        foreach (RespConnection connection in exiting)
        {
            connection.WaitUntilClosed(); // the server has exited
            connection.Dispose();
        }
    }

    /// <summary>Starts one cluster node with a cluster bus port of its own (the default, port + 10000, can be past 65535 for an ephemeral port).</summary>
    private static RedisServerProcess StartNode()
    {
        InvalidOperationException? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return RedisServerProcess.Start(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000",
                    "--cluster-replica-validity-factor", "0",
                    "--cluster-require-full-coverage", "yes",
                    "--repl-diskless-sync-delay", "0", // else a primary waits 5 s for more replicas before the first sync
                    "--cluster-port", FreePort().ToString(CultureInfo.InvariantCulture));
            }
            catch (InvalidOperationException e) when (RedisServerProcess.FindExecutable() is not null)
            {
                last = e; // most likely the bus port was taken meanwhile: try another one
            }
        }

        throw new InvalidOperationException($"A cluster node did not start after 3 attempts. {last!.Message}", last);
    }

    private void Create(string cli)
    {
        var arguments = new List<string> { "--cluster", "create" };
        arguments.AddRange(Ports.Select(port => $"127.0.0.1:{port}"));
        arguments.AddRange(["--cluster-replicas", _replicasPerPrimary.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);
        (int exitCode, string output) = Run(cli, arguments, CreateTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed (exit code {exitCode}). Output:\n{output}");
        }
    }

    /// <summary>Runs a program to the end and returns its exit code and its output (stdout then stderr, without terminal colours).</summary>
    private static (int ExitCode, string Output) Run(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"(killed after {timeout.TotalSeconds:0} s)\n{AnsiEscape().Replace(stdout.Result + stderr.Result, "")}");
        }

        return (process.ExitCode, AnsiEscape().Replace(stdout.Result + stderr.Result, ""));
    }

    /// <summary>What a node says about itself and the cluster, or why it could not be asked.</summary>
    private static NodeView Observe(int port)
    {
        try
        {
            using var connection = new RespConnection(port);
            string info = (string)connection.Command("CLUSTER", "INFO")!;
            string nodes = (string)connection.Command("CLUSTER", "NODES")!;
            object?[] slots = (object?[])connection.Command("CLUSTER", "SLOTS")!;
            string replication = (string)connection.Command("INFO", "replication")!;
            return new NodeView(port, null, info, ClusterNode.ParseAll(nodes), nodes, slots, replication);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or InvalidCastException or FormatException)
        {
            return new NodeView(port, e.Message, "", [], "", [], "");
        }
    }

    /// <summary>Each answering node's own role ("myself" in its CLUSTER NODES).</summary>
    private Dictionary<int, ClusterNode> Roles()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var roles = new Dictionary<int, ClusterNode>();
        foreach (int port in Ports)
        {
            if (Observe(port) is { Error: null } view && view.Myself is { } myself)
            {
                roles[port] = myself;
            }
        }

        return roles;
    }

    /// <summary>The first thing that is not yet healthy, or null when the cluster is.</summary>
    private string? Problem(Dictionary<int, NodeView> views, int[] ignoring)
    {
        foreach (NodeView view in views.Values)
        {
            if (view.Error is not null)
            {
                return $"node {view.Port} did not answer: {view.Error}";
            }

            if (!view.Info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return $"node {view.Port} reports {Field(view.Info, "cluster_state") ?? "no cluster_state"}";
            }

            if (view.Nodes.Any(node => node.Flags.Contains("handshake")) || !view.Nodes.Select(node => node.Port).Order().SequenceEqual(Ports.Order()))
            {
                return $"node {view.Port} knows the nodes {string.Join(", ", view.Nodes.Select(node => $"{node.Port}({string.Join(',', node.Flags)})"))}, not exactly {string.Join(", ", Ports.Order())}";
            }

            if (view.Nodes.FirstOrDefault(node => node.IsFailing && !ignoring.Contains(node.Port)) is { } failing)
            {
                return $"node {view.Port} sees node {failing.Port} as {string.Join(',', failing.Flags)}";
            }
        }

        NodeView first = views.Values.First();
        string slotMap = SlotMap(first);
        foreach (NodeView view in views.Values)
        {
            if (SlotProblem(view) is { } slotProblem)
            {
                return slotProblem;
            }

            if (SlotMap(view) != slotMap)
            {
                return $"nodes {first.Port} and {view.Port} disagree on the slot owners: {slotMap} against {SlotMap(view)}";
            }
        }

        int[] primaries = first.Nodes.Where(node => node.IsPrimary).Select(node => node.Port).ToArray();
        if (primaries.Intersect(ignoring).Select(port => (int?)port).FirstOrDefault() is int down)
        {
            return $"node {down} still owns slots but is ignored (down): its slots have not failed over yet";
        }

        foreach (NodeView view in views.Values)
        {
            if (ReplicaProblem(view, first, primaries) is { } replicaProblem)
            {
                return replicaProblem;
            }
        }

        if (ignoring.Length == 0)
        {
            foreach (int primary in primaries)
            {
                ClusterNode owner = first.Nodes.Single(node => node.Port == primary);
                int replicas = first.Nodes.Count(node => node.IsReplica && node.PrimaryId == owner.Id);
                if (replicas != _replicasPerPrimary)
                {
                    return $"primary {primary} has {replicas} replicas, not {_replicasPerPrimary}";
                }
            }
        }

        return null;
    }

    /// <summary>The slots as one node sees them: all 16384 covered by the expected number of primaries, none failing, and CLUSTER SLOTS saying the same as CLUSTER NODES.</summary>
    private string? SlotProblem(NodeView view)
    {
        ClusterNode[] owners = view.Nodes.Where(node => node.IsPrimary).ToArray();
        if (owners.Length != _primaries)
        {
            return $"node {view.Port} sees {owners.Length} primaries owning slots ({string.Join(", ", owners.Select(owner => owner.Port))}), not {_primaries}";
        }

        if (owners.FirstOrDefault(owner => owner.IsFailing) is { } failing)
        {
            return $"node {view.Port} sees the primary {failing.Port} as {string.Join(',', failing.Flags)}";
        }

        var covered = new bool[SlotCount];
        foreach ((int start, int end) in owners.SelectMany(owner => owner.Slots))
        {
            for (int slot = start; slot <= end; slot++)
            {
                if (covered[slot])
                {
                    return $"node {view.Port} sees slot {slot} owned twice";
                }

                covered[slot] = true;
            }
        }

        if (Array.IndexOf(covered, false) is var missing and >= 0)
        {
            return $"node {view.Port} sees slot {missing} (and maybe more) owned by no primary";
        }

        string fromSlots = string.Join(' ', view.Slots.Cast<object?[]>()
            .Select(range => $"{range[0]}-{range[1]}:{((object?[])range[2]!)[1]}")
            .Order(StringComparer.Ordinal));
        return fromSlots == SlotMap(view) ? null : $"node {view.Port}: CLUSTER SLOTS says {fromSlots}, CLUSTER NODES says {SlotMap(view)}";
    }

    /// <summary>A node that owns no slots must be a replica with its link up to one of the primaries.</summary>
    private static string? ReplicaProblem(NodeView view, NodeView reference, int[] primaries)
    {
        if (view.Myself is not { } myself)
        {
            return $"node {view.Port} does not list itself in CLUSTER NODES";
        }

        if (myself.IsPrimary)
        {
            return Field(view.Replication, "role") == "master" ? null : $"node {view.Port} owns slots but INFO replication says role:{Field(view.Replication, "role")}";
        }

        if (!myself.IsReplica)
        {
            return $"node {view.Port} is a primary without slots (not yet turned into a replica)";
        }

        if (Field(view.Replication, "master_link_status") != "up")
        {
            return $"replica {view.Port} has master_link_status:{Field(view.Replication, "master_link_status") ?? "(none)"}";
        }

        ClusterNode? primary = reference.Nodes.FirstOrDefault(node => node.Id == myself.PrimaryId);
        string? masterPort = Field(view.Replication, "master_port");
        if (primary is null || !primaries.Contains(primary.Port) || masterPort != primary.Port.ToString(CultureInfo.InvariantCulture))
        {
            return $"replica {view.Port} replicates {myself.PrimaryId} (master_port:{masterPort}), which is not one of the primaries {string.Join(", ", primaries)}";
        }

        return null;
    }

    /// <summary>The slot owners one node sees, as sorted <c>start-end:port</c> entries.</summary>
    private static string SlotMap(NodeView view) =>
        string.Join(' ', view.Nodes.Where(node => node.IsPrimary)
            .SelectMany(node => node.Slots.Select(range => $"{range.Start}-{range.End}:{node.Port}"))
            .Order(StringComparer.Ordinal));

    private static string Describe(Dictionary<int, NodeView> views) =>
        string.Join('\n', views.Values.Select(view => view.Error is null
            ? $"--- node {view.Port} ({Field(view.Info, "cluster_state")}, role:{Field(view.Replication, "role")}, master_link_status:{Field(view.Replication, "master_link_status") ?? "-"}) CLUSTER NODES:\n{view.NodesText.TrimEnd()}"
            : $"--- node {view.Port}: {view.Error}"));

    /// <summary>The value of <c>name:value</c> in an INFO-style reply, or null.</summary>
    private static string? Field(string info, string name) =>
        info.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    private sealed record NodeView(int Port, string? Error, string Info, IReadOnlyList<ClusterNode> Nodes, string NodesText, object?[] Slots, string Replication)
    {
        public ClusterNode? Myself => Nodes.FirstOrDefault(node => node.Flags.Contains("myself"));
    }

    /// <summary>One line of CLUSTER NODES: <c>id ip:port@bus[,hostname] flags primary-id ping pong epoch link slots...</c>.</summary>
    private sealed record ClusterNode(string Id, int Port, IReadOnlySet<string> Flags, string PrimaryId, IReadOnlyList<(int Start, int End)> Slots)
    {
        /// <summary>A primary that owns slots (a primary without slots, e.g. a demoted one, is neither this nor a replica).</summary>
        public bool IsPrimary => Flags.Contains("master") && Slots.Count > 0;

        public bool IsReplica => Flags.Contains("slave");

        public bool IsFailing => Flags.Contains("fail") || Flags.Contains("fail?") || Flags.Contains("noaddr");

        public static List<ClusterNode> ParseAll(string text) =>
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

        private static ClusterNode Parse(string line)
        {
            string[] fields = line.Split(' ');
            string address = fields[1].Split('@')[0];
            int port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var slots = new List<(int, int)>();
            foreach (string range in fields.Skip(8).Where(field => !field.StartsWith('['))) // [slot->-id] are migrations
            {
                string[] bounds = range.Split('-');
                slots.Add((int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture)));
            }

            return new ClusterNode(fields[0], port, fields[2].Split(',').ToHashSet(), fields[3], slots);
        }
    }

    /// <summary>A minimal blocking RESP2 client for the health checks (this project has no Redis client library).</summary>
    private sealed class RespConnection : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
        private readonly Socket _socket;
        private readonly BufferedStream _stream;

        public RespConnection(int port)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                ReceiveTimeout = (int)Timeout.TotalMilliseconds,
                SendTimeout = (int)Timeout.TotalMilliseconds,
            };
            try
            {
                _socket.Connect(IPAddress.Loopback, port);
            }
            catch
            {
                _socket.Dispose();
                throw;
            }

            _stream = new BufferedStream(new NetworkStream(_socket, ownsSocket: true));
        }

        /// <summary>Sends a command and returns its reply: a string, a long, an array (object?[]) or null; an error reply throws.</summary>
        public object? Command(params string[] arguments)
        {
            Send(arguments);
            return ReadReply();
        }

        /// <summary>Sends a command without waiting for a reply (SHUTDOWN has none).</summary>
        public void Send(params string[] arguments)
        {
            var request = new StringBuilder($"*{arguments.Length}\r\n");
            foreach (string argument in arguments)
            {
                request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
            }

            _stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
            _stream.Flush();
        }

        /// <summary>Waits (up to the receive timeout) until the server closes the connection.</summary>
        public void WaitUntilClosed()
        {
            try
            {
                while (_stream.ReadByte() >= 0)
                {
                }
            }
            catch (IOException)
            {
                // Reset or timed out: either way, stop waiting.
            }
        }

        public void Dispose() => _stream.Dispose();

        private object? ReadReply()
        {
            string line = ReadLine();
            string rest = line[1..];
            switch (line[0])
            {
                case '+':
                    return rest;
                case '-':
                    throw new InvalidOperationException($"Redis replied with an error: {rest}");
                case ':':
                    return long.Parse(rest, CultureInfo.InvariantCulture);
                case '$':
                    int length = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return null;
                    }

                    var bytes = new byte[length + 2];
                    _stream.ReadExactly(bytes);
                    return Encoding.UTF8.GetString(bytes, 0, length);
                case '*':
                    int count = int.Parse(rest, CultureInfo.InvariantCulture);
                    return count < 0 ? null : Enumerable.Range(0, count).Select(_ => ReadReply()).ToArray();
                default:
                    throw new FormatException($"Unexpected RESP reply: {line}");
            }
        }

        private string ReadLine()
        {
            var line = new StringBuilder();
            while (true)
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new IOException("The connection closed mid-reply.");
                }

                if (b == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }

                line.Append((char)b);
            }
        }
    }
}
