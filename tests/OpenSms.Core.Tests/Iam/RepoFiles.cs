namespace OpenSms.Core.Tests.Iam;

/// <summary>Files of the repository the tests run from, found by walking up to OpenSms.slnx.</summary>
static class RepoFiles
{
    public static string Read(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenSms.slnx")))
                return File.ReadAllText(Path.Combine(dir.FullName, relativePath));
        throw new InvalidOperationException("OpenSms.slnx not found above " + AppContext.BaseDirectory);
    }
}
