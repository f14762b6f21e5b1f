// htmlparser2 keeps its stack of open elements with unshift/shift, so parsing is quadratic in the
// nesting depth (100,000 nested <div>s take many seconds). Browsers cap the tree depth (Blink at
// 512); so do we, before parsing: one linear scan mirrors the parser's stack (void elements,
// implied end tags, raw-text elements) and blanks the tags that would open deeper than the cap,
// and their end tags. Blanking replaces a tag by spaces, so every raw offset stays valid.

/** Deepest nesting the parser is given; real pages stay far below it. */
export const MAX_DEPTH = 512;

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea']);
const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
// The parser's implied end tags (htmlparser2's openImpliesClose).
const IMPLIES = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM] as [string, Set<string>]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t) => [t, P] as [string, Set<string>],
  ),
]);

/** The page with tags nested deeper than `max` blanked out (the same string when none are). */
export function capNesting(html: string, max = MAX_DEPTH): string {
  const stack: string[] = [];
  const skipped = new Map<string, number>();
  const blanks: number[] = []; // start, end pairs
  const n = html.length;
  let pos = 0;
  // A scan for `<` with indexOf, names read by character code: this runs on every page, so it
  // must cost a small fraction of the parse. A `>` inside a quoted attribute value can end a tag
  // early here; that only blurs the depth count, never the page.
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    let i = lt + 1;
    let c = html.charCodeAt(i);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      const comment = html.startsWith('<!--', lt);
      const close = comment ? html.indexOf('-->', lt + 4) : html.indexOf('>', i);
      if (close < 0) break;
      pos = close + (comment ? 3 : 1);
      continue;
    }
    const isEnd = c === 47; /* / */
    if (isEnd) c = html.charCodeAt(++i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      pos = lt + 1;
      continue;
    }
    const nameStart = i;
    while (i < n) {
      c = html.charCodeAt(i);
      if (c === 62 || c === 47 || c === 32 || c === 10 || c === 9 || c === 13 || c === 12) break;
      i++;
    }
    const name = html.slice(nameStart, i).toLowerCase();
    const gt = html.indexOf('>', i);
    if (gt < 0) break;
    pos = gt + 1;
    if (isEnd) {
      if (VOID.has(name)) continue;
      const k = skipped.get(name);
      if (k) {
        skipped.set(name, k - 1);
        blanks.push(lt, pos);
        continue;
      }
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    const implied = IMPLIES.get(name);
    if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1]!)) stack.pop();
    if (RAW_TEXT.has(name) && html.charCodeAt(gt - 1) !== 47) {
      // Its content is text up to the matching end tag, not markup.
      let close = html.indexOf('</', pos);
      while (close >= 0 && html.slice(close + 2, close + 2 + name.length).toLowerCase() !== name) close = html.indexOf('</', close + 2);
      if (close < 0) break;
      pos = close;
      continue;
    }
    if (VOID.has(name)) continue;
    if (stack.length >= max) {
      skipped.set(name, (skipped.get(name) ?? 0) + 1);
      blanks.push(lt, pos);
      continue;
    }
    stack.push(name);
  }
  if (blanks.length === 0) return html;
  const out: string[] = [];
  let at = 0;
  for (let k = 0; k < blanks.length; k += 2) {
    out.push(html.slice(at, blanks[k]), ' '.repeat(blanks[k + 1]! - blanks[k]!));
    at = blanks[k + 1]!;
  }
  out.push(html.slice(at));
  return out.join('');
}
