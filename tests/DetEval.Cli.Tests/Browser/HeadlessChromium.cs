using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DetEval.Cli.Tests.Browser;

/// <summary>
/// A headless Chromium driven over the DevTools protocol (a WebSocket, no package): started with a fresh profile and
/// no background networking, one page per <see cref="OpenAsync"/>, killed with its children on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentQueue<JsonObject> events = new();
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private Task? receiving;
    private int nextId;

    private HeadlessChromium(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>The browser to use: <c>DETEVAL_CHROMIUM</c>, else the first of Debian's and the usual install paths that exists; null when none.</summary>
    public static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("DETEVAL_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable" }.FirstOrDefault(File.Exists);
    }

    /// <summary>Starts the browser and connects to it.</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        string executable = Find() ?? throw new InvalidOperationException("Chromium not found (install it with tools/ci/install-deps.sh, or set DETEVAL_CHROMIUM)");
        string profile = Path.Combine(Path.GetTempPath(), "deteval-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + executable);
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException("Chromium exited before it listened: " + string.Join(" | ", log)));
                return;
            }

            log.Enqueue(e.Data);
            const string marker = "DevTools listening on ";
            int at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                endpoint.TrySetResult(e.Data[(at + marker.Length)..].Trim());
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            string url = await endpoint.Task.WaitAsync(Timeout);
            await browser.socket.ConnectAsync(new Uri(url), new CancellationTokenSource(Timeout).Token);
            browser.receiving = Task.Run(browser.ReceiveAsync);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> in a new page of <paramref name="width"/> CSS pixels and waits for its load event.</summary>
    public async Task<BrowserPage> OpenAsync(string url, int width = 1300, int height = 900)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var page = new BrowserPage(this, attached["sessionId"]!.GetValue<string>());
        foreach (string domain in new[] { "Runtime", "Log", "Network", "Page" })
        {
            await page.SendAsync(domain + ".enable");
        }

        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        int mark = events.Count;
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForEventAsync(page.SessionId, "Page.loadEventFired", mark);
        return page;
    }

    /// <summary>Sends a command (to a page session when given) and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        int id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, stop.Token);
        }
        finally
        {
            sending.Release();
        }

        var response = await reply.Task.WaitAsync(Timeout);
        if (response["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return response["result"] as JsonObject ?? [];
    }

    /// <summary>The events of one session received so far, in order.</summary>
    public IReadOnlyList<JsonObject> Events(string sessionId) =>
        [.. events.Where(e => e["sessionId"]?.GetValue<string>() == sessionId)];

    /// <summary>Closes the browser, kills what is left of its process tree and deletes the profile.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                _ = SendAsync("Browser.close");
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or InvalidOperationException or OperationCanceledException)
        {
            // Killed below.
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        await stop.CancelAsync();
        socket.Dispose();
        if (receiving is not null)
        {
            await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        process.Dispose();
        stop.Dispose();
        sending.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting child; the temp folder is cleaned by the system.
        }
    }

    private async Task WaitForEventAsync(string sessionId, string method, int after)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (events.Skip(after).Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == sessionId))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no {method} within {Timeout.TotalSeconds} s");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !stop.IsCancellationRequested)
            {
                var part = await socket.ReceiveAsync(buffer, stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is JsonNode id && pending.TryRemove(id.GetValue<int>(), out var reply))
                {
                    reply.TrySetResult(node);
                }
                else if (node["method"] is not null)
                {
                    events.Enqueue(node);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            // The browser went away; pending commands fail on their timeout.
        }

        foreach (var reply in pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("the browser connection closed"));
        }
    }
}

/// <summary>One page (a DevTools session) of a <see cref="HeadlessChromium"/>.</summary>
internal sealed class BrowserPage(HeadlessChromium browser, string sessionId)
{
    public string SessionId { get; } = sessionId;

    public Task<JsonObject> SendAsync(string method, JsonObject? parameters = null) => browser.SendAsync(method, parameters, SessionId);

    /// <summary>Evaluates a JavaScript expression and returns its value (JSON-serialisable values only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is JsonNode details)
        {
            throw new InvalidOperationException("script failed: " + details.ToJsonString());
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>A PNG of the whole page (not only the viewport).</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var size = metrics["cssContentSize"]!;
        var clip = new JsonObject
        {
            ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.GetValue<double>(), ["height"] = size["height"]!.GetValue<double>(), ["scale"] = 1,
        };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>Console errors, uncaught exceptions and error log entries so far.</summary>
    public IReadOnlyList<string> Errors() =>
    [
        .. browser.Events(SessionId).Select(e => (Method: e["method"]!.GetValue<string>(), Params: e["params"]))
            .Where(e => e.Method == "Runtime.exceptionThrown"
                || (e.Method == "Runtime.consoleAPICalled" && e.Params?["type"]?.GetValue<string>() is "error" or "assert")
                || (e.Method == "Log.entryAdded" && e.Params?["entry"]?["level"]?.GetValue<string>() == "error"))
            .Select(e => e.Method + ": " + e.Params?.ToJsonString()),
    ];

    /// <summary>The URLs of every request the page made (the page's own file included).</summary>
    public IReadOnlyList<string> Requests() =>
    [
        .. browser.Events(SessionId)
            .Where(e => e["method"]!.GetValue<string>() == "Network.requestWillBeSent")
            .Select(e => e["params"]?["request"]?["url"]?.GetValue<string>() ?? ""),
    ];
}
