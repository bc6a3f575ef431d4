using System;
using System.Management.Automation;
using System.Security;

namespace Verifik.PowerShell
{
    /// <summary>Lets a SecureString parameter also take a plain string, so <c>-Token $env:VERIFIK_TOKEN</c> works.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value is string text)
            {
                var secure = new SecureString();
                foreach (var ch in text) secure.AppendChar(ch);
                secure.MakeReadOnly();
                return secure;
            }
            return inputData;
        }
    }
}
