using OpenSms.Cli;

return await Cli.RunAsync(args, CliConsole.ForProcess());
