namespace Berth.Api;
