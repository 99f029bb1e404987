// Server-sent events from /api/v3/events/stream, read through fetch because EventSource cannot send the
// X-Api-Key header. Views subscribe to flips; while the stream is down they poll instead.

import { key } from "./api.js";

const STREAM = "/api/v3/events/stream";
const RECONNECT_MS = 2000;

const listeners = new Set();
const stateListeners = new Set();
let connected = false;
let controller = null;

export const live = {
  get connected() {
    return connected;
  },
  /** Calls `listener(flip)` for each flip; answers a function that stops it. */
  onFlip(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  onState(listener) {
    stateListeners.add(listener);
  },
  /** (Re)connects with the current key. */
  restart() {
    controller?.abort();
    controller = new AbortController();
    connect(controller.signal);
  },
};

function setConnected(value) {
  if (connected === value) return;
  connected = value;
  stateListeners.forEach((l) => l(value));
}

async function connect(signal) {
  while (!signal.aborted) {
    try {
      if (!key.get()) throw new Error("no key");
      const response = await fetch(STREAM, { headers: { Accept: "text/event-stream", "X-Api-Key": key.get() }, signal });
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      await read(response.body.pipeThrough(new TextDecoderStream()).getReader());
    } catch (e) {
      if (signal.aborted) return;
    }
    setConnected(false);
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

async function read(reader) {
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  if (event === "ready") setConnected(true);
  if (event === "flip") {
    const flip = JSON.parse(data.join("\n"));
    listeners.forEach((l) => l(flip));
  }
}
