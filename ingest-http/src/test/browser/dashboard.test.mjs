// The dashboard as a person sees it, in Debian's headless Chromium. scripts/browser-test starts a real
// server and broker and sets BASE_URL and API_KEY. Where the heartbeat or metering API is not there yet,
// the test asserts the page says so instead of rendering data.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:18480";
const API_KEY = process.env.API_KEY ?? "browser-test-rw-key";
const SCREENSHOT = process.env.SCREENSHOT ?? "target/dashboard.png";
const WAIT_MS = 20_000;

// Flags that keep Chromium quiet on a machine without internet (it would otherwise call home at start).
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let browser;
let page;
const scriptErrors = [];

async function call(method, path, body, key = API_KEY) {
  const headers = { "X-Api-Key": key, "Content-Type": "application/json", Accept: "application/json" };
  const response = await fetch(BASE_URL + path, { method, headers, body });
  return { status: response.status, text: await response.text() };
}

async function messageOf(selector) {
  await page.locator(selector).waitFor({ state: "visible", timeout: WAIT_MS });
  return page.locator(selector).textContent();
}

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  await page.goto(`${BASE_URL}/`);
});

after(async () => {
  if (page) await page.screenshot({ path: SCREENSHOT, fullPage: true });
  await browser?.close();
});

test("the page loads and shows the server's readiness", async () => {
  assert.equal(await page.title(), "Lifeline");
  await page.locator("#health.ok").waitFor({ timeout: WAIT_MS });
});

test("a wrong key is told apart from a missing endpoint", async () => {
  await page.fill("#api-key", "not-a-key");
  await page.click("#key-form button");
  const probe = await call("GET", "/api/v3/checks/", undefined, "not-a-key");
  const expected = probe.status === 404 ? /does not offer \/api\/v3\/checks\/ yet/ : /API key is missing or wrong/;
  assert.match(await messageOf("#checks-message"), expected);
});

test("with the key, the cards count the checks and the table lists them", async () => {
  const name = `browser-${randomUUID().slice(0, 8)}`;
  const created = await call("POST", "/api/v3/checks/", JSON.stringify({ name, tags: "browser e2e", timeout: 60, grace: 60 }));
  await page.fill("#api-key", API_KEY);
  await page.click("#key-form button");
  if (created.status === 404) {
    assert.match(await messageOf("#checks-message"), /does not offer \/api\/v3\/(stats|checks\/) yet/);
    return;
  }
  assert.ok(created.status === 201 || created.status === 200, `create answered ${created.status}: ${created.text}`);
  const check = JSON.parse(created.text);
  assert.equal((await call("GET", `/ping/${check.uuid}`)).status, 200);

  const row = page.locator("#checks tbody tr", { hasText: name });
  await row.locator(".status.s-up").waitFor({ timeout: WAIT_MS });
  assert.match(await row.textContent(), /ago/, "the last ping is shown relative to now");
  assert.deepEqual(await row.locator(".tag").allTextContents(), ["browser", "e2e"]);
  assert.equal(await page.locator("#cards .card").count(), 7);
  const total = Number(await page.locator('#cards [data-status="total"] .n').textContent());
  assert.ok(total >= 1, `total card shows ${total}`);
  assert.ok(await page.locator("#checks-message").isHidden(), "no error message once the key is right");
});

test("usage totals are shown to the last digit", async () => {
  const tenant = `browser-${randomUUID().slice(0, 8)}`;
  // 2^53 + 1 and a tenth: a value that any double on the path would round.
  const amounts = ["9007199254740993.1", "0.2"];
  let ingested = true;
  for (const amount of amounts) {
    const body = `{"tenant_id":"${tenant}","product_sku":"SKU-77","used_amount":${amount},"use_unity":"KB"}`;
    const answer = await call("POST", "/ingest", body);
    if (answer.status === 404) ingested = false;
    else assert.equal(answer.status, 202, `ingest answered ${answer.status}: ${answer.text}`);
  }
  await page.fill('#usage-form [name="tenant"]', tenant);
  const probe = await call("GET", `/api/v1/usage?tenant=${tenant}`);
  if (probe.status === 404) {
    await page.click("#usage-form button");
    assert.match(await messageOf("#usage-message"), /does not offer \/api\/v1\/usage yet/);
    assert.ok(await page.locator("#usage").isHidden());
    return;
  }
  assert.ok(ingested, "the usage API exists, so ingest must too");
  const deadline = Date.now() + WAIT_MS;
  const totals = page.locator("#usage td.num");
  let shown = [];
  while (Date.now() < deadline) {
    await page.click("#usage-form button");
    await page.waitForTimeout(500);
    shown = (await totals.allTextContents()).map((t) => t.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, ""));
    if (shown.includes("9007199254740993.3")) return;
  }
  assert.fail(`the usage table never showed 9007199254740993.3 exactly; it showed ${JSON.stringify(shown)}`);
});

test("the page ran without script errors", () => {
  assert.deepEqual(scriptErrors, []);
});
