// Every read and write of the dashboard goes through here, to the public APIs with the key the person entered.

const KEY_STORAGE = "lifeline.apiKey";
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export const key = {
  get: () => localStorage.getItem(KEY_STORAGE) || "",
  set: (value) => localStorage.setItem(KEY_STORAGE, value.trim()),
};

/** An answer that cannot be shown; the message tells a person what is wrong, `field` which input caused it. */
export class Problem extends Error {
  constructor(message, status = 0, field = null) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

/** Calls the API; answers the body's text, or throws a {@link Problem} a person can act on. */
export async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  if (key.get()) headers["X-Api-Key"] = key.get();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Problem("The Lifeline server cannot be reached; retrying.");
  }
  const text = await response.text();
  if (response.ok) return text;
  const detail = errorOf(text);
  throw new Problem(explain(response, path, detail.message), response.status, detail.field);
}

export const get = async (path) => JSON.parse(await call("GET", path));
export const getExact = async (path) => parseExact(await call("GET", path));
export const post = async (path, body = {}) => JSON.parse((await call("POST", path, body)) || "{}");
export const del = async (path) => call("DELETE", path);

function explain(response, path, detail) {
  const endpoint = path.split("?")[0];
  switch (response.status) {
    case 401:
    case 403:
      return detail && detail.includes("read-write")
        ? "This needs the read-write key; the key entered is read-only."
        : "The API key is missing or wrong: enter LIFELINE_API_KEY (or the read-only key) above.";
    case 404:
      return detail && detail !== "Not Found" ? detail : `This server does not offer ${endpoint} yet.`;
    case 503: {
      const retry = response.headers.get("Retry-After");
      return `Lifeline is not ready${detail ? ` (${detail})` : ""}; retrying${retry ? ` in ${retry} s` : ""}.`;
    }
    default:
      return detail || `${endpoint} answered ${response.status}.`;
  }
}

/** healthchecks' `{"error","field"}` and RFC 9457 problems both name what is wrong. */
function errorOf(text) {
  try {
    const body = JSON.parse(text);
    return { message: body.error || body.detail || body.title || "", field: body.field || body.parameter || null };
  } catch (e) {
    return { message: "", field: null };
  }
}

/**
 * JSON.parse that keeps every number as its source text, so that an exact decimal total such as
 * 12345678901234567.123456789 never passes through a binary double.
 */
export function parseExact(text) {
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

/**
 * Whether the key may write. The ping log needs the read-write key, as in healthchecks, so asking for
 * the log of a check that cannot exist answers 404 to that key and 401 to the read-only one; nothing is written.
 */
export async function canWrite() {
  try {
    await call("GET", "/api/v3/checks/00000000-0000-4000-8000-000000000000/pings");
    return true;
  } catch (e) {
    return e.status === 404;
  }
}
