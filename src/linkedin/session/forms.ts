/**
 * Just enough HTML reading for LinkedIn's login and checkpoint pages: hidden inputs and
 * the form's action. Attribute order and quoting vary, so each `<input>` tag is read
 * attribute by attribute rather than matched with one pattern.
 */

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    out[(m[1] as string).toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, "&");
}

/** name → value of every `<input type="hidden">` of the page (first one wins). */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = attributes(m[0]);
    if ((a.type ?? "").toLowerCase() !== "hidden" || !a.name) continue;
    if (!(a.name in out)) out[a.name] = a.value ?? "";
  }
  return out;
}

/** The `action` of the first form that posts to `pattern`, if any. */
export function formAction(html: string, pattern: RegExp): string | undefined {
  for (const m of html.matchAll(/<form\b[^>]*>/gi)) {
    const action = attributes(m[0]).action;
    if (action && pattern.test(action)) return action;
  }
  return undefined;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
