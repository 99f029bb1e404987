// Small helpers that turn API answers into elements and words.

export const $ = (selector, root = document) => root.querySelector(selector);

/** The page's title, led by the count of down checks so that a background tab says it too. */
export const title = {
  page: "Lifeline",
  down: 0,
  set(page) {
    this.page = page ? `${page} · Lifeline` : "Lifeline";
    this.apply();
  },
  apply() {
    document.title = this.down > 0 ? `(${this.down} down) ${this.page}` : this.page;
  },
};

/** An element; attributes starting with "on" are listeners, `class` is the class name, false or null are left off. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  children.flat().forEach((child) => {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  });
  return node;
}

/** Shows problems in a message box; an empty list hides it. */
export function say(box, problems, kind = "error") {
  const unique = [...new Set([].concat(problems).filter(Boolean))];
  box.hidden = unique.length === 0;
  box.className = `message ${kind}`;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.textContent = unique.join(" ");
}

const UNITS = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];

/** 300 → "5 minutes", 5400 → "1 hour 30 minutes". */
export function words(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  let left = Math.round(Number(seconds));
  if (left === 0) return "0 seconds";
  const parts = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(left / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
    left -= n * size;
  }
  return parts.join(" ");
}

/** "every 5 minutes", or the cron expression with its zone. */
export function scheduleWords(check) {
  if (check.schedule) {
    return el("span", {}, "cron ", el("code", {}, check.schedule), ` ${check.tz || "UTC"}`);
  }
  return el("span", {}, `every ${words(check.timeout).replace(/^1 (\w+)$/, "$1")}`);
}

export function ago(iso, now = Date.now()) {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  const amount = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min`
    : abs < 129600 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} d`;
  return seconds <= 0 ? `${amount} ago` : `in ${amount}`;
}

/** A time relative to now, kept current by {@link tickRelativeTimes}; the exact time is its title. */
export function relative(iso) {
  if (!iso) return el("span", { class: "muted" }, "—");
  return el("time", { datetime: iso, title: new Date(iso).toLocaleString(), "data-relative": "" }, ago(iso));
}

export function tickRelativeTimes() {
  document.querySelectorAll("time[data-relative]").forEach((t) => (t.textContent = ago(t.getAttribute("datetime"))));
}

export function pill(status) {
  return el("span", { class: `status s-${status}` }, status || "?");
}

export function tagList(value) {
  return String(value || "").split(" ").filter(Boolean);
}

export function exactTime(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

/** Marks the input named by an API 400 and puts the message next to it; answers whether one was found. */
export function showFieldError(form, field, message) {
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  form.querySelectorAll(".field-error").forEach((p) => (p.hidden = true));
  if (!field) return false;
  const box = form.querySelector(`.field-error[data-for="${CSS.escape(field)}"]`);
  if (!box) return false;
  box.textContent = message;
  box.hidden = false;
  const input = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
  return true;
}

/** A label, its control and a place for the error the API names it in. */
export function field(label, name, control, hint) {
  const id = `f-${name.replace(/\W/g, "-")}`;
  control.id = control.id || id;
  control.dataset.field = name;
  control.setAttribute("aria-describedby", `${id}-error${hint ? ` ${id}-hint` : ""}`);
  return el("div", { class: "field" },
    el("label", { for: control.id }, label), control,
    hint ? el("small", { id: `${id}-hint`, class: "muted" }, hint) : null,
    el("p", { id: `${id}-error`, class: "field-error", "data-for": name, hidden: true, role: "alert" }));
}

/** A modal question; resolves true when the person confirms. */
export function confirmDialog(question, action) {
  return new Promise((resolve) => {
    const dialog = el("dialog", { "aria-label": question },
      el("form", { method: "dialog" },
        el("p", {}, question),
        el("div", { class: "actions" },
          el("button", { value: "cancel", class: "secondary" }, "Cancel"),
          el("button", { value: "confirm", class: "danger" }, action))));
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
