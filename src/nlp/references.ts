// Bibliography entries into fields. Two families cover most of what scraped pages carry: MLA/APA
// style lists ("Ahn, Roy, et al. “Human Trafficking.” American Journal ..., vol. 44, no. 3, 2013,
// pp. 283-289.") and Wikipedia's rendered citation templates ("Zimmerman, Cathy; Kiss, Ligia
// (2017). "Title" . PLOS Medicine . 14 (11): e1002437. doi : 10.1371/...").
export interface ParsedReference {
  authors: string[];
  title: string | null;
  container: string | null;
  year: number | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  url: string | null;
}

const QUOTED = /["“”]\s*([^"“”]{2,400}?)\s*["“”]/;

function clean(s: string | undefined | null): string | null {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').replace(/^[\s.,;:]+|[\s.,;:]+$/g, '').trim();
  return t || null;
}

export function splitAuthors(s: string): string[] {
  const t = s.replace(/\(\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?\d{4}[a-z]?\s*\)\.?\s*$/, '').replace(/[.,\s]+$/, '').trim();
  if (!t) return [];
  if (t.includes(';')) return t.split(/\s*;\s*/).map((a) => a.trim()).filter(Boolean);
  // MLA: "Last, First, and First Last" / "Last, First, et al."
  const parts = t.split(/,?\s+and\s+|,\s+(?=et al)/).map((a) => a.trim()).filter(Boolean);
  return parts;
}

export function parseReference(raw: string): ParsedReference {
  const text = raw.replace(/\s+/g, ' ').replace(/\s+([.,:;)])/g, '$1').replace(/\(\s+/g, '(').trim();
  const doi = /\bdoi\s*:?\s*(10\.\d{4,9}\/\S+?)(?=[.,;]?(?:\s|$))/i.exec(text)?.[1] ?? /\b(10\.\d{4,9}\/\S+?)(?=[.,;]?(?:\s|$))/.exec(text)?.[1] ?? null;
  const url = /https?:\/\/[^\s"<>]+/.exec(text)?.[0]?.replace(/[.,;)]+$/, '') ?? null;
  const q = QUOTED.exec(text);
  let title: string | null = null;
  let authors: string[] = [];
  let after = text;
  if (q) {
    title = clean(q[1]);
    authors = splitAuthors(text.slice(0, q.index));
    after = text.slice(q.index + q[0].length);
  } else {
    // "Author (2010). Title. Publisher." without quotes: the title is the sentence after the year.
    const m = /^(.*?\(\s*\d{4}[a-z]?\s*\))\.?\s*([^.]+)\.(.*)$/.exec(text);
    if (m) {
      authors = splitAuthors(m[1]!);
      title = clean(m[2]);
      after = m[3]!;
    } else {
      const parts = text.split(/\.\s+/);
      title = clean(parts[0]);
      after = parts.slice(1).join('. ');
    }
  }
  const vol = /\bvol\.?\s*(\w+)/i.exec(after) ?? /(?:^|[\s.])(\d{1,4})\s*\((\w{1,6})\)\s*:/.exec(after);
  const issue = /\bno\.?\s*(\w+)/i.exec(after)?.[1] ?? (vol && vol[2] ? vol[2] : null) ?? /\s\((\w{1,6})\)\s*:/.exec(after)?.[1] ?? null;
  const pages = /\bpp?\.?\s*(\d+\s*[-–]\s*\d+|\d+)/i.exec(after)?.[1] ?? /\)\s*:\s*(\d+\s*[-–]\s*\d+|e?\d+)/.exec(after)?.[1] ?? null;
  const yearMatch = /\((?:[^()]*?\s)?(\d{4})[a-z]?\)/.exec(text) ?? /\b(1[6-9]\d\d|20\d\d)\b/.exec(after) ?? /\b(1[6-9]\d\d|20\d\d)\b/.exec(text);
  // The container is the first segment after the title: up to ", vol", " . " or a date.
  const container = clean(
    after
      .replace(/^[\s.,]+/, '')
      .split(/,\s*vol\b|\.\s+(?=\d|doi|ISBN|ISSN|PMID|PMC|JSTOR|Archived|Retrieved|p\.|pp\.)|\s+\d{1,4}\s*\(\w+\)\s*:|\s*\(\w{1,6}\)\s*:|,\s*\d{4}\b|\.\s*$/i)[0]
      ?.replace(/\.\s.*$/, ''),
  );
  return {
    authors,
    title,
    container: container && container !== title ? container : null,
    year: yearMatch ? Number(yearMatch[1]) : null,
    volume: vol ? vol[1]! : null,
    issue,
    pages: pages ? pages.replace(/\s+/g, '') : null,
    doi: doi ? doi.replace(/[.,;]+$/, '') : null,
    url,
  };
}
