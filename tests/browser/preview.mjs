// Watch a live preview (localise serve) in Debian's chromium as a translator would: open a
// page, then wait for what the page shows, never reloading it. Usage: node preview.mjs URL
// Prints {"ok": true, "loads": 1} once the page is open, then reads one command per line of
// standard input and answers each with one line of JSON:
//   {"wait": "JS expression", "timeout": ms} -> {"ok", "ms", "value", "loads"} once the
//     expression is truthy in the page (the page may reload itself meanwhile), or
//     {"ok": false, "ms", "error", "loads"} after timeout ms;
//   {"quit": true} closes the browser.
// "loads" counts the page's load events: more than 1 means it reloaded itself.
import { chromium } from "playwright-core";
import readline from "node:readline";

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
let loads = 0;
const say = (answer) => process.stdout.write(JSON.stringify({ ...answer, loads }) + "\n");
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("load", () => { loads += 1; });
  await page.goto(url, { waitUntil: "load" });
  say({ ok: true });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    if (command.quit) break;
    const started = Date.now();
    try {
      const handle = await page.waitForFunction(command.wait, null,
        { timeout: command.timeout, polling: 25 });
      say({ ok: true, ms: Date.now() - started, value: await handle.jsonValue() });
    } catch (error) {
      say({ ok: false, ms: Date.now() - started, error: String(error) });
    }
  }
} finally {
  await browser.close();
}
