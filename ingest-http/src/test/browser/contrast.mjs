// WCAG 2 contrast of the text a page shows, measured in the page: each visible text's colour against the
// background it really sits on (its own and its ancestors' background colours, composited), and the
// ratio it needs (4.5:1, or 3:1 for large text: 24 px, or 18.66 px bold). Text on a background image or
// a canvas is left out, since its background is not a colour; so are disabled controls, which WCAG exempts.

/** The texts of the page under the ratio they need, as "ratio < needed: text (colour on background)". */
export async function contrastFailures(page) {
  return page.evaluate(() => {
    const parse = (css) => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => {
      const a = top.a + bottom.a * (1 - top.a);
      if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
      const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
      return { r: mix("r"), g: mix("g"), b: mix("b"), a };
    };
    const luminance = ({ r, g, b }) => {
      const lin = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (x, y) => {
      const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
      return (hi + 0.05) / (lo + 0.05);
    };
    const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
    const pageBackground = canvas && canvas.a > 0 ? over(canvas, { r: 255, g: 255, b: 255, a: 1 })
      : { r: 255, g: 255, b: 255, a: 1 };
    /** The colour behind an element, or null when an image or a canvas is behind it. */
    const background = (element) => {
      const layers = [];
      for (let e = element; e && e !== document.documentElement; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.backgroundImage !== "none" || e.tagName === "CANVAS") return null;
        const colour = parse(style.backgroundColor);
        if (colour && colour.a > 0) layers.push(colour);
        if (colour && colour.a === 1) break;
      }
      return layers.reduceRight((below, layer) => over(layer, below), pageBackground);
    };
    const opacity = (element) => {
      let o = 1;
      for (let e = element; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const hex = ({ r, g, b }) => "#" + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
    const failures = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent.trim() || !element || seen.has(element)) continue;
      seen.add(element);
      if (element.closest("script, style, option, [aria-hidden='true'], :disabled")) continue;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (style.visibility !== "visible" || box.width === 0 || box.height === 0 || !element.checkVisibility()) continue;
      const behind = background(element);
      const colour = parse(style.color);
      if (!behind || !colour) continue;
      const text = over({ ...colour, a: colour.a * opacity(element) }, behind);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const measured = ratio(text, behind);
      if (measured < needed) {
        failures.push(`${measured.toFixed(2)} < ${needed}: "${node.textContent.trim().slice(0, 60)}" `
          + `(${hex(text)} on ${hex(behind)}, <${element.tagName.toLowerCase()} class="${element.className}">)`);
      }
    }
    return failures;
  });
}
