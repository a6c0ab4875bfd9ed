using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RedisRepo.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> child process on a free loopback port, with no persistence,
/// in a temporary directory. Ready when the server says so on its log, not after a guessed
/// sleep. Disposing it stops the server and removes the directory.
/// </summary>
internal sealed class LocalRedisServer : IDisposable
{
    internal const string ExecutableName = "redis-server";
    private const string ReadyLine = "Ready to accept connections";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly string _executable;
    private readonly string[] _settings;
    private Process _process;

    private LocalRedisServer(Process process, string executable, string directory, int port, string[] settings)
    {
        _process = process;
        _executable = executable;
        _settings = settings;
        DataDirectory = directory;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's working directory (where an AOF or RDB file would go).</summary>
    public string DataDirectory { get; }

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>The full path of <c>redis-server</c> in the directories of <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? FindExecutable(string? searchPath)
    {
        foreach (string directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, ExecutableName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The full path of <c>redis-server</c> on this process's PATH, or null.</summary>
    public static string? FindExecutable() => FindExecutable(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a server; retries on another port if the chosen one was taken meanwhile.</summary>
    /// <param name="executable">The redis-server to run.</param>
    /// <param name="settings">More redis-server options, e.g. <c>--appendonly yes</c> (they override the defaults).</param>
    /// <param name="cancellationToken">Stops waiting; the half-started server is killed.</param>
    /// <exception cref="InvalidOperationException">The server did not start; the message has its log.</exception>
    public static async Task<LocalRedisServer> StartAsync(string executable, IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        string[] copy = [.. settings];
        string lastLog = "";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = FreePort();
            string directory = Directory.CreateTempSubdirectory("redisrepo-redis-").FullName;
            try
            {
                (Process? process, lastLog) = await LaunchAsync(executable, port, directory, copy, cancellationToken).ConfigureAwait(false);
                if (process is not null)
                {
                    return new LocalRedisServer(process, executable, directory, port, copy);
                }
            }
            catch
            {
                TryDelete(directory);
                throw;
            }

            TryDelete(directory);
        }

        throw new InvalidOperationException($"{executable} did not start after 3 attempts. Last output:\n{lastLog}");
    }

    /// <summary>Kills the server with SIGKILL, as a crash would: no shutdown, no final save.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Starts the server again on the same port and directory (and so the same AOF or RDB files), after <see cref="Kill"/>.</summary>
    /// <exception cref="InvalidOperationException">It did not start; the message has its log.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        Stop(_process);
        (Process? process, string log) = await LaunchAsync(_executable, Port, DataDirectory, _settings, cancellationToken).ConfigureAwait(false);
        _process = process ?? throw new InvalidOperationException($"{_executable} did not restart on port {Port}. Output:\n{log}");
    }

    /// <summary>Stops the server and removes its directory.</summary>
    public void Dispose()
    {
        Stop(_process);
        TryDelete(DataDirectory);
    }

    /// <summary>The started process, or null and its log when it exited or was not ready in time.</summary>
    private static async Task<(Process? Process, string Log)> LaunchAsync(string executable, int port, string directory, string[] settings, CancellationToken cancellationToken)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        string[] defaults = ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "notice"];
        foreach (string argument in (string[])[.. defaults, .. settings])
        {
            process.StartInfo.ArgumentList.Add(argument);
        }

        var log = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.Add(e.Data); // configuration errors go to stderr
                }
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        try
        {
            bool ready = await WaitUntilReadyAsync(process, log, cancellationToken).ConfigureAwait(false);
            string text;
            lock (log)
            {
                text = string.Join('\n', log);
            }

            if (ready)
            {
                DrainOutput(process);
                return (process, text);
            }

            Stop(process);
            return (null, text);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    /// <summary>Reads the log until the ready line (true), the end of the log (false: it exited) or the time-out (false: it is killed).</summary>
    private static async Task<bool> WaitUntilReadyAsync(Process process, List<string> log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        // Killing the process ends the log, so the read below returns whatever the pipe does.
        await using CancellationTokenRegistration kill = timeout.Token.Register(() => TryKill(process));
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            lock (log)
            {
                log.Add(line);
            }

            if (line.Contains(ReadyLine, StringComparison.Ordinal) && !timeout.IsCancellationRequested)
            {
                return true;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (timeout.IsCancellationRequested)
        {
            lock (log)
            {
                log.Add($"(no \"{ReadyLine}\" within {StartTimeout.TotalSeconds:0} s: killed)");
            }
        }

        return false;
    }

    /// <summary>Keeps reading the log so the server never blocks on a full pipe.</summary>
    private static void DrainOutput(Process process) =>
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is not null)
            {
            }
        });

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.Dispose();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
