using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RedisRepo.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free loopback port, with no persistence, in a temporary
/// directory. Ready when the server says so on its log, not after a guessed sleep. Disposing it
/// stops the server and removes the directory.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private const string ReadyLine = "Ready to accept connections";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly string[] _settings;
    private Process _process;

    private RedisServerProcess(Process process, string directory, int port, string[] settings)
    {
        _process = process;
        _directory = directory;
        _settings = settings;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>The full path of <c>redis-server</c> on PATH, or null.</summary>
    public static string? FindExecutable()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts a server; retries on another port if the chosen one was taken meanwhile.</summary>
    /// <param name="settings">More redis-server options, e.g. <c>--appendonly yes</c> or <c>--maxmemory 4mb</c> (they override the defaults).</param>
    /// <exception cref="InvalidOperationException">redis-server is not on PATH or did not start; the message has its log.</exception>
    public static RedisServerProcess Start(params string[] settings)
    {
        string lastLog = "";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = FreePort();
            string directory = Directory.CreateTempSubdirectory("redisrepo-redis-").FullName;
            if (TryLaunch(port, directory, settings, out Process? process, out lastLog))
            {
                return new RedisServerProcess(process!, directory, port, settings);
            }

            TryDelete(directory);
        }

        throw new InvalidOperationException($"redis-server did not start after 3 attempts. Last output:\n{lastLog}");
    }

    /// <summary>Kills the server with SIGKILL, as a crash would: no shutdown, no final save.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Starts the server again on the same port and directory (and so the same AOF or RDB files), after <see cref="Kill"/>.</summary>
    public void Restart()
    {
        Stop(_process);
        if (!TryLaunch(Port, _directory, _settings, out Process? process, out string log))
        {
            throw new InvalidOperationException($"redis-server did not restart on port {Port}. Output:\n{log}");
        }

        _process = process!;
    }

    public void Dispose()
    {
        Stop(_process);
        TryDelete(_directory);
    }

    private static bool TryLaunch(int port, string directory, string[] settings, out Process? started, out string log)
    {
        string executable = FindExecutable()
            ?? throw new InvalidOperationException("redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL.");
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        foreach (string argument in (string[])["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "notice", .. settings])
        {
            process.StartInfo.ArgumentList.Add(argument);
        }

        process.Start();
        if (WaitUntilReady(process, out log))
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            DrainOutput(process);
            started = process;
            return true;
        }

        Stop(process);
        started = null;
        return false;
    }

    private static bool WaitUntilReady(Process process, out string log)
    {
        var lines = new List<string>();
        Task<bool> ready = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                if (line.Contains(ReadyLine, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false; // the server exited
        });
        bool ok = ready.Wait(StartTimeout) && ready.Result;
        log = string.Join('\n', lines.ToArray());
        return ok;
    }

    /// <summary>Keeps reading the log so the server never blocks on a full pipe.</summary>
    private static void DrainOutput(Process process) =>
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is not null)
            {
            }
        });

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
