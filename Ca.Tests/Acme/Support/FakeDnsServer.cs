using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ca.Tests.Acme.Support;

/// <summary>
/// A tiny authoritative DNS server on 127.0.0.1 (UDP) answering TXT queries from a table, NXDOMAIN
/// otherwise: the subscriber's DNS zone for dns-01 tests, reached through Pki:Acme:Validation:DnsResolver.
/// </summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();

    public FakeDnsServer()
    {
        _ = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

    /// <summary>Lower-case name (no trailing dot) → TXT values.</summary>
    public ConcurrentDictionary<string, string[]> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await udp.ReceiveAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var answer = Answer(received.Buffer);
            if (answer is not null)
            {
                await udp.SendAsync(answer, received.RemoteEndPoint);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
        {
            return null;
        }

        var labels = new List<string>();
        var i = 12;
        while (i < query.Length && query[i] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, i + 1, query[i]));
            i += query[i] + 1;
        }

        var questionEnd = i + 5;
        var type = (query[i + 1] << 8) | query[i + 2];
        var name = string.Join('.', labels);
        var values = type == 16 && Txt.TryGetValue(name, out var found) ? found : null;
        using var response = new MemoryStream();
        response.Write(query, 0, 2);
        response.Write([0x81, (byte)(values is null ? 0x83 : 0x80), 0, 1, 0, (byte)(values?.Length ?? 0), 0, 0, 0, 0]);
        response.Write(query, 12, questionEnd - 12);
        foreach (var value in values ?? [])
        {
            var text = Encoding.ASCII.GetBytes(value);
            response.Write([0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 0, 0, (byte)(text.Length + 1), (byte)text.Length]);
            response.Write(text);
        }

        return response.ToArray();
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
    }
}
