"use strict";
// Lifeline's dashboard: no framework and no build step, so the server can ship it as three static files.

const KEY_STORAGE = "lifeline.apiKey";
const REFRESH_MS = 5000;
const CARD_ORDER = ["total", "up", "down", "grace", "started", "new", "paused"];
// Most urgent first: a person opening the page wants the broken checks on top.
const URGENCY = { down: 0, grace: 1, started: 2, up: 3, new: 4, paused: 5 };
const USAGE_COLUMNS = ["windowStart", "windowEnd", "tenant", "sku", "unit", "total", "count"];
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const $ = (selector) => document.querySelector(selector);

/** An answer that cannot be shown; the message tells a person what is wrong and what to do. */
class Problem extends Error {}

async function api(path) {
  const key = localStorage.getItem(KEY_STORAGE);
  const headers = { Accept: "application/json" };
  if (key) headers["X-Api-Key"] = key;
  let response;
  try {
    response = await fetch(path, { headers, cache: "no-store" });
  } catch (e) {
    throw new Problem("The Lifeline server cannot be reached; retrying.");
  }
  const text = await response.text();
  if (response.ok) return text;
  throw new Problem(explain(response, path, errorOf(text)));
}

function explain(response, path, detail) {
  const endpoint = path.split("?")[0];
  switch (response.status) {
    case 401:
    case 403:
      return "The API key is missing or wrong: enter LIFELINE_API_KEY (or the read-only key) above.";
    case 404:
    case 405:
      return `This server does not offer ${endpoint} yet.`;
    case 503: {
      const retry = response.headers.get("Retry-After");
      return `Lifeline is not ready${detail ? ` (${detail})` : ""}; retrying${retry ? ` in ${retry} s` : ""}.`;
    }
    default:
      return `${endpoint} answered ${response.status}${detail ? `: ${detail}` : ""}.`;
  }
}

function errorOf(text) {
  try {
    const body = JSON.parse(text);
    return body.error || body.title || body.detail || "";
  } catch (e) {
    return "";
  }
}

/**
 * JSON.parse that keeps every number as its source text, so that an exact decimal total such as
 * 12345678901234567.123456789 never passes through a binary double.
 */
function parseExact(text) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (inString) {
      const step = c === "\\" ? 2 : 1;
      out += text.slice(i, i + step);
      inString = c !== '"';
      i += step;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)[0];
      out += `"${literal}"`;
      i += literal.length;
    } else {
      inString = c === '"';
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === "class" ? (node.className = v) : node.setAttribute(k, v)));
  children.forEach((child) => node.append(child instanceof Node ? child : String(child ?? "")));
  return node;
}

function say(selector, problems) {
  const box = $(selector);
  const unique = [...new Set(problems.filter(Boolean))];
  box.hidden = unique.length === 0;
  box.className = "message error";
  box.textContent = unique.join(" ");
}

function relative(iso) {
  if (!iso) return el("span", { class: "muted" }, "—");
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  const amount = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min`
    : abs < 129600 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} d`;
  return el("time", { datetime: iso, title: iso }, seconds <= 0 ? `${amount} ago` : `in ${amount}`);
}

function pill(status) {
  return el("span", { class: `status s-${status}` }, status || "?");
}

function tags(value) {
  const list = Array.isArray(value) ? value : String(value || "").split(" ");
  return el("span", {}, ...list.filter(Boolean).map((t) => el("span", { class: "tag" }, t)));
}

function renderCards(stats) {
  const cards = $("#cards");
  cards.replaceChildren(...CARD_ORDER.map((status) => el("div", { class: `card s-${status}`, "data-status": status },
    el("span", { class: "n" }, stats[status] ?? 0), el("span", { class: "label" }, status))));
}

function renderChecks(checks) {
  const rows = [...checks].sort((a, b) => (URGENCY[a.status] ?? 9) - (URGENCY[b.status] ?? 9)
    || String(a.name || "").localeCompare(String(b.name || "")));
  const body = $("#checks tbody");
  if (rows.length === 0) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "muted" },
      "No checks yet: create one with POST /api/v3/checks/ and ping its URL.")));
    return;
  }
  body.replaceChildren(...rows.map((c) => el("tr", { "data-uuid": c.uuid || c.unique_key || "" },
    el("td", {}, c.name || c.slug || c.uuid || "(unnamed)"), el("td", {}, pill(c.status)),
    el("td", {}, relative(c.last_ping)), el("td", {}, relative(c.next_ping)), el("td", {}, tags(c.tags)))));
}

/** Counts by status from the list itself, for a server that has the checks but no stats endpoint. */
function countByStatus(checks) {
  const counts = { total: checks.length };
  checks.forEach((c) => (counts[c.status] = (counts[c.status] || 0) + 1));
  return counts;
}

async function refresh() {
  // API v1 is the one that reports a running job as "started", as healthchecks' own v1 does.
  const [stats, checks] = await Promise.allSettled([api("/api/v3/stats"), api("/api/v1/checks/")]);
  const list = checks.status === "fulfilled" ? JSON.parse(checks.value).checks || [] : null;
  if (stats.status === "fulfilled") renderCards(JSON.parse(stats.value));
  else if (list) renderCards(countByStatus(list));
  else $("#cards").replaceChildren();
  if (list) renderChecks(list);
  $("#checks").hidden = !list;
  // Without stats the cards come from the list, so only the list's problem is worth a message.
  say("#checks-message", [checks.status === "rejected" ? checks.reason.message : null]);
  $("#refreshed").textContent = `updated ${new Date().toLocaleTimeString()}`;
}

async function refreshHealth() {
  const badge = $("#health");
  try {
    const response = await fetch("/health/ready", { cache: "no-store" });
    const body = await response.json().catch(() => ({}));
    badge.className = `health ${response.ok ? "ok" : "bad"}`;
    badge.textContent = response.ok ? "ready" : `not ready${body.waitingFor ? `: ${[].concat(body.waitingFor).join(", ")}` : ""}`;
  } catch (e) {
    badge.className = "health bad";
    badge.textContent = "unreachable";
  }
}

/** The first array in an answer: the usage endpoint may answer a list or an object that holds one. */
function windowsOf(body) {
  if (Array.isArray(body)) return body;
  const found = Object.values(body || {}).find(Array.isArray);
  return found || (body ? [body] : []);
}

async function showUsage(event) {
  event.preventDefault();
  const params = new URLSearchParams();
  new FormData(event.target).forEach((value, name) => value.trim() && params.set(name, value.trim()));
  const table = $("#usage");
  try {
    const rows = windowsOf(parseExact(await api(`/api/v1/usage?${params}`)));
    const seen = new Set(rows.flatMap((row) => Object.keys(row)));
    const columns = [...USAGE_COLUMNS.filter((c) => seen.has(c)), ...[...seen].filter((c) => !USAGE_COLUMNS.includes(c))];
    const align = (c) => ({ class: c === "total" || c === "count" ? "num" : "" });
    table.querySelector("thead tr").replaceChildren(...columns.map((c) => el("th", align(c), c)));
    table.querySelector("tbody").replaceChildren(...rows.map((row) => el("tr", {}, ...columns.map((c) => {
      const value = row[c];
      return el("td", align(c), value !== null && typeof value === "object" ? JSON.stringify(value) : value);
    }))));
    table.hidden = false;
    say("#usage-message", rows.length ? [] : [`No usage for tenant ${params.get("tenant")} in that range.`]);
    if (!rows.length) table.hidden = true;
  } catch (e) {
    table.hidden = true;
    say("#usage-message", [e.message]);
  }
}

function start() {
  const input = $("#api-key");
  input.value = localStorage.getItem(KEY_STORAGE) || "";
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem(KEY_STORAGE, input.value.trim());
    refresh();
  });
  $("#usage-form").addEventListener("submit", showUsage);
  const loop = async () => {
    try {
      await Promise.all([refresh(), refreshHealth()]);
    } catch (e) {
      say("#checks-message", [`Unexpected answer from the server: ${e.message}`]);
    } finally {
      setTimeout(loop, REFRESH_MS);
    }
  };
  loop();
}

start();
