namespace Berth.Registry;
