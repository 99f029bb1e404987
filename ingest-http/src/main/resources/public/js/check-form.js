// Add and edit a check. Controls are named by their labels; an API 400 is shown next to the field it names.

import { get, post, Problem } from "./api.js";
import { el, field, say, showFieldError } from "./dom.js";

const UNITS = [["seconds", 1], ["minutes", 60], ["hours", 3600], ["days", 86400]];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function show(root, { id, session }) {
  const editing = Boolean(id);
  const message = el("p", { class: "message", hidden: true });
  root.append(el("p", {}, el("a", { href: editing ? `#/checks/${id}` : "#/" }, "← Back")),
    el("h2", {}, editing ? "Edit check" : "Add check"), message);
  if (!session.writable) {
    say(message, ["Changing checks needs the read-write key."]);
    return null;
  }
  load();

  async function load() {
    try {
      const [check, channels] = await Promise.all([
        editing ? get(`/api/v3/checks/${id}`) : Promise.resolve(null),
        get("/api/v3/channels/").then((b) => b.channels || []).catch(() => []),
      ]);
      root.append(form(check, channels, message, id));
    } catch (e) {
      say(message, [e.message]);
    }
  }
  return null;
}

function duration(label, name, seconds, required) {
  const [unit, size] = [...UNITS].reverse().find(([, s]) => seconds && seconds % s === 0) || UNITS[1];
  const number = el("input", { type: "number", min: "0", step: "any", inputmode: "decimal", required,
    value: seconds ? String(seconds / size) : "" });
  const units = el("select", { "aria-label": `${label} unit` },
    ...UNITS.map(([u]) => el("option", { value: u, selected: u === unit }, u)));
  const box = field(label, name, number);
  box.querySelector("label").after(el("div", { class: "duration" }, number, units));
  return { box, seconds: () => (number.value.trim() === "" ? null
    : Math.round(Number(number.value) * UNITS.find(([u]) => u === units.value)[1])) };
}

function form(check, channels, message, id) {
  const c = check || { timeout: 86400, grace: 3600, tz: "UTC", methods: "", manual_resume: false, failure_threshold: 1 };
  const text = (value, attrs = {}) => el("input", { type: "text", value: value || "", ...attrs });
  const name = text(c.name, { autocomplete: "off" });
  const slug = text(c.slug, { pattern: "[a-z0-9_-]*", autocomplete: "off" });
  const tags = text(c.tags, { autocomplete: "off" });
  const desc = el("textarea", { rows: 3 }, c.desc || "");
  const simple = el("input", { type: "radio", name: "kind", value: "simple", id: "kind-simple", checked: !c.schedule });
  const cron = el("input", { type: "radio", name: "kind", value: "cron", id: "kind-cron", checked: Boolean(c.schedule) });
  const period = duration("Period", "timeout", c.schedule ? 86400 : c.timeout, false);
  const grace = duration("Grace", "grace", c.grace, true);
  const expression = text(c.schedule || "0 3 * * *", { autocomplete: "off", spellcheck: "false" });
  const zone = text(c.tz || "UTC", { list: "zones", autocomplete: "off" });
  const preview = el("div", { class: "preview", "aria-live": "polite" });
  const maxRuntime = duration("Max runtime", "max_runtime", c.max_runtime, false);
  const threshold = el("input", { type: "number", min: "1", max: "100", step: "1", value: String(c.failure_threshold || 1) });
  const chosen = new Set(String(c.channels || "").split(",").filter(Boolean));
  const methods = el("select", {}, el("option", { value: "", selected: !c.methods }, "GET, POST and HEAD"),
    el("option", { value: "POST", selected: c.methods === "POST" }, "POST only"));
  const manual = el("input", { type: "checkbox", id: "f-manual_resume", checked: Boolean(c.manual_resume) });
  manual.dataset.field = "manual_resume";

  const simpleBox = el("div", { class: "group" }, period.box);
  const cronBox = el("div", { class: "group" }, field("Cron expression", "schedule", expression,
    "Five fields (minute hour day month weekday) or a systemd OnCalendar line."),
  field("Time zone", "tz", zone), preview);
  const toggle = () => {
    simpleBox.hidden = !simple.checked;
    cronBox.hidden = !cron.checked;
    if (cron.checked) judge();
  };
  simple.addEventListener("change", toggle);
  cron.addEventListener("change", toggle);

  let judging = null;
  function judge() {
    clearTimeout(judging);
    judging = setTimeout(async () => {
      const params = new URLSearchParams({ schedule: expression.value, tz: zone.value || "UTC" });
      try {
        const answer = await get(`/api/v3/schedule?${params}`);
        expression.removeAttribute("aria-invalid");
        preview.className = "preview ok";
        preview.replaceChildren(el("p", {}, describe(expression.value)),
          el("p", { class: "muted" }, `Next runs (${answer.tz}):`),
          el("ol", {}, ...answer.next.map((t) => el("li", {}, inZone(t, answer.tz)))));
      } catch (e) {
        expression.setAttribute("aria-invalid", "true");
        preview.className = "preview bad";
        preview.replaceChildren(el("p", {}, e.message));
      }
    }, 250);
  }
  expression.addEventListener("input", judge);
  zone.addEventListener("input", judge);

  const channelBoxes = channels.map((ch) => el("label", { class: "check" },
    el("input", { type: "checkbox", value: ch.id, checked: chosen.has(ch.id) }), ` ${ch.name} `,
    el("span", { class: "muted" }, ch.kind)));
  const channelGroup = el("fieldset", { "data-field": "channels", tabindex: "-1" }, el("legend", {}, "Channels"),
    ...(channelBoxes.length ? channelBoxes : [el("p", { class: "muted" }, "No channels yet: add one on the Channels page.")]),
    el("p", { class: "field-error", "data-for": "channels", hidden: true, role: "alert" }));

  const zones = el("datalist", { id: "zones" },
    ...(Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : ["UTC"]).map((z) => el("option", { value: z })));

  const node = el("form", { class: "check-form", novalidate: true },
    field("Name", "name", name), field("Slug", "slug", slug, "Lower-case letters, digits, - and _; pings can use it."),
    field("Tags", "tags", tags, "Separated by spaces."), field("Description", "desc", desc),
    el("fieldset", {}, el("legend", {}, "Schedule"),
      el("div", { class: "choice" }, el("label", { for: "kind-simple" }, simple, " Simple"),
        el("label", { for: "kind-cron" }, cron, " Cron")),
      simpleBox, cronBox, grace.box),
    maxRuntime.box, field("Failure threshold", "failure_threshold", threshold,
      "Consecutive failures or missed pings before the check is down."),
    channelGroup, field("Allowed methods", "methods", methods),
    el("div", { class: "field" }, el("label", { class: "check", for: "f-manual_resume" }, manual, " Manual resume"),
      el("small", { class: "muted" }, "After going down, stay down until resumed by hand."),
      el("p", { class: "field-error", "data-for": "manual_resume", hidden: true, role: "alert" })),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Save")), zones);

  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      name: name.value.trim(), slug: slug.value.trim(), tags: tags.value.trim(), desc: desc.value,
      grace: grace.seconds(), max_runtime: maxRuntime.seconds(), failure_threshold: Number(threshold.value),
      channels: [...channelGroup.querySelectorAll("input:checked")].map((i) => i.value).join(","),
      methods: methods.value, manual_resume: manual.checked,
    };
    if (simple.checked) body.timeout = period.seconds();
    else Object.assign(body, { schedule: expression.value.trim(), tz: zone.value.trim() || "UTC" });
    if (body.grace === null) delete body.grace;
    try {
      const saved = await post(id ? `/api/v3/checks/${id}` : "/api/v3/checks/", body);
      location.hash = `#/checks/${saved.uuid || id}`;
    } catch (e) {
      const shown = e instanceof Problem && showFieldError(node, e.field, e.message);
      say(message, shown ? ["Please correct the field marked below."] : [e.message]);
    }
  });
  toggle();
  return node;
}

function inZone(iso, tz) {
  try {
    return new Date(iso).toLocaleString(undefined, { timeZone: tz, dateStyle: "medium", timeStyle: "short" });
  } catch (e) {
    return iso;
  }
}

/** The common shapes of a five-field cron line in words; anything else is left to the next runs. */
export function describe(expression) {
  const f = expression.trim().split(/\s+/);
  if (f.length !== 5) return `Schedule "${expression.trim()}".`;
  const [minute, hour, dom, month, dow] = f;
  const plain = (v) => /^\d+$/.test(v);
  const at = plain(minute) && plain(hour) ? `at ${hour.padStart(2, "0")}:${minute.padStart(2, "0")}` : null;
  const days = dom === "*" && month === "*" ? (dow === "*" ? "every day"
    : dow === "1-5" ? "on weekdays"
      : /^[0-7](,[0-7])*$/.test(dow) ? `on ${dow.split(",").map((d) => WEEKDAYS[Number(d) % 7]).join(", ")}` : null)
    : plain(dom) && month === "*" && dow === "*" ? `on day ${dom} of every month` : null;
  if (at && days) return `Runs ${at} ${days}.`;
  const step = minute.match(/^\*\/(\d+)$/);
  if (step && hour === "*" && dom === "*" && month === "*" && dow === "*") return `Runs every ${step[1]} minutes.`;
  if (f.every((v) => v === "*")) return "Runs every minute.";
  if (plain(minute) && hour === "*" && dom === "*" && month === "*" && dow === "*") {
    return `Runs every hour at minute ${minute}.`;
  }
  return `Cron schedule ${expression.trim()}.`;
}
