using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ca.Tests.Acme.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 answering /.well-known/acme-challenge/{token} with the key
/// authorizations it was given (or a redirect, or a status), playing the subscriber's web server.
/// </summary>
public sealed class ChallengeHttpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public ChallengeHttpServer()
    {
        listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>path → (status, body, Location).</summary>
    public ConcurrentDictionary<string, (int Status, string Body, string? Location)> Responses { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public void Serve(string token, string keyAuthorization) => Responses["/.well-known/acme-challenge/" + token] = (200, keyAuthorization, null);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    var requestLine = await reader.ReadLineAsync() ?? string.Empty;
                    string? line;
                    var host = string.Empty;
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                    {
                        if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                        {
                            host = line[5..].Trim();
                        }
                    }

                    var path = requestLine.Split(' ').ElementAtOrDefault(1) ?? "/";
                    Requests.Enqueue(host + path);
                    var (status, body, location) = Responses.TryGetValue(path, out var r) ? r : (404, "not found", null);
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var head = $"HTTP/1.1 {status} X\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n" + (location is null ? string.Empty : $"Location: {location}\r\n") + "\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(bytes);
                }
            });
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
