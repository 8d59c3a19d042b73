using System.Security.Cryptography;

namespace OpenSms.Server.Auth;

/// <summary>
/// The server's secret, kept in the data directory (mode 600): it signs tokens so checking one needs
/// no database read, and later encrypts secrets at rest. Every instance sharing a database must
/// share this file.
/// </summary>
public sealed class ServerKey
{
    public ServerKey(byte[] key) => Key = key;

    public byte[] Key { get; }

    public static ServerKey LoadOrCreate(string dataDirectory)
    {
        PrivateDirectory.Create(dataDirectory);
        var path = Path.Combine(dataDirectory, "server.key");
        if (File.Exists(path)) return new ServerKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        var key = RandomNumberGenerator.GetBytes(32);
        SecretFile.Write(path, Convert.ToBase64String(key));
        return new ServerKey(key);
    }
}

public static class PrivateDirectory
{
    /// <summary>A new data directory is its owner's alone (700): the database beside the key holds password hashes and sealed secrets.</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

public static class SecretFile
{
    /// <summary>Creates the file readable by its owner only, before any secret is written to it.</summary>
    public static void Write(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }
}
