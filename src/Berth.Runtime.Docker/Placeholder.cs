namespace Berth.Runtime.Docker;
