using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// A loaded PKCS#11 library, shared by every token opened through the same path in this process:
/// C_Initialize may run only once per library per process, and a key ceremony opens two tokens
/// (the root's and the online one) through the same module. Finalized when the last user releases it,
/// which is also how a reconnect makes the library look at its slots afresh.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private int users;

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        Path = path;
        Library = library;
    }

    public string Path { get; }

    public IPkcs11Library Library { get; }

    public static Pkcs11InteropFactories Factories { get; } = CreateFactories();

    /// <summary>
    /// Pkcs11Interop loads modules through dlopen from "libdl", a name that glibc 2.34+ no longer
    /// installs unversioned (only libdl.so.2, or dlopen inside libc itself): resolve it there.
    /// </summary>
    private static Pkcs11InteropFactories CreateFactories()
    {
        System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
            name == "libdl"
                && (System.Runtime.InteropServices.NativeLibrary.TryLoad("libdl.so.2", out var handle)
                    || System.Runtime.InteropServices.NativeLibrary.TryLoad("libc.so.6", out handle))
                ? handle
                : IntPtr.Zero);
        return new Pkcs11InteropFactories();
    }

    /// <summary>Loads (C_Initialize) the library at <paramref name="path"/>, or shares the one already loaded.</summary>
    public static Pkcs11Module Acquire(string path)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                module = new Pkcs11Module(path, Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded));
                Loaded[path] = module;
            }

            module.users++;
            return module;
        }
    }

    /// <summary>Releases one use; the last one finalizes (C_Finalize) and unloads the library.</summary>
    public void Release()
    {
        lock (Loaded)
        {
            if (--users > 0)
            {
                return;
            }

            Loaded.Remove(Path);
        }

        try
        {
            Library.Dispose();
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException)
        {
            // A library whose token vanished may fail to finalize cleanly; it is unloaded all the same.
        }
    }
}
