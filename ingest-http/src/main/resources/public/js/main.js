// Lifeline's dashboard: plain ES modules, no framework and no build step; every page reads and writes
// through the public APIs. Pages are addressed by the URL's hash, so a check's page can be shared.

import { canWrite, get, key } from "./api.js";
import { $, say, tickRelativeTimes, title } from "./dom.js";
import { live } from "./live.js";
import * as checks from "./checks.js";
import * as detail from "./check-detail.js";
import * as form from "./check-form.js";
import * as channels from "./channels.js";
import * as usage from "./usage.js";

const POLL_MS = 5000;
/** While the event stream is up, polling only catches what flips do not carry (pings, others' edits). */
const POLL_LIVE_MS = 15000;

const ROUTES = [
  [/^#?\/?$/, checks, "checks"],
  [/^#\/checks\/new$/, form, "checks"],
  [/^#\/checks\/([^/]+)\/edit$/, form, "checks"],
  [/^#\/checks\/([^/]+)$/, detail, "checks"],
  [/^#\/channels$/, channels, "channels"],
  [/^#\/usage$/, usage, "usage"],
];

const session = { writable: false, refresh: () => {} };
let current = null;
let pollTimer = null;

function route() {
  const hash = location.hash || "#/";
  const [pattern, page, nav] = ROUTES.find(([p]) => p.test(hash)) || ROUTES[0];
  const [, id] = hash.match(pattern) || [];
  document.querySelectorAll("nav a").forEach((a) => {
    if (a.dataset.nav === nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  current?.leave?.();
  title.set(null);
  const view = $("#view");
  view.replaceChildren();
  current = page.show(view, { id: id && decodeURIComponent(id), session }) || null;
  session.refresh = () => current?.refresh?.();
  view.focus({ preventScroll: true });
}

/** The count of down checks in the title and the favicon, so a background tab says it too. */
async function refreshDown() {
  let down = 0;
  try {
    down = (await get("/api/v3/stats")).down || 0;
  } catch (e) {
    return;
  }
  title.down = down;
  title.apply();
  const colour = down > 0 ? "#dc2626" : "#16a34a";
  const text = down > 0 ? `<text x="16" y="22" font-size="${down > 9 ? 15 : 19}" font-family="sans-serif" `
    + `font-weight="700" text-anchor="middle" fill="#fff">${down > 99 ? "99" : down}</text>` : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${colour}"/>${text}</svg>`;
  $("#favicon").href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  $("#favicon").dataset.down = String(down);
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

function poll() {
  clearTimeout(pollTimer);
  if (key.get()) {
    session.refresh();
    refreshDown();
  }
  refreshHealth();
  pollTimer = setTimeout(poll, live.connected ? POLL_LIVE_MS : POLL_MS);
}

async function useKey() {
  session.writable = key.get() ? await canWrite() : false;
  document.body.classList.toggle("read-only", !session.writable);
  $("#access").textContent = !key.get() ? "" : session.writable ? "read-write key" : "read-only key";
  say($("#key-message"), key.get() ? [] : ["Enter the API key (LIFELINE_API_KEY, or the read-only key) to see your checks."],
    "info");
  live.restart();
  if (key.get()) route();
  else $("#view").replaceChildren();
  poll();
}

function start() {
  const input = $("#api-key");
  input.value = key.get();
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    key.set(input.value);
    useKey();
  });
  live.onState((connected) => {
    $("#live").textContent = connected ? "live" : "polling";
    $("#live").className = `live ${connected ? "on" : "off"}`;
    if (connected) poll();
  });
  live.onFlip(() => {
    refreshDown();
    session.refresh();
  });
  window.addEventListener("hashchange", () => key.get() && route());
  setInterval(tickRelativeTimes, 1000);
  useKey();
}

start();
