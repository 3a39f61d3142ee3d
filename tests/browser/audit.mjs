// Open pages in Debian's chromium, screenshot them (desktop, and a phone 320 px wide: the
// width WCAG 2.1's reflow criterion names), and run the axe-core WCAG 2.1 AA audit. Usage: node audit.mjs OUT_DIR FILE.html [FILE.html ...]
// Prints one JSON object: {"pages": [{"file", "violations": [...], "screenshots": [...],
// "dir", "lang", "overflowX"}]}.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [outDir, ...files] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
const pages = [];
try {
  for (const file of files) {
    const name = file.split(path.sep).slice(-3).join("_").replace(/[^a-z0-9_.-]/gi, "_");
    const shots = [];
    for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 320, height: 640 }]]) {
      const page = await browser.newPage({ viewport });
      await page.goto(pathToFileURL(path.resolve(file)).href);
      const shot = path.join(outDir, `${name}-${label}.png`);
      await page.screenshot({ path: shot, fullPage: false });
      shots.push(shot);
      if (label === "phone") {
        const overflowX = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        pages.at(-1).overflowX = overflowX;
        await page.close();
        continue;
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      const info = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
      pages.push({
        file,
        ...info,
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
        screenshots: shots,
      });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ pages }, null, 1));
