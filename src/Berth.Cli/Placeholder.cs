namespace Berth.Cli;
