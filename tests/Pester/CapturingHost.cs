// Compiled by the stories with Add-Type: a host written in C#, as the console's is, which a stopped pipeline can still
// write to (a host written in PowerShell cannot run once its pipeline has stopped).
#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace Verifik.Pester;

/// <summary>
/// A minimal interactive host: what Out-Host writes lands in <see cref="Text"/> (at a 120-column
/// buffer), secure prompts are answered with <see cref="SecureAnswer"/>, and choice prompts (ShouldProcess's
/// -Confirm) with the next of <see cref="ChoiceAnswers"/>, each recorded in <see cref="ChoicePrompts"/>.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui;

    public CapturingHost(int width = 120) { _ui = new CapturingUI(width); }

    public string Text => _ui.Buffer.ToString();
    public string? SecureAnswer { get => _ui.SecureAnswer; set => _ui.SecureAnswer = value; }
    public List<string> Prompts => _ui.Prompts;

    /// <summary>Labels to answer choice prompts with, in order ("&amp;Yes" is answered by "Yes"); a prompt with none left fails.</summary>
    public Queue<string> ChoiceAnswers => _ui.ChoiceAnswers;

    /// <summary>"caption|message" of each choice prompt shown.</summary>
    public List<string> ChoicePrompts => _ui.ChoicePrompts;

    public override string Name => "VerifikTestHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class CapturingUI : PSHostUserInterface
    {
        private readonly RawUI _raw;
        public CapturingUI(int width) { _raw = new RawUI(width); }
        public StringBuilder Buffer { get; } = new();
        public List<string> Prompts { get; } = new();
        public string? SecureAnswer { get; set; }
        public Queue<string> ChoiceAnswers { get; } = new();
        public List<string> ChoicePrompts { get; } = new();
        public override PSHostRawUserInterface RawUI => _raw;
        public override string ReadLine() => string.Empty;
        public override SecureString ReadLineAsSecureString()
        {
            var s = new SecureString();
            foreach (var ch in SecureAnswer ?? string.Empty) s.AppendChar(ch);
            return s;
        }
        public override void Write(string value) { Buffer.Append(value); Prompts.Add(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Buffer.Append(value);
        public override void WriteLine(string value) => Buffer.AppendLine(value);
        public override void WriteErrorLine(string value) => Buffer.AppendLine(value);
        public override void WriteDebugLine(string message) => Buffer.AppendLine(message);
        public override void WriteVerboseLine(string message) => Buffer.AppendLine(message);
        public override void WriteWarningLine(string message) => Buffer.AppendLine(message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            ChoicePrompts.Add(caption + "|" + message);
            if (!ChoiceAnswers.TryDequeue(out var answer)) throw new NotSupportedException("Unexpected choice prompt: " + caption + "|" + message);
            var index = choices.ToList().FindIndex(c => c.Label.Replace("&", "") == answer);
            return index >= 0 ? index : throw new ArgumentException("No choice '" + answer + "' in: " + string.Join(", ", choices.Select(c => c.Label)));
        }
    }

    private sealed class RawUI : PSHostRawUserInterface
    {
        public RawUI(int width) { BufferSize = new Size(width, 9999); WindowSize = new Size(width, 50); }
        public override ConsoleColor BackgroundColor { get; set; }
        public override ConsoleColor ForegroundColor { get; set; }
        public override Size BufferSize { get; set; }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override Size MaxPhysicalWindowSize => WindowSize;
        public override Size MaxWindowSize => WindowSize;
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; }
        public override string WindowTitle { get; set; } = string.Empty;
        public override bool KeyAvailable => false;
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
