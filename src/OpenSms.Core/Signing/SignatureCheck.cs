namespace OpenSms.Core.Signing;

/// <summary>Why an AK/SK request was refused; the server may treat some kinds differently (e.g. lock-out).</summary>
public enum SignatureFailure
{
    None,
    MalformedAuthorization,
    UnsupportedAlgorithm,
    DateMissing,
    DateMalformed,
    DateExpired,
    HeaderNotSigned,
    SignedHeaderMissing,
    SignatureMismatch,
}

/// <summary>
/// The outcome of parsing or verifying a signed request. <see cref="Reason"/> completes Huawei's
/// message <c>Incorrect IAM authentication information: &lt;reason&gt;</c>.
/// </summary>
// A class, not a struct: a default struct would read as a successful check.
public sealed record SignatureCheck(SignatureFailure Failure, string Reason)
{
    public static readonly SignatureCheck Valid = new(SignatureFailure.None, "");

    public bool IsValid => Failure == SignatureFailure.None;

    internal static SignatureCheck Fail(SignatureFailure failure, string reason) => new(failure, reason);
}
