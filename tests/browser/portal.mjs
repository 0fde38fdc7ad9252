// The developer portal in a real browser (Debian's chromium, driven by playwright-core): the reference
// lists every operation of the OpenAPI document, "Authorize" + "Try it out" + "Execute" calls the API
// and shows its answer, the getting-started guide renders, and the page breaks no content-security
// rule. Run by tests/e2e/portal.rs against a local stack:
//   API=http://127.0.0.1:PORT TOKEN=<access token> EMAIL=<its user's email> SCREENSHOT=<png path> node portal.mjs
import { chromium } from "playwright-core";

const { API, TOKEN, EMAIL, SCREENSHOT } = process.env;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

function fail(message) {
  console.error(`portal test failed: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // This machine's network is closed: no background connections, no first-run work.
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(String(err)));
  page.on("response", (resp) => {
    // The one deliberate failure is the try-it call's own answer, checked below.
    if (resp.status() >= 400) problems.push(`${resp.status()} ${resp.url()}`);
  });

  await page.goto(`${API}/v1/docs`);
  await page.waitForSelector(".opblock", { timeout: 30000 });

  // Every documented operation is listed.
  const doc = await (await fetch(`${API}/v1/openapi.json`)).json();
  const documented = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(method)) {
        documented.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  // Past 150 tags and operations Swagger UI renders only what is on screen (its virtualised
  // list), so the page is scrolled to the end and every operation seen on the way is collected.
  const listed = new Set();
  let lastY = -1;
  for (let i = 0; i < 1000; i++) {
    const seen = await page.$$eval(".opblock", (blocks) =>
      blocks.map((b) => {
        const method = b.querySelector(".opblock-summary-method")?.textContent?.trim();
        const path = b.querySelector(".opblock-summary-path")?.getAttribute("data-path");
        return `${method} ${path}`;
      }),
    );
    seen.forEach((op) => listed.add(op));
    const y = await page.evaluate(() => {
      window.scrollBy(0, Math.floor(window.innerHeight * 0.7));
      return window.scrollY;
    });
    await page.waitForTimeout(60);
    if (y === lastY) break;
    lastY = y;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  const missing = documented.filter((op) => !listed.has(op));
  if (missing.length > 0) fail(`operations not listed: ${missing.join(", ")}`);
  console.log(`listed ${documented.length} documented operations on ${Object.keys(doc.paths).length} paths`);

  // Authorize with the bearer token.
  await page.click(".auth-wrapper .authorize");
  const bearer = page
    .locator(".auth-container")
    .filter({ has: page.locator("h4", { hasText: /^bearer\b/ }) });
  await bearer.locator("input").first().fill(TOKEN);
  await bearer.locator("button.authorize").click();
  await page.click(".btn-done");

  // Try it: GET /v1/auth/me answers 200 with the signed-in user.
  const op = page.locator("#operations-auth-auth_me, .opblock-get:has(.opblock-summary-path[data-path='/v1/auth/me'])").first();
  // Scrolled into view first: the virtualised list renders only what is on screen.
  for (let i = 0; i < 200 && (await op.count()) === 0; i++) {
    await page.evaluate(() => window.scrollBy(0, Math.floor(window.innerHeight * 0.5)));
    await page.waitForTimeout(60);
  }
  await op.locator(".opblock-summary").first().click();
  await op.locator(".try-out__btn").click();
  await op.locator(".execute").click();
  const status = op.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor({ timeout: 30000 });
  const code = (await status.textContent()).trim();
  const body = await op.locator(".live-responses-table .response-col_description pre").first().textContent();
  if (!code.startsWith("200")) fail(`try it answered ${code}: ${body}`);
  if (!body.includes(EMAIL)) fail(`try it answer does not show the user: ${body}`);
  console.log(`try it: GET /v1/auth/me -> ${code}`);
  await op.scrollIntoViewIfNeeded();
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: false });

  // The getting-started guide renders its examples.
  await page.goto(`${API}/v1/docs/getting-started`);
  const sections = await page.$$eval(".guide h2", (hs) => hs.map((h) => h.textContent));
  for (const want of ["Register", "Enrich", "bulk job", "webhook", "official client"]) {
    if (!sections.some((s) => s.includes(want))) fail(`the guide has no section on ${want}: ${sections}`);
  }
  const code_blocks = await page.$$eval(".guide pre code", (cs) => cs.length);
  if (code_blocks < 12) fail(`the guide shows ${code_blocks} examples, expected 12`);
  console.log(`guide: ${sections.length} sections, ${code_blocks} examples`);

  if (problems.length > 0) fail(`the browser reported errors: ${problems.join(" | ")}`);
  console.log("portal ok");
} finally {
  await browser.close();
}
