using System.Threading.Channels;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// Challenges waiting to be validated. Answering a challenge only queues it, so the client's request
/// returns at once (status processing) and polls, as RFC 8555 7.5.1 describes; a hosted worker drains
/// the queue with bounded concurrency.
/// </summary>
public sealed class AcmeValidationQueue
{
    private readonly Channel<(string AuthorizationId, string Type)> channel = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues a validation (dropped when 10,000 wait; the restart resume picks it up).</summary>
    public void Enqueue(string authorizationId, string type) => channel.Writer.TryWrite((authorizationId, type));

    /// <summary>Drains the queue until cancelled, running at most <paramref name="concurrency"/> validations at once.</summary>
    public async Task RunAsync(Func<string, string, CancellationToken, Task> validate, int concurrency, Action<Exception> onError, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, concurrency));
        var running = new List<Task>();
        try
        {
            await foreach (var (authorizationId, type) in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await validate(authorizationId, type, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        onError(e);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
