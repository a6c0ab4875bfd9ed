using System.Net.Sockets;
using System.Text;

namespace RedisRepo.Tests.Testing;

/// <summary>
/// Whether a Docker engine answers <c>GET /_ping</c> here, asked independently of Testcontainers:
/// at DOCKER_HOST (unix:// or tcp://), else at the usual sockets. Decides at run time which
/// outcome the Testcontainers test expects; it never skips.
/// </summary>
internal static class DockerEngine
{
    public static async Task<string?> AnsweringEndpointAsync()
    {
        string? host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string[] candidates = string.IsNullOrWhiteSpace(host)
            ? ["unix:///var/run/docker.sock", $"unix://{home}/.docker/run/docker.sock", .. runtime is null ? Array.Empty<string>() : [$"unix://{runtime}/docker.sock"]]
            : [host];
        foreach (string endpoint in candidates)
        {
            if (await PingAsync(endpoint))
            {
                return endpoint;
            }
        }

        return null;
    }

    private static async Task<bool> PingAsync(string endpoint)
    {
        try
        {
            var uri = new Uri(endpoint);
            using Socket socket = uri.Scheme == "unix"
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (uri.Scheme == "unix")
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), timeout.Token);
            }
            else
            {
                await socket.ConnectAsync(uri.Host, uri.Port, timeout.Token);
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), timeout.Token);
            byte[] buffer = new byte[512];
            int read = await socket.ReceiveAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or UriFormatException or IOException)
        {
            return false;
        }
    }
}
