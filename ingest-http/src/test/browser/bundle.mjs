// Copies the dashboard's chart library from node_modules into the jar's static files, so that the
// server needs no Node and the page loads nothing from a CDN. Run `npm run bundle` after changing
// uplot's version in package.json; bundle.test.mjs fails while the copy and the lockfile disagree.
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const VENDOR = fileURLToPath(new URL("../../main/resources/public/vendor/", import.meta.url));
export const FILES = { "uPlot.iife.min.js": "uplot/dist/uPlot.iife.min.js", "uPlot.min.css": "uplot/dist/uPlot.min.css" };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(VENDOR, { recursive: true });
  for (const [name, from] of Object.entries(FILES)) {
    copyFileSync(fileURLToPath(new URL(`node_modules/${from}`, import.meta.url)), VENDOR + name);
  }
}
