using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// One logged-in PKCS#11 token with a pool of sessions for concurrent signing. Any token error during
/// an operation drops the connection and retries the operation once on a fresh one (C_Finalize,
/// C_Initialize, find the slot by label, log in); if that fails too the caller gets
/// <see cref="KeyUnavailableException"/> (503), and later calls try to reconnect at most once per
/// <see cref="Pkcs11Options.ReconnectInterval"/>, so the service recovers by itself when the token is
/// back. A refused PIN is never retried: repeated wrong PINs lock real tokens.
/// </summary>
internal sealed class Pkcs11Token : IDisposable
{
    private readonly Pkcs11Options options;
    private readonly string pin;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ReaderWriterLockSlim connectionLock = new();
    private readonly object connecting = new();
    private Connection? current;
    private DateTimeOffset nextAttempt = DateTimeOffset.MinValue;
    private string? lastFailure;
    private bool pinRefused;
    private bool disposed;

    public Pkcs11Token(Pkcs11Options options, string pin, TimeProvider clock, ILogger logger)
    {
        this.options = options;
        this.pin = pin;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>The token label this instance serves.</summary>
    public string Label => options.TokenLabel!;

    /// <summary>Connects now (start-up): a wrong PIN, an absent token or an unloadable module end here with one clear message.</summary>
    public void Connect() => Run(_ => 0, "connect");

    /// <summary>True when the token offers the mechanism (known once connected).</summary>
    public bool Supports(CKM mechanism) => Run(c => c.Connection.Mechanisms.Contains(mechanism), "list mechanisms");

    /// <summary>
    /// Runs <paramref name="operation"/> with a pooled session, retrying once on a fresh connection
    /// when the token fails; <paramref name="what"/> names it in messages.
    /// </summary>
    public T Run<T>(Func<Lease, T> operation, string what)
    {
        Exception? failure = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var connection = CurrentOrConnect(failure);
            connectionLock.EnterReadLock();
            try
            {
                if (!ReferenceEquals(connection, current))
                {
                    continue; // replaced while we waited; take the new one
                }

                var session = connection.Rent();
                var healthy = false;
                try
                {
                    var result = operation(new Lease(connection, session));
                    healthy = true;
                    return result;
                }
                catch (Exception e) when (e is Pkcs11Exception or UnmanagedException)
                {
                    failure = e;
                }
                finally
                {
                    connection.Return(session, healthy);
                }
            }
            finally
            {
                connectionLock.ExitReadLock();
            }

            logger.LogWarning("PKCS#11 token {Token}: {What} failed ({Error}); reconnecting", Label, what, Describe(failure));
            Drop(connection, Describe(failure));
        }

        throw new KeyUnavailableException($"The PKCS#11 token '{Label}' failed to {what} ({Describe(failure)}), also after reconnecting.", failure);
    }

    public void Dispose()
    {
        connectionLock.EnterWriteLock();
        try
        {
            disposed = true;
            current?.Dispose();
            current = null;
        }
        finally
        {
            connectionLock.ExitWriteLock();
        }
    }

    private Connection CurrentOrConnect(Exception? previous)
    {
        if (Volatile.Read(ref current) is { } live)
        {
            return live;
        }

        lock (connecting)
        {
            if (current is { } again)
            {
                return again;
            }

            ObjectDisposedException.ThrowIf(disposed, this);
            if (pinRefused)
            {
                throw new KeyUnavailableException($"The PKCS#11 token '{Label}' refused the PIN; not retrying (a restart with the right PIN is needed).");
            }

            // After a failure in this very call, one immediate reconnect; otherwise at most one per interval.
            var now = clock.GetUtcNow();
            if (previous is null && now < nextAttempt)
            {
                throw new KeyUnavailableException($"The PKCS#11 token '{Label}' is unavailable ({lastFailure}); retrying shortly.");
            }

            try
            {
                var connection = Connection.Open(options, pin);
                connectionLock.EnterWriteLock();
                try
                {
                    current = connection;
                }
                finally
                {
                    connectionLock.ExitWriteLock();
                }

                if (lastFailure is not null)
                {
                    logger.LogWarning("PKCS#11 token {Token} is back", Label);
                }

                lastFailure = null;
                return connection;
            }
            catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or KeyUnavailableException or DllNotFoundException or BadImageFormatException)
            {
                nextAttempt = now + options.ReconnectInterval;
                lastFailure = Describe(e);
                if (e is Pkcs11Exception { RV: CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_EXPIRED or CKR.CKR_PIN_LOCKED })
                {
                    pinRefused = true;
                    throw new KeyUnavailableException($"The PKCS#11 token '{Label}' refused the PIN ({((Pkcs11Exception)e).RV}). Check Pki:Keys:Pkcs11:PinFile (or Pki__Keys__Pkcs11__Pin).", e);
                }

                throw e as KeyUnavailableException ?? new KeyUnavailableException($"The PKCS#11 token '{Label}' is unavailable: {lastFailure}.", e);
            }
        }
    }

    private void Drop(Connection connection, string reason)
    {
        connectionLock.EnterWriteLock();
        try
        {
            if (ReferenceEquals(current, connection))
            {
                current = null;
                lastFailure = reason;
                connection.Dispose();
            }
        }
        finally
        {
            connectionLock.ExitWriteLock();
        }
    }

    private static string Describe(Exception? e) => e switch
    {
        Pkcs11Exception p => p.RV.ToString(),
        null => "unknown error",
        _ => e.Message,
    };

    /// <summary>A session lent for one operation, with its connection's per-connection state.</summary>
    internal readonly record struct Lease(Connection Connection, ISession Session)
    {
        public IObjectAttributeFactory Attributes => Pkcs11Module.Factories.ObjectAttributeFactory;

        public IMechanismFactory Mechanisms => Pkcs11Module.Factories.MechanismFactory;
    }

    /// <summary>One C_Initialize-to-C_Finalize life of the token: slot, login session, session pool, found handles.</summary>
    internal sealed class Connection : IDisposable
    {
        private readonly Pkcs11Module module;
        private readonly ISlot slot;
        private readonly ISession loginSession;
        private readonly ConcurrentBag<ISession> idle = [];
        private readonly SemaphoreSlim capacity;

        private Connection(Pkcs11Module module, ISlot slot, ISession loginSession, int sessions, IReadOnlySet<CKM> mechanisms)
        {
            this.module = module;
            this.slot = slot;
            this.loginSession = loginSession;
            capacity = new SemaphoreSlim(sessions, sessions);
            Mechanisms = mechanisms;
        }

        public IReadOnlySet<CKM> Mechanisms { get; }

        /// <summary>Private key handles by CKA_ID (hex); valid for this connection only.</summary>
        public ConcurrentDictionary<string, IObjectHandle> Handles { get; } = new(StringComparer.Ordinal);

        public static Connection Open(Pkcs11Options options, string pin)
        {
            var module = Pkcs11Module.Acquire(options.ModulePath!);
            try
            {
                var slot = module.Library.GetSlotList(SlotsType.WithTokenPresent)
                    .FirstOrDefault(s => string.Equals(s.GetTokenInfo().Label?.Trim(), options.TokenLabel, StringComparison.Ordinal))
                    ?? throw new KeyUnavailableException($"No token labelled '{options.TokenLabel}' is present in {options.ModulePath}.");
                var session = slot.OpenSession(SessionType.ReadWrite);
                try
                {
                    // Login is per application and token: every session opened later is logged in too,
                    // as long as this one stays open.
                    try
                    {
                        session.Login(CKU.CKU_USER, pin);
                    }
                    catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
                    {
                    }

                    return new Connection(module, slot, session, options.EffectiveSessions, slot.GetMechanismList().ToHashSet());
                }
                catch
                {
                    session.Dispose();
                    throw;
                }
            }
            catch
            {
                module.Release();
                throw;
            }
        }

        public ISession Rent()
        {
            capacity.Wait();
            try
            {
                return idle.TryTake(out var session) ? session : slot.OpenSession(SessionType.ReadWrite);
            }
            catch
            {
                capacity.Release();
                throw;
            }
        }

        public void Return(ISession session, bool healthy)
        {
            if (healthy)
            {
                idle.Add(session);
            }
            else
            {
                Close(session);
            }

            capacity.Release();
        }

        public void Dispose()
        {
            while (idle.TryTake(out var session))
            {
                Close(session);
            }

            Close(loginSession);
            module.Release();
        }

        private static void Close(ISession session)
        {
            try
            {
                session.Dispose();
            }
            catch (Exception e) when (e is Pkcs11Exception or UnmanagedException)
            {
            }
        }
    }
}
