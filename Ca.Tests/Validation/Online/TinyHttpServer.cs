using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ca.Tests.Validation.Online;

/// <summary>Answers every connection on 127.0.0.1 with one fixed HTTP response and counts the requests.</summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int requests;

    public TinyHttpServer(string response)
        : this(Encoding.ASCII.GetBytes(response))
    {
    }

    public TinyHttpServer(byte[] response)
        : this(() => response)
    {
    }

    public TinyHttpServer(Func<byte[]> response)
    {
        listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/crl";
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref requests);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer, stop.Token);
                await stream.WriteAsync(response(), stop.Token);
            }
        });
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref requests);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }
}

/// <summary>HTTP responses for <see cref="TinyHttpServer"/>.</summary>
internal static class TinyHttpResponses
{
    /// <summary>A 200 carrying a DER OCSP response.</summary>
    public static byte[] Ocsp(byte[] der) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: {der.Length}\r\nConnection: close\r\n\r\n"), .. der];
}
