// Usage of one tenant: hourly totals for 24 hours and daily totals for 30 days as charts (uPlot, bundled
// in the jar), the same numbers in a table to the last digit, and the batches sent to billing.

import { get, getExact } from "./api.js";
import { el, field, say } from "./dom.js";

const HOUR_MS = 3600000;
const DAY_MS = 24 * HOUR_MS;
const HEADERS = [["windowStart", "Window start"], ["windowEnd", "Window end"], ["sku", "SKU"], ["unit", "Unit"],
  ["total", "Total"], ["count", "Pulses"]];

/** What the person chose, kept while they move between pages. */
const chosen = { tenant: "", series: "" };

export function show(root) {
  const message = el("p", { class: "message", hidden: true });
  const tenant = el("select", { required: true });
  const series = el("select", {});
  const results = el("div", { class: "usage-results" });
  const form = el("form", { class: "usage-form" }, field("Tenant", "tenant", tenant), field("SKU and unit", "series", series),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Show usage")));
  root.append(el("div", { class: "page-head" }, el("h2", {}, "Usage")), message, form, results);
  let tenants = [];

  const fillSeries = () => {
    const entry = tenants.find((t) => t.tenant === tenant.value);
    series.replaceChildren(...(entry?.series || []).map((s) => el("option", { value: `${s.sku}|${s.unit}`,
      selected: chosen.series === `${s.sku}|${s.unit}` }, `${s.sku} · ${s.unit}`)));
  };
  tenant.addEventListener("change", () => {
    chosen.tenant = tenant.value;
    fillSeries();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    chosen.tenant = tenant.value;
    chosen.series = series.value;
    render(results, message, tenant.value, series.value);
  });

  async function load() {
    try {
      tenants = (await get("/api/v1/usage/tenants")).tenants || [];
    } catch (e) {
      say(message, [e.message]);
      return;
    }
    if (tenants.length === 0) {
      say(message, ["No usage yet: send pulses to /ingest and they appear here."], "info");
      return;
    }
    say(message, []);
    tenant.replaceChildren(...tenants.map((t) => el("option", { value: t.tenant, selected: t.tenant === chosen.tenant }, t.tenant)));
    fillSeries();
    if (chosen.tenant) render(results, message, tenant.value, series.value);
  }
  load();
  return { refresh: () => (tenants.length ? null : load()) };
}

async function render(results, message, tenant, series) {
  const [sku, unit] = series.split("|");
  const now = Date.now();
  const q = (window, from) => new URLSearchParams({ tenant, sku, unit, window, from: new Date(from).toISOString(),
    to: new Date(now).toISOString() });
  const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS - 29 * DAY_MS;
  try {
    const [hours, days, batches] = await Promise.all([
      getExact(`/api/v1/usage?${q("HOUR", hourStart)}`), getExact(`/api/v1/usage?${q("DAY", dayStart)}`),
      getExact(`/api/v1/usage/batches?${new URLSearchParams({ tenant, from: new Date(dayStart).toISOString(),
        to: new Date(now).toISOString() })}`)]);
    say(message, []);
    results.replaceChildren(
      chartSection("Last 24 hours, per hour", hours.windows, hourStart, HOUR_MS, 24, unit, "hourly"),
      chartSection("Last 30 days, per day", days.windows, dayStart, DAY_MS, 30, unit, "daily"),
      table(days.windows, "Daily totals"), table(hours.windows, "Hourly totals"),
      batchList((batches.batches || []).filter((b) => b.sku === sku && b.unit === unit)));
  } catch (e) {
    say(message, [e.message]);
  }
}

/** One bar per slot, empty slots at zero, so a quiet hour shows as a gap and not as a missing bar. */
function chartSection(title, windows, start, step, slots, unit, name) {
  const xs = Array.from({ length: slots }, (_, i) => (start + i * step) / 1000);
  const totals = new Map(windows.map((w) => [Date.parse(w.windowStart), Number(w.total)]));
  const ys = xs.map((x) => totals.get(x * 1000) ?? 0);
  const box = el("figure", { class: "chart", "data-chart": name },
    el("figcaption", {}, `${title} (${unit})`));
  const draw = () => {
    if (!window.uPlot || !box.isConnected) return;
    box.querySelector(".uplot")?.remove();
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue("--text").trim();
    const line = css.getPropertyValue("--line").trim();
    const bar = css.getPropertyValue("--started").trim();
    const axis = { stroke: text, grid: { stroke: line }, ticks: { stroke: line } };
    const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumSignificantDigits: 3 });
    new window.uPlot({
      width: Math.max(260, box.clientWidth - 8), height: 220, legend: { show: false },
      cursor: { y: false }, scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 72, values: (u, ticks) => ticks.map((v) => compact.format(v)) }],
      series: [{}, { label: unit, fill: bar, stroke: bar, paths: window.uPlot.paths.bars({ size: [0.7, 40] }),
        points: { show: false } }],
    }, [xs, ys], box);
  };
  requestAnimationFrame(draw);
  new ResizeObserver(() => draw()).observe(box);
  // The canvas takes its colours when drawn: a switch to or from dark mode would leave dark text on a dark page.
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  const total = windows.length ? windows.map((w) => w.total) : [];
  box.setAttribute("aria-label", `${title}: ${total.length} windows with usage`);
  return box;
}

function table(windows, title) {
  if (!windows.length) return el("section", {}, el("h3", {}, title), el("p", { class: "muted" }, "No usage in this range."));
  return el("section", { "aria-label": title }, el("h3", {}, title), el("div", { class: "table-wrap" },
    el("table", { class: "usage-table" },
      el("thead", {}, el("tr", {}, ...HEADERS.map(([k, h]) => el("th", { scope: "col", class: num(k) }, h)))),
      el("tbody", {}, ...windows.map((w) => el("tr", {}, ...HEADERS.map(([k, h]) => el("td", { class: num(k), "data-label": h },
        k.startsWith("window") ? new Date(w[k]).toLocaleString() : w[k]))))))));
}

const num = (k) => (k === "total" || k === "count" ? "num" : null);

function batchList(batches) {
  if (!batches.length) {
    return el("section", {}, el("h3", {}, "Batches"), el("p", { class: "muted" },
      "No batch yet: a window's FINAL batch is emitted once the window and its grace have passed."));
  }
  return el("section", { "aria-label": "Batches" }, el("h3", {}, "Batches"), el("div", { class: "table-wrap" },
    el("table", { class: "usage-table" },
      el("thead", {}, el("tr", {}, ...["Kind", "Batch id", "Window start", "Total", "Pulses", "Emitted", "Delivery"]
        .map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...batches.map((b) => el("tr", {},
        el("td", { "data-label": "Kind" }, el("span", { class: `tag kind-${String(b.kind).toLowerCase()}` }, b.kind)),
        el("td", { "data-label": "Batch id" }, el("code", {}, b.batchId)),
        el("td", { "data-label": "Window start" }, new Date(b.windowStart).toLocaleString()),
        el("td", { "data-label": "Total", class: "num" }, b.total),
        el("td", { "data-label": "Pulses", class: "num" }, b.count),
        el("td", { "data-label": "Emitted" }, new Date(b.emittedAt).toLocaleString()),
        el("td", { "data-label": "Delivery" }, deliveryStatus(b.delivery))))))));
}

/** The batch's delivery to the billing sink in words, e.g. "Pending — 3 attempts, last HTTP 500". */
function deliveryStatus(delivery) {
  const d = delivery || { status: "pending", attempts: 0 };
  const n = Number(d.attempts);
  const attempts = `${n} attempt${n === 1 ? "" : "s"}`;
  const http = d.httpStatus == null ? null : `HTTP ${d.httpStatus}`;
  const words = {
    delivered: `Delivered (${[http, attempts].filter(Boolean).join(", ")})`,
    pending: n ? `Pending — ${attempts}${http ? `, last ${http}` : ""}` : "Pending — not tried yet",
    failed: `Failed — ${attempts}${http ? `, last ${http}` : ""}`,
    not_configured: "No billing sink configured",
  }[d.status] || d.status;
  return el("span", { class: `outcome o-${String(d.status).replace("_", "-")}`,
    title: d.at ? `Last attempt ${new Date(d.at).toLocaleString()}` : null }, words);
}
