"""Sends one cross-gateway message and screenshots it in the Aspire dashboard (see dashboard-screenshots.sh).

Speaks OnlineChat's framing to two gateways and the W3C WebDriver protocol to chromedriver, both with the
standard library only. Every wait has a deadline.
"""
import argparse
import base64
import json
import socket
import subprocess
import time
import urllib.request

DEADLINE_S = 120


def frame(text):
    payload = text.encode("utf-8")
    return str(len(payload)).encode() + b"," + payload


class ChatClient:
    def __init__(self, port, name):
        self.buffer = b""
        deadline = time.monotonic() + DEADLINE_S
        while True:  # The gateways may still be starting.
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        self.sock.settimeout(30)
        assert self.receive() == "ACK"
        self.sock.sendall(frame(name))
        self.name = self.receive()
        self.receive()  # welcome

    def receive(self):
        while b"," not in self.buffer or len(self.buffer) < self._frame_end():
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("gateway closed the connection")
            self.buffer += chunk
        end = self._frame_end()
        text = self.buffer[self.buffer.index(b",") + 1:end].decode("utf-8")
        self.buffer = self.buffer[end:]
        return text

    def _frame_end(self):
        comma = self.buffer.index(b",")
        return comma + 1 + int(self.buffer[:comma])

    def send(self, text):
        self.sock.sendall(frame(text))


class Browser:
    """A headless Chromium session through chromedriver's W3C WebDriver endpoint."""

    def __init__(self):
        self.driver = subprocess.Popen(["chromedriver", "--port=9515"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:9515"
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1600,1000"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome",
                                                 "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}}
        self.session = self._wait(lambda: self._call("POST", "/session", caps))["sessionId"]

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    def _wait(self, attempt):
        deadline = time.monotonic() + DEADLINE_S
        while True:
            try:
                result = attempt()
                if result:
                    return result
            except Exception:  # noqa: BLE001 - not ready yet; the deadline ends the wait
                if time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise TimeoutError("browser condition not met in time")
            time.sleep(1)

    def go(self, url):
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def page_text(self):
        return self._call("POST", f"/session/{self.session}/execute/sync", {"script": "return document.body.innerText", "args": []})

    def wait_for_text(self, *texts):
        self._wait(lambda: all(t in self.page_text() for t in texts))

    def click_text(self, text):
        """Clicks the innermost element whose text contains `text` (a trace row's name)."""
        script = """
            const text = arguments[0];
            const hits = [...document.querySelectorAll('a, span, div, td')]
              .filter(e => e.innerText && e.innerText.includes(text) && e.children.length === 0);
            if (hits.length === 0) return false;
            hits[0].click();
            return true;"""
        self._wait(lambda: self._call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": [text]}))

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self._call("GET", f"/session/{self.session}/screenshot")))
        print(f"saved {path}")

    def close(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--login-url", required=True)
    parser.add_argument("--out", default="docs/images")
    args = parser.parse_args()
    dashboard = args.login_url.split("/login")[0]

    sender = ChatClient(8888, "teacher")
    receiver = ChatClient(8890, "student")
    sender.send("Good morning, class!")
    deadline = time.monotonic() + DEADLINE_S
    while (line := receiver.receive()) != f"{sender.name}: Good morning, class!\n":
        assert time.monotonic() < deadline, "the broadcast did not reach gateway 3"
    print(f"gateway 3 received: {line.strip()}")

    browser = Browser()
    try:
        browser.go(args.login_url)
        browser.wait_for_text("chat-gateway-1", "chat-gateway-3", "presence", "redis")
        browser.wait_for_text("Running")
        browser.screenshot(f"{args.out}/dashboard-resources.png")

        browser.go(f"{dashboard}/traces")
        browser.wait_for_text("chat broadcast")
        browser.click_text("chat broadcast")
        browser.wait_for_text("Trace detail", "chat-gateway-3", "oc:chat:all")
        browser.screenshot(f"{args.out}/dashboard-trace.png")

        # The delivery-latency histogram, after a few more messages: its percentiles must read in
        # milliseconds, not the "5 s" that OpenTelemetry's default buckets gave every delivery.
        # Paced like a class talking (10 a second, within the sender's rate limit), each awaited.
        for i in range(60):
            sender.send(f"message {i}")
            while receiver.receive() != f"{sender.name}: message {i}\n":
                assert time.monotonic() < deadline + DEADLINE_S, f"broadcast {i} did not reach gateway 3"
            time.sleep(0.1)
        browser.go(f"{dashboard}/metrics/resource/chat-gateway-3?meter=OnlineChat.Gateway"
                   "&instrument=onlinechat.gateway.delivery.latency&duration=5&view=Table")
        browser.wait_for_text("onlinechat.gateway.delivery.latency", "P99")
        browser.screenshot(f"{args.out}/dashboard-latency.png")
        print(browser.page_text()[:1500])
    except Exception:
        browser.screenshot(f"{args.out}/failed.png")
        print(browser.page_text()[:3000])
        raise
    finally:
        browser.close()


if __name__ == "__main__":
    main()
