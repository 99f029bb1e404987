// The checks list: cards that filter by status, tag chips, search, sortable columns, refreshed live.

import { get } from "./api.js";
import { el, pill, relative, say, scheduleWords, tagList } from "./dom.js";

const CARDS = ["total", "up", "grace", "down", "started", "new", "paused"];
// Most urgent first: a person opening the page wants the broken checks on top.
const URGENCY = { down: 0, grace: 1, started: 2, up: 3, new: 4, paused: 5 };
const COLUMNS = [
  { key: "name", label: "Name", value: (c) => (c.name || c.slug || "").toLowerCase() },
  { key: "status", label: "Status", value: (c) => URGENCY[c.status] ?? 9 },
  { key: "schedule", label: "Schedule", value: (c) => c.schedule || String(c.timeout).padStart(12, "0") },
  { key: "last_ping", label: "Last ping", value: (c) => -(Date.parse(c.last_ping) || 0) },
  { key: "next_ping", label: "Next ping", value: (c) => Date.parse(c.next_ping) || Infinity },
];

/** What the person chose, kept while they move between pages. */
const view = { status: "total", tags: new Set(), search: "", sort: "status", descending: false };

export function show(root, { session }) {
  let checks = null;
  let nextDue = null;
  const message = el("p", { class: "message", hidden: true });
  const cards = el("div", { class: "cards", role: "group", "aria-label": "Filter by status" });
  const chips = el("div", { class: "chips", role: "group", "aria-label": "Filter by tag" });
  const search = el("input", { type: "search", id: "check-search", placeholder: "name or slug",
    value: view.search, oninput: (e) => { view.search = e.target.value; render(); } });
  const body = el("tbody");
  const head = el("tr");
  const table = el("table", { id: "checks", class: "checks" }, el("caption", { class: "visually-hidden" }, "Checks"),
    el("thead", {}, head), body);

  root.append(
    el("div", { class: "page-head" }, el("h2", {}, "Checks"),
      el("a", { href: "#/checks/new", class: "button write", role: "button" }, "Add check")),
    cards, message,
    el("div", { class: "filters" }, el("label", { for: "check-search" }, "Search"), search, chips),
    el("div", { class: "table-wrap" }, table));

  function visible() {
    const words = view.search.trim().toLowerCase();
    return checks.filter((c) => (view.status === "total" || c.status === view.status)
      && [...view.tags].every((t) => tagList(c.tags).includes(t))
      && (!words || `${c.name} ${c.slug}`.toLowerCase().includes(words)));
  }

  function renderCards() {
    const counts = { total: checks.length };
    checks.forEach((c) => (counts[c.status] = (counts[c.status] || 0) + 1));
    cards.replaceChildren(...CARDS.map((status) => el("button", {
      type: "button", class: `card s-${status}`, "data-status": status, "aria-pressed": String(view.status === status),
      onclick: () => { view.status = view.status === status ? "total" : status; render(); },
    }, el("span", { class: "n" }, counts[status] || 0), el("span", { class: "label" }, status))));
  }

  function renderChips() {
    const all = [...new Set(checks.flatMap((c) => tagList(c.tags)))].sort();
    chips.replaceChildren(...all.map((tag) => el("button", {
      type: "button", class: "chip", "aria-pressed": String(view.tags.has(tag)),
      onclick: () => { view.tags.has(tag) ? view.tags.delete(tag) : view.tags.add(tag); render(); },
    }, tag)));
  }

  function renderHead() {
    const sorted = (col) => (view.sort === col.key ? (view.descending ? "descending" : "ascending") : "none");
    head.replaceChildren(...COLUMNS.map((col) => el("th", { scope: "col", "aria-sort": sorted(col) },
      el("button", { type: "button", class: "sort", onclick: () => {
        view.descending = view.sort === col.key ? !view.descending : false;
        view.sort = col.key;
        render();
      } }, col.label, el("span", { class: "arrow", "aria-hidden": "true" },
        { ascending: " ▲", descending: " ▼", none: "" }[sorted(col)])))), el("th", { scope: "col" }, "Tags"));
  }

  function render() {
    if (!checks) return;
    renderCards();
    renderChips();
    renderHead();
    const column = COLUMNS.find((c) => c.key === view.sort);
    const rows = visible().sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return (view.descending ? -order : order) || String(a.name).localeCompare(String(b.name));
    });
    if (rows.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted" }, checks.length === 0
        ? "No checks yet: add one, then ping its URL." : "No check matches these filters.")));
      return;
    }
    body.replaceChildren(...rows.map((c) => {
      const id = c.uuid || c.unique_key;
      return el("tr", { "data-uuid": id },
        el("td", { "data-label": "Name" }, el("a", { href: `#/checks/${id}` }, c.name || c.slug || id)),
        el("td", { "data-label": "Status" }, pill(c.status)),
        el("td", { "data-label": "Schedule" }, scheduleWords(c)),
        el("td", { "data-label": "Last ping" }, relative(c.last_ping)),
        el("td", { "data-label": "Next ping" }, relative(c.next_ping)),
        el("td", { "data-label": "Tags" }, ...tagList(c.tags).map((t) => el("span", { class: "tag" }, t))));
    }));
  }

  /** A grace period starts at next_ping without any flip: look again just after the nearest one. */
  function wakeAtNextDeadline() {
    clearTimeout(nextDue);
    const soonest = Math.min(...checks.map((c) => Date.parse(c.next_ping)).filter((t) => t > Date.now()));
    if (Number.isFinite(soonest)) nextDue = setTimeout(refresh, Math.min(soonest - Date.now() + 300, 2 ** 31 - 1));
  }

  async function refresh() {
    try {
      // API v1 is the one that reports a running job as "started", as healthchecks' own v1 does.
      checks = (await get("/api/v1/checks/")).checks || [];
      say(message, []);
      render();
      wakeAtNextDeadline();
    } catch (e) {
      say(message, [e.message]);
    }
  }

  refresh();
  return { refresh, leave: () => clearTimeout(nextDue) };
}
