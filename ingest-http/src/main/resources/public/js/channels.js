// Channels: list, add, send a test, delete, and each one's recent deliveries.

import { get, post, del, Problem } from "./api.js";
import { confirmDialog, el, field, say, showFieldError } from "./dom.js";
import { deliveryTable } from "./check-detail.js";

/** The config fields of each kind, as the channels API takes them. */
const KINDS = {
  webhook: [["URL", "url", "url", true], ["Method", "method", "select:POST,GET,PUT", false],
    ["Body when down", "body_down", "text", false], ["Body when up", "body_up", "text", false]],
  slack: [["Webhook URL", "url", "url", true]],
  telegram: [["Bot token", "bot_token", "password", true], ["Chat ID", "chat_id", "text", true]],
  email: [["To", "to", "text", true]],
  ntfy: [["Topic URL", "url", "url", true], ["Access token", "token", "password", false]],
};

export function show(root, { session }) {
  const message = el("p", { class: "message", hidden: true });
  const list = el("div", { class: "channels" });
  // Kept across refreshes, which rebuild the cards: the answer to the last "Send test" of each channel.
  const tests = new Map();
  root.append(el("div", { class: "page-head" }, el("h2", {}, "Channels")), message, list);
  if (session.writable) root.append(addForm(message, refresh));

  async function refresh() {
    try {
      const channels = (await get("/api/v3/channels/")).channels || [];
      list.replaceChildren(...(channels.length ? channels.map((c) => card(c, tests, message, refresh))
        : [el("p", { class: "muted" }, "No channels yet.")]));
    } catch (e) {
      say(message, [e.message]);
    }
  }
  refresh();
  return { refresh };
}

function card(channel, tests, message, refresh) {
  const deliveries = el("div", {}, el("p", { class: "muted" }, "Loading…"));
  const loadDeliveries = async () => {
    try {
      const list = (await get(`/api/v3/channels/${channel.id}/deliveries`)).deliveries || [];
      deliveries.replaceChildren(list.length ? deliveryTable(list.slice(0, 20)) : el("p", { class: "muted" }, "Nothing sent yet."));
    } catch (e) {
      deliveries.replaceChildren(el("p", { class: "message error" }, e.message));
    }
  };
  const result = el("p", { role: "status", class: "test-result" }, tests.get(channel.id) || "");
  const tell = (text) => {
    tests.set(channel.id, text);
    document.querySelectorAll(`section.channel[data-id="${CSS.escape(channel.id)}"] .test-result`)
      .forEach((p) => (p.textContent = text));
  };
  const test = async () => {
    tell("Sending…");
    try {
      const attempt = await post(`/api/v3/channels/${channel.id}/test`);
      tell(`Test ${attempt.outcome}${attempt.http_status ? ` (HTTP ${attempt.http_status})` : ""}.`);
    } catch (e) {
      tell(`Test failed: ${e.message}`);
    }
    loadDeliveries();
  };
  const remove = async () => {
    if (!(await confirmDialog(`Delete the channel "${channel.name}"? Checks stop alerting through it.`, "Delete"))) return;
    try {
      await del(`/api/v3/channels/${channel.id}`);
      refresh();
    } catch (e) {
      say(message, [e.message]);
    }
  };
  loadDeliveries();
  return el("section", { class: "channel", "aria-label": channel.name, "data-id": channel.id },
    el("div", { class: "page-head" }, el("h3", {}, channel.name, " ", el("span", { class: "tag" }, channel.kind)),
      el("div", { class: "actions write" },
        el("button", { type: "button", onclick: test }, "Send test"),
        el("button", { type: "button", class: "danger", onclick: remove }, "Delete"))),
    result, el("h4", {}, "Recent deliveries"), deliveries);
}

function addForm(message, refresh) {
  const name = el("input", { type: "text", autocomplete: "off" });
  const kind = el("select", {}, ...Object.keys(KINDS).map((k) => el("option", { value: k }, k)));
  const config = el("div", {});
  let inputs = {};
  const renderConfig = () => {
    inputs = {};
    config.replaceChildren(...KINDS[kind.value].map(([label, key, type]) => {
      const control = type.startsWith("select:")
        ? el("select", {}, ...type.slice(7).split(",").map((v) => el("option", { value: v }, v)))
        : el("input", { type, autocomplete: "off" });
      inputs[key] = control;
      return field(label, `config.${key}`, control);
    }));
  };
  kind.addEventListener("change", renderConfig);
  renderConfig();
  const form = el("form", { class: "channel-form write", novalidate: true },
    el("h3", {}, "Add channel"), field("Name", "name", name), field("Kind", "kind", kind), config,
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Add channel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(Object.entries(inputs).map(([k, c]) => [k, c.value.trim()]).filter(([, v]) => v));
    try {
      await post("/api/v3/channels/", { name: name.value.trim(), kind: kind.value, config: values });
      form.reset();
      renderConfig();
      showFieldError(form, null);
      say(message, ["Channel added."], "info");
      refresh();
    } catch (e) {
      const shown = e instanceof Problem && showFieldError(form, e.field, e.message);
      say(message, shown ? ["Please correct the field marked below."] : [e.message]);
    }
  });
  return form;
}
