// The dashboard as an operator uses it, in Debian's headless Chromium, against a real server and broker
// (DashboardBrowserIT in `mvn verify` sets BASE_URL, the keys and WEBHOOK_URL; scripts/browser-test does the
// same by hand). Every step goes through the page, as a person would; only the pings and pulses that a
// monitored job would send come from here. Each page is saved at 1280 and 375 px under SCREENSHOTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";
import { contrastFailures } from "./contrast.mjs";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:18480";
const API_KEY = process.env.API_KEY ?? "browser-test-rw-key";
const API_KEY_READONLY = process.env.API_KEY_READONLY ?? "browser-test-ro-key";
const WEBHOOK_URL = process.env.WEBHOOK_URL;
const SCREENSHOTS = process.env.SCREENSHOTS ?? "../../../../target/screenshots";
const WAIT_MS = 20_000;
/** Shorter than the page's 15 s poll while the event stream is up: a change seen within it came as an event. */
const LIVE_MS = 8_000;
const RUN = randomUUID().slice(0, 6);

// Flags that keep Chromium quiet on a machine without internet (it would otherwise call home at start).
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let browser;
let context;
let page;
const scriptErrors = [];
const foreignRequests = [];

async function call(method, path, body, key = API_KEY) {
  const headers = { "X-Api-Key": key, "Content-Type": "application/json", Accept: "application/json" };
  const response = await fetch(BASE_URL + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

/** Opens a browser context in which any request that leaves the server's origin is refused and recorded. */
async function openContext(key) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(BASE_URL) || url.startsWith("data:")) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  const p = await ctx.newPage();
  p.on("pageerror", (error) => scriptErrors.push(error.message));
  await p.goto(`${BASE_URL}/`);
  await p.getByLabel("API key").fill(key);
  await p.getByRole("button", { name: "Use key" }).click();
  return { ctx, p };
}

/**
 * Saves the page at 1280 px in light and dark mode and at 375 px, and checks that at 375 px nothing scrolls
 * sideways and that in each screenshot every text meets its WCAG contrast ratio.
 */
async function screenshots(name) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-1280.png`, fullPage: true });
  const contrast = { light: await contrastFailures(page) };
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-dark-1280.png`, fullPage: true });
  contrast.dark = await contrastFailures(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(400);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth]);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-375.png`, fullPage: true });
  contrast.narrow = await contrastFailures(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(Math.max(...widths) <= 375, `${name} at 375 px is ${Math.max(...widths)} px wide`);
  assert.deepEqual(contrast, { light: [], dark: [], narrow: [] }, `${name}: text under its WCAG contrast ratio`);
}

const statusOf = () => page.locator("h2 .status");

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  ({ ctx: context, p: page } = await openContext(API_KEY));
});

after(async () => {
  await browser?.close();
});

let checkUrl;
let pingUrl;

test("a check is created through the form, and a bad field is shown next to it", async () => {
  await page.getByRole("button", { name: "Add check" }).click();
  await page.getByLabel("Name", { exact: true }).fill(`nightly backup ${RUN}`);
  await page.getByLabel("Slug", { exact: true }).fill("Not A Slug");
  await page.getByLabel("Tags", { exact: true }).fill(`prod backup-${RUN}`);
  await page.getByLabel("Description", { exact: true }).fill("The database dump at night");

  await page.getByLabel("Cron", { exact: true }).check();
  await page.getByLabel("Cron expression").fill("61 * * * *");
  await page.locator(".preview.bad").waitFor({ timeout: WAIT_MS });
  await page.getByLabel("Cron expression").fill("0 3 * * *");
  await page.getByLabel("Time zone").fill("Europe/Lisbon");
  await page.locator(".preview.ok li").nth(4).waitFor({ timeout: WAIT_MS });
  assert.match(await page.locator(".preview.ok").textContent(), /Runs at 03:00 every day\..*Europe\/Lisbon/s);
  await page.getByLabel("Simple", { exact: true }).check();

  await page.getByLabel("Period", { exact: true }).fill("2");
  await page.getByLabel("Period unit").selectOption("seconds");
  await page.getByLabel("Grace", { exact: true }).fill("2");
  await page.getByLabel("Grace unit").selectOption("seconds");
  await page.getByLabel("Failure threshold").fill("1");
  await page.getByLabel("Allowed methods").selectOption("");
  assert.equal(await page.getByLabel("Manual resume").isChecked(), false);
  await screenshots("check-form");

  await page.getByRole("button", { name: "Save" }).click();
  const slugError = page.locator('.field-error[data-for="slug"]');
  await slugError.waitFor({ timeout: WAIT_MS });
  assert.match(await slugError.textContent(), /slug/);
  assert.equal(await page.getByLabel("Slug", { exact: true }).getAttribute("aria-invalid"), "true");

  await page.getByLabel("Slug", { exact: true }).fill(`nightly-backup-${RUN}`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/#\/checks\/[0-9a-f-]{36}$/, { timeout: WAIT_MS });
  checkUrl = page.url();
  assert.equal(await statusOf().textContent(), "new");
});

test("the ping URL is copied from the detail view, with snippets that use it", async () => {
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByText("Copied").waitFor({ timeout: WAIT_MS });
  pingUrl = await page.evaluate(() => navigator.clipboard.readText());
  const uuid = checkUrl.split("/").pop();
  assert.equal(pingUrl, `${BASE_URL}/ping/${uuid}`);
  for (const snippet of ["crontab", "curl with start and exit status", "Python", "PowerShell"]) {
    assert.ok(await page.getByText(snippet, { exact: true }).isVisible(), `snippet ${snippet}`);
  }
  assert.match(await page.locator("details pre").first().textContent(), new RegExp(`/ping/${uuid}`));
});

test("a real ping turns the check up live, and missing the next one turns it down", async () => {
  const pinged = await fetch(pingUrl, {
    method: "POST", body: "dump finished: 42 tables", headers: { "User-Agent": "backup-script/1.0" } });
  assert.equal(pinged.status, 200);
  assert.equal(await page.locator("#live").textContent(), "live", "the page listens to the event stream");
  await page.locator("h2 .status", { hasText: "up" }).waitFor({ timeout: LIVE_MS });
  const badgeUrl = await page.locator(".badge code").textContent();
  assert.match(badgeUrl, /\/b\/2\/[\w-]+\.svg$|\.svg$/);
  const row = page.locator("table.log tbody tr").first();
  await row.waitFor({ timeout: WAIT_MS });
  assert.match(await row.textContent(), /success.*backup-script\/1\.0/s);
  await row.getByText("Show").click();
  await row.getByText("dump finished: 42 tables").waitFor({ timeout: WAIT_MS });

  await page.locator("h2 .status", { hasText: "down" }).waitFor({ timeout: LIVE_MS });
  await page.waitForFunction(() => /^\(\d+ down\) /.test(document.title), null, { timeout: WAIT_MS });
  assert.ok(Number(await page.locator("#favicon").getAttribute("data-down")) >= 1, "the favicon counts the down check");
  await page.locator(".flips li", { hasText: "down" }).first().waitFor({ timeout: WAIT_MS });
  assert.match(await page.locator(".downtime").textContent(), /Downtime in the last 30 days: .*1 incident/);
  assert.equal(await page.locator(".uptime .day").count(), 30);
  await screenshots("check-detail");
});

test("the list filters by status card, tag chip and search, and sorts by column", async () => {
  for (const [name, tags] of [[`web ${RUN}`, "prod web"], [`etl ${RUN}`, "staging"]]) {
    const created = await call("POST", "/api/v3/checks/", { name, tags, timeout: 3600, grace: 60 });
    assert.equal(created.status, 201, created.text);
  }
  await page.getByRole("link", { name: "Checks", exact: true }).click();
  const rows = page.locator("#checks tbody tr");
  await rows.filter({ hasText: `etl ${RUN}` }).waitFor({ timeout: WAIT_MS });
  await page.getByLabel("Search").fill(RUN);
  assert.equal(await rows.count(), 3);
  assert.match(await rows.filter({ hasText: `web ${RUN}` }).textContent(), /every hour/);

  await page.locator('.card[data-status="down"]').click();
  assert.deepEqual(await rows.locator("td:first-child").allTextContents(), [`nightly backup ${RUN}`]);
  await page.locator('.card[data-status="down"]').click();

  await page.getByRole("button", { name: "prod", exact: true }).click();
  assert.equal(await rows.count(), 2);
  await page.getByRole("button", { name: "web", exact: true }).click();
  assert.deepEqual(await rows.locator("td:first-child").allTextContents(), [`web ${RUN}`]);
  await page.getByRole("button", { name: "web", exact: true }).click();
  await page.getByRole("button", { name: "prod", exact: true }).click();

  await page.getByRole("button", { name: "Name", exact: true }).click();
  assert.deepEqual(await rows.locator("td:first-child").allTextContents(),
    [`etl ${RUN}`, `nightly backup ${RUN}`, `web ${RUN}`]);
  await page.getByRole("button", { name: "Name", exact: true }).click();
  assert.match(await page.locator('th[aria-sort="descending"]').textContent(), /^Name/);
  assert.deepEqual(await rows.locator("td:first-child").allTextContents(),
    [`web ${RUN}`, `nightly backup ${RUN}`, `etl ${RUN}`]);
  await screenshots("checks");
  await page.emulateMedia({ colorScheme: "dark" });
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(246, 247, 249)",
    "dark mode changes the colours");
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Search").fill("");
});

test("a read-only key gets a read-only page", async () => {
  const { ctx, p } = await openContext(API_KEY_READONLY);
  await p.locator("#checks tbody tr").first().waitFor({ timeout: WAIT_MS });
  assert.equal(await p.locator("#access").textContent(), "read-only key");
  assert.equal(await p.getByRole("button", { name: "Add check" }).filter({ visible: true }).count(), 0);
  await p.locator("#checks tbody a").first().click();
  await p.locator("h2 .status").waitFor({ timeout: WAIT_MS });
  for (const name of ["Ping now", "Pause", "Resume", "Edit", "Delete"]) {
    assert.equal(await p.getByRole("button", { name, exact: true }).filter({ visible: true }).count(), 0, name);
  }
  await ctx.close();
});

test("ping now, edit, pause, resume and delete, with a confirmation", async () => {
  await page.goto(checkUrl);
  await page.locator("table.log tbody tr").first().waitFor({ timeout: WAIT_MS });
  const pings = await page.locator("table.log tbody tr").count();
  await page.getByRole("button", { name: "Ping now" }).click();
  await page.getByText("Pinged.").waitFor({ timeout: WAIT_MS });
  await page.waitForFunction((n) => document.querySelectorAll("table.log tbody tr").length === n + 1, pings,
    { timeout: WAIT_MS });

  await page.getByRole("button", { name: "Edit" }).click();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), `nightly backup ${RUN}`);
  assert.equal(await page.getByLabel("Period", { exact: true }).inputValue(), "2");
  await page.getByLabel("Tags", { exact: true }).fill(`prod backup-${RUN} edited`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(checkUrl, { timeout: WAIT_MS });
  await page.locator(".facts .tag", { hasText: "edited" }).waitFor({ timeout: WAIT_MS });

  await page.getByRole("button", { name: "Pause" }).click();
  await page.locator("h2 .status", { hasText: "paused" }).waitFor({ timeout: WAIT_MS });
  await page.getByRole("button", { name: "Resume" }).click();
  await page.locator("h2 .status", { hasText: /new|up|down/ }).waitFor({ timeout: WAIT_MS });

  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.equal(page.url(), checkUrl, "cancelling keeps the check");
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/#\/$/, { timeout: WAIT_MS });
  await page.locator("#checks tbody tr", { hasText: `web ${RUN}` }).waitFor({ timeout: WAIT_MS });
  assert.equal(await page.locator("#checks tbody tr", { hasText: `nightly backup ${RUN}` }).count(), 0);
  const uuid = checkUrl.split("/").pop();
  assert.equal((await call("GET", `/api/v3/checks/${uuid}`)).status, 404);
});

test("a webhook channel is added and sends a test", async (t) => {
  if (!WEBHOOK_URL) return t.skip("WEBHOOK_URL is not set");
  await page.getByRole("link", { name: "Channels" }).click();
  await page.getByLabel("Name", { exact: true }).fill(`ops-hook-${RUN}`);
  await page.getByLabel("Kind").selectOption("webhook");
  await page.getByLabel("URL", { exact: true }).fill("ftp://example.org/");
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.locator('.field-error[data-for="config.url"]').waitFor({ timeout: WAIT_MS });

  await page.getByLabel("URL", { exact: true }).fill(WEBHOOK_URL);
  await page.getByRole("button", { name: "Add channel" }).click();
  const channel = page.locator("section.channel", { hasText: `ops-hook-${RUN}` });
  await channel.waitFor({ timeout: WAIT_MS });
  await channel.getByRole("button", { name: "Send test" }).click();
  await channel.getByText(/Test delivered/).waitFor({ timeout: WAIT_MS });
  await channel.locator(".outcome.o-delivered").first().waitFor({ timeout: WAIT_MS });
  await screenshots("channels");
});

test("usage is shown as charts, exact totals and batches with their delivery after pulses are sent", async () => {
  const tenant = `tenant-${RUN}`;
  // 2^53 + 1 and a tenth: a value that any double on the path would round. The third is an hour old, so late
  // (the server's grace is 1 s): its CORRECTION batch is emitted and sent to the sink within seconds.
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
  for (const [i, [amount, at]] of [["9007199254740993.1"], ["0.2"], ["1", anHourAgo]].entries()) {
    const timestamp = at ? `,"timestamp":"${at}"` : "";
    const body = `{"id":"${tenant}-${i}","tenant_id":"${tenant}","product_sku":"SKU-77","used_amount":${amount},"use_unity":"KB"${timestamp}}`;
    const answer = await fetch(`${BASE_URL}/ingest`, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    assert.equal(answer.status, 202, await answer.text());
  }
  await page.getByRole("link", { name: "Usage" }).click();
  // The tenant is listed once the meter has counted its first pulse.
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await page.locator("#f-tenant option").first().waitFor({ timeout: 5000 }).catch(() => {});
    if (await page.locator(`option[value="${tenant}"]`).count() > 0) break;
    assert.ok(Date.now() < deadline, `the tenant was never listed; the page says: ${await page.locator("#view").textContent()}`);
    await page.waitForTimeout(1000);
    await page.reload();
  }
  await page.getByLabel("Tenant").selectOption(tenant);
  await page.getByLabel("SKU and unit").selectOption("SKU-77|KB");
  await page.getByRole("button", { name: "Show usage" }).click();
  await page.locator('[data-chart="hourly"] canvas').waitFor({ timeout: WAIT_MS });
  await page.locator('[data-chart="daily"] canvas').waitFor({ timeout: WAIT_MS });
  const headers = await page.locator(".usage-table").first().locator("th").allTextContents();
  assert.deepEqual(headers, ["Window start", "Window end", "SKU", "Unit", "Total", "Pulses"]);
  const totals = await page.locator(".usage-table td.num").allTextContents();
  assert.ok(totals.includes("9007199254740993.3"), `the exact total is shown: ${JSON.stringify(totals)}`);
  const delivery = page.locator('section[aria-label="Batches"] td[data-label="Delivery"]');
  const shown = Date.now() + WAIT_MS;
  // The sink takes it at once: one attempt.
  while (await delivery.first().textContent({ timeout: 1000 }).catch(() => "") !== "Delivered (HTTP 200, 1 attempt)") {
    assert.ok(Date.now() < shown, `no delivered batch; the page says: ${await page.locator("#view").textContent()}`);
    await page.waitForTimeout(1000);
    await page.getByRole("button", { name: "Show usage" }).click();
  }
  assert.equal(await page.locator('section[aria-label="Batches"] th').last().textContent(), "Delivery");
  assert.equal(await page.locator('section[aria-label="Batches"] .tag').first().textContent(), "CORRECTION");
  await screenshots("usage");
});

test("the page ran without script errors and asked nothing of any other host", () => {
  assert.deepEqual(scriptErrors, []);
  assert.deepEqual(foreignRequests, []);
});
