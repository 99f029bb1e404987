// The chart library in the jar is the one the lockfile pins: `npm run bundle` was run after an upgrade.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FILES, VENDOR } from "./bundle.mjs";

test("the bundled chart library is the pinned one, byte for byte", () => {
  for (const [name, from] of Object.entries(FILES)) {
    const pinned = readFileSync(fileURLToPath(new URL(`node_modules/${from}`, import.meta.url)));
    assert.ok(readFileSync(VENDOR + name).equals(pinned), `${name} differs from node_modules/${from}: run npm run bundle`);
  }
});
