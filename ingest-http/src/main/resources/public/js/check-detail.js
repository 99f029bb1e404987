// One check's page: its ping URL and snippets, its log, its flips over 30 days, its alerts and badge,
// and the buttons that act on it.

import { call, get, post, del } from "./api.js";
import { confirmDialog, el, pill, title, relative, say, scheduleWords, tagList, words } from "./dom.js";

const DAY_MS = 86400000;
const DAYS = 30;

export function show(root, { id, session }) {
  let check = null;
  let badgeVersion = 0;
  let nextDue = null;
  const message = el("p", { class: "message", hidden: true });
  const head = el("div", { class: "page-head" });
  const summary = el("section", { "aria-label": "Summary" });
  const sections = el("div", { class: "detail" });
  root.append(el("p", {}, el("a", { href: "#/" }, "← Checks")), head, message, summary, sections);

  async function act(what, run) {
    try {
      await run();
      say(message, [what], "info");
      await refresh();
    } catch (e) {
      say(message, [e.message]);
    }
  }

  const buttons = () => el("div", { class: "actions write" },
    check.ping_url && el("button", { type: "button", onclick: () => act("Pinged.", () => pingNow()) }, "Ping now"),
    check.status === "paused"
      ? el("button", { type: "button", onclick: () => act("Resumed.", () => post(`/api/v3/checks/${id}/resume`)) }, "Resume")
      : el("button", { type: "button", onclick: () => act("Paused.", () => post(`/api/v3/checks/${id}/pause`)) }, "Pause"),
    el("a", { href: `#/checks/${id}/edit`, class: "button", role: "button" }, "Edit"),
    el("button", { type: "button", class: "danger", onclick: remove }, "Delete"));

  async function pingNow() {
    // The ping URL names PUBLIC_BASE_URL; the page talks only to the server it came from.
    const response = await fetch(new URL(check.ping_url).pathname, { method: "POST", body: "Ping now from the dashboard" });
    if (!response.ok) throw new Error(`the ping answered ${response.status}: ${await response.text()}`);
  }

  async function remove() {
    if (!(await confirmDialog(`Delete the check "${check.name || id}"? Its pings and flips go with it.`, "Delete"))) return;
    try {
      await del(`/api/v3/checks/${id}`);
      location.hash = "#/";
    } catch (e) {
      say(message, [e.message]);
    }
  }

  function renderSummary() {
    head.replaceChildren(el("h2", {}, check.name || check.slug || id, " ", pill(check.status)), buttons());
    summary.replaceChildren(el("dl", { class: "facts" },
      fact("Schedule", scheduleWords(check)), fact("Grace", words(check.grace)),
      fact("Last ping", relative(check.last_ping)), fact("Next ping", relative(check.next_ping)),
      fact("Pings", check.n_pings), fact("Tags", tagList(check.tags).map((t) => el("span", { class: "tag" }, t))),
      check.desc ? fact("Description", check.desc) : null));
  }

  function pingUrlSection() {
    if (!check.ping_url) return null;
    const url = check.ping_url;
    const copied = el("span", { class: "muted", role: "status" });
    return el("section", { "aria-labelledby": "ping-url-title" },
      el("h3", { id: "ping-url-title" }, "Ping URL"),
      el("div", { class: "copy" }, el("code", { id: "ping-url" }, url),
        el("button", { type: "button", onclick: async () => {
          await copy(url);
          copied.textContent = "Copied";
        } }, "Copy"), copied),
      el("h4", {}, "Snippets"), ...snippets(url).map(([title, code], i) => el("details", { open: i === 0 },
        el("summary", {}, title), el("pre", {}, el("code", {}, code)))));
  }

  async function section(title, load, render) {
    const box = el("section", { "aria-label": title }, el("h3", {}, title), el("p", { class: "muted" }, "Loading…"));
    sections.append(box);
    try {
      box.replaceChildren(el("h3", {}, title), render(await load()));
    } catch (e) {
      box.replaceChildren(el("h3", {}, title), el("p", { class: "message error" }, e.message));
    }
  }

  async function refresh() {
    try {
      check = await get(`/api/v3/checks/${id}`);
    } catch (e) {
      say(message, [e.status === 404 ? "This check does not exist (any more)." : e.message]);
      return;
    }
    title.set(check.name || id);
    // A grace period starts at next_ping without any flip: look again just after it.
    clearTimeout(nextDue);
    const due = Date.parse(check.next_ping) - Date.now();
    if (due > 0) nextDue = setTimeout(refresh, Math.min(due + 300, 2 ** 31 - 1));
    renderSummary();
    badgeVersion += 1;
    sections.replaceChildren();
    const pingUrl = pingUrlSection();
    if (pingUrl) sections.append(pingUrl);
    await Promise.all([
      section("Flips", () => get(`/api/v3/checks/${id}/flips?format=list`), (flips) => uptime(flips, check)),
      session.writable && section("Ping log", () => get(`/api/v3/checks/${id}/pings`), (body) => pingLog(body.pings, id)),
      section("Alerts", () => get(`/api/v3/checks/${id}/deliveries`), (body) => deliveries(body.deliveries)),
      section("Badge", async () => check.badge_url, (url) => badge(url, badgeVersion)),
    ]);
  }

  refresh();
  return { refresh, leave: () => clearTimeout(nextDue) };
}

function fact(term, value) {
  return el("div", {}, el("dt", {}, term), el("dd", {}, value ?? "—"));
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    // Without clipboard permission (an http page, an old browser): select the text for Ctrl-C.
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("ping-url"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
}

function snippets(url) {
  return [
    ["crontab", `# m h dom mon dow   command\n8 6 * * * /home/user/backup.sh && curl -fsS -m 10 --retry 5 -o /dev/null ${url}`],
    ["curl with start and exit status", `curl -fsS -m 10 --retry 5 -o /dev/null ${url}/start\n/home/user/backup.sh\n`
      + `curl -fsS -m 10 --retry 5 -o /dev/null ${url}/$?`],
    ["Python", `import urllib.request\n\nurllib.request.urlopen("${url}", timeout=10)`],
    ["PowerShell", `Invoke-RestMethod -Uri "${url}" -TimeoutSec 10`],
  ];
}

function pingLog(pings, id) {
  if (!pings?.length) return el("p", { class: "muted" }, "No pings yet.");
  const started = {};
  // Newest first: a success's run started at the nearest earlier start.
  [...pings].reverse().forEach((p) => {
    if (p.type === "start") started.at = p;
    else if (started.at && (p.type === "success" || p.type === "fail")) {
      p.run = (Date.parse(p.date) - Date.parse(started.at.date)) / 1000;
      started.at = null;
    }
  });
  return el("div", { class: "table-wrap" }, el("table", { class: "log" },
    el("thead", {}, el("tr", {}, ...["#", "Kind", "Time", "Duration", "Source", "User agent", "Body"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...pings.map((p) => el("tr", {},
      el("td", { "data-label": "#" }, p.n),
      el("td", { "data-label": "Kind" }, el("span", { class: `kind k-${p.type}` }, p.type),
        p.exitstatus !== undefined && p.exitstatus !== null ? ` (exit ${p.exitstatus})` : ""),
      el("td", { "data-label": "Time" }, relative(p.date)),
      el("td", { "data-label": "Duration" }, p.run !== undefined ? words(p.run) : p.duration ? words(p.duration) : ""),
      el("td", { "data-label": "Source" }, p.remote_addr || "", p.method ? ` ${p.method}` : ""),
      el("td", { "data-label": "User agent", class: "ua" }, p.ua || ""),
      el("td", { "data-label": "Body" }, p.body_url ? body(id, p.n) : el("span", { class: "muted" }, "—")))))));
}

function body(id, n) {
  const pre = el("pre", {}, "Loading…");
  const details = el("details", { ontoggle: async () => {
    if (!details.open || pre.dataset.loaded) return;
    pre.dataset.loaded = "yes";
    try {
      pre.textContent = await call("GET", `/api/v3/checks/${id}/pings/${n}/body`);
    } catch (e) {
      pre.textContent = e.message;
    }
  } }, el("summary", {}, "Show"), pre);
  return details;
}

/** The last 30 days, one bar a day, coloured by the share of the day the check was down; then the flips. */
function uptime(flips, check) {
  const now = Date.now();
  const since = now - DAYS * DAY_MS;
  const ordered = [...flips].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const downSpans = [];
  let downFrom = null;
  for (const f of ordered) {
    const at = Date.parse(f.timestamp);
    if (f.to === "down" && downFrom === null) downFrom = at;
    if (f.to !== "down" && downFrom !== null) {
      downSpans.push([downFrom, at]);
      downFrom = null;
    }
  }
  if (downFrom !== null || check.status === "down") downSpans.push([downFrom ?? since, now]);
  const days = [];
  let total = 0;
  for (let i = DAYS - 1; i >= 0; i--) {
    const start = new Date(now - i * DAY_MS).setHours(0, 0, 0, 0);
    const end = Math.min(start + DAY_MS, now);
    const down = downSpans.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, end) - Math.max(a, start)), 0);
    total += down;
    days.push({ start, down, share: down / Math.max(1, end - start) });
  }
  const incidents = downSpans.filter(([a, b]) => b > since).length;
  const bar = el("div", { class: "uptime", role: "img",
    "aria-label": `Last ${DAYS} days: down ${words(total / 1000)} in ${incidents} incident${incidents === 1 ? "" : "s"}` },
  ...days.map((d) => el("span", {
    class: d.down === 0 ? "day ok" : d.share < 0.05 ? "day some" : "day bad",
    title: `${new Date(d.start).toLocaleDateString()}: ${d.down === 0 ? "no downtime" : `down ${words(d.down / 1000)}`}`,
  })));
  return el("div", {},
    bar,
    el("p", { class: "downtime" }, `Downtime in the last ${DAYS} days: `,
      el("strong", {}, total === 0 ? "none" : total < 1000 ? "under a second" : words(total / 1000)),
      `, ${incidents} incident${incidents === 1 ? "" : "s"}.`),
    ordered.length === 0 ? el("p", { class: "muted" }, "No flips yet.")
      : el("ol", { class: "flips", reversed: true }, ...[...ordered].reverse().slice(0, 50).map((f) => el("li", {},
        relative(f.timestamp), " ", pill(f.from), " → ", pill(f.to), el("span", { class: "muted" }, ` ${f.reason}`),
        f.failures ? el("span", { class: "muted" }, ` after ${f.failures} failures`) : ""))));
}

function deliveries(list) {
  if (!list?.length) return el("p", { class: "muted" }, "No alerts sent for this check.");
  return deliveryTable(list);
}

export function deliveryTable(list) {
  return el("div", { class: "table-wrap" }, el("table", { class: "log" },
    el("thead", {}, el("tr", {}, ...["Time", "Event", "Channel", "Attempt", "Outcome", "Detail"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...list.map((d) => el("tr", {},
      el("td", { "data-label": "Time" }, relative(d.at)),
      el("td", { "data-label": "Event" }, d.event),
      el("td", { "data-label": "Channel" }, d.kind),
      el("td", { "data-label": "Attempt" }, d.attempt),
      el("td", { "data-label": "Outcome" }, el("span", { class: `outcome o-${d.outcome}` }, d.outcome)),
      el("td", { "data-label": "Detail", class: "ua" }, [d.http_status && `HTTP ${d.http_status}`, d.error, d.reply]
        .filter(Boolean).join(" · ")))))));
}

function badge(url, version) {
  return el("div", { class: "badge" },
    el("img", { src: `${new URL(url).pathname}?v=${version}`, alt: "status badge", height: 20 }),
    el("code", {}, url));
}

